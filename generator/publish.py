"""Publishing a build atomically: build beside the live site, then swap.

The site is built in a tree beside ``site/`` and swapped in with two renames,
so the published site is whole at every moment and a build that fails or is
killed never touches it.

The replaced site is kept as the *spare* (``.site.spare``): the next ``mkdocs
build`` takes it (:func:`take_spare`, a rename to a name of its own, so of two
builds at once only one gets it) and brings it up to date by difference
(``sitetree.py``) instead of making ~40 000 links and ~11 000 folders in an
empty one and removing the old tree (at 10 000 items: 0.6 s less kernel time in
a one-edit rebuild, and the old tree's removal, ~0.7 s more, is gone).
Where there is no spare (the first build, after deleting it, a split build's
part) the build starts in an empty folder, as before.

A build that fails gives its tree back as the spare; one that was killed cannot,
so the next build adopts its tree as the spare, or removes it (:func:`clean_stale`).
Deleting the spare is always safe. A tree that is not kept is removed by a
process of its own that the build does not wait for (:func:`remove_later`),
under a name no build adopts.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path


def staging_dir(site_dir: Path) -> Path:
    """The folder MkDocs builds into (the whole site, when there is no spare)."""
    return site_dir.with_name(f".{site_dir.name}.building-{os.getpid()}")


def spare_dir(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}.spare")


def _old_dir(site_dir: Path) -> Path:
    # Named for this build's process: if its remover is killed, the next build removes it (clean_stale).
    return site_dir.with_name(f".xxgk-old-{site_dir.name}-{os.getpid()}")


def take_spare(site_dir: Path) -> Path | None:
    """The spare tree, renamed to this build's own name; None when there is none (or another
    build took it), or it is not a folder of the site's file system (links to it would fail)."""
    spare = spare_dir(site_dir)
    try:
        info = os.lstat(spare)
        if not stat.S_ISDIR(info.st_mode) or info.st_dev != os.stat(site_dir.parent).st_dev:
            return None
        mine = site_dir.with_name(f".{site_dir.name}.spare-{os.getpid()}")
        os.rename(spare, mine)
    except OSError:
        return None
    return mine


def keep_spare(tree: Path, site_dir: Path) -> None:
    """Keep ``tree`` (a replaced site, or the tree of a build that failed) as the next
    build's spare; where there is one already, remove it later."""
    try:
        os.rename(tree, spare_dir(site_dir))  # fails if a spare is there (and not empty)
        return
    except FileNotFoundError:
        return
    except OSError:
        pass
    old = tree
    if not _OLD.match(tree.name):
        old = _old_dir(site_dir)
        os.rename(tree, old)
    remove_later(old)


_OLD = re.compile(r"^\.xxgk-old-")


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def clean_stale(site_dir: Path) -> list[Path]:
    """Tidy the folders of builds that were killed (their process is gone; a build running
    alongside keeps its own): a tree becomes the spare if there is none (a half-updated one
    is brought up to date like any other), else it is removed; replaced sites still there
    are handed to :func:`remove_later` again (their remover may still be at work)."""
    name = re.escape(site_dir.name)
    pattern = re.compile(rf"^\.(?:{name}\.(building|old|spare)|xxgk-(old)-{name})-(\d+)$")
    removed = []
    parent = site_dir.parent
    found = []
    for path in parent.iterdir() if parent.is_dir() else []:
        match = pattern.match(path.name)
        if match and path.is_dir() and not path.is_symlink() and not _running(int(match.group(3))):
            found.append((match.group(1) or match.group(2), path))
    # A spare a killed build was bringing up to date first: it holds the most of a site.
    for kind, path in sorted(found, key=lambda f: f[0] != "spare"):
        if kind in ("spare", "building"):
            try:
                os.rename(path, spare_dir(site_dir))
                removed.append(path)
                continue
            except OSError:
                pass
        if kind == "old":
            remove_later(path)
        else:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def swap_in(staging: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by ``staging`` with two renames; the old site becomes the spare."""
    old = _old_dir(site_dir)
    if site_dir.exists():
        os.replace(site_dir, old)
    os.replace(staging, site_dir)
    keep_spare(old, site_dir)


def remove_later(folder: Path) -> None:
    """Remove ``folder`` in a process of its own, in its own session (it outlives the build
    and a Ctrl-C of it), which nobody waits for; where there is no ``rm``, at once."""
    if not folder.exists():
        return
    rm = shutil.which("rm")
    if rm is None or os.name != "posix":
        shutil.rmtree(folder, ignore_errors=True)
        return
    subprocess.Popen(
        [rm, "-rf", "--", str(folder)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
