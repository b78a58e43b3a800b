"""Publishing a build atomically: build beside the live site, then swap.

A failed build removes only its own temporary folder, so the previously
published ``site/`` is never touched by a build that did not succeed. A build
that was killed cannot clean up after itself: the next build removes the
folders of builds whose process no longer runs.

The replaced site is removed by a process of its own that the build does not
wait for (:func:`remove_later`): at 10 000 items its ~14 000 folders cost about
1 s of kernel time, and nothing needs them gone before the build ends. It is
renamed out of the way first, so the published site is whole at every moment.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path


def staging_dir(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}.building-{os.getpid()}")


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
    """Remove the staging folders left by builds that were killed (their process
    is gone; a build running alongside keeps its own), and hand replaced sites
    still there to :func:`remove_later` (their remover may still be at work)."""
    name = re.escape(site_dir.name)
    pattern = re.compile(rf"^\.(?:{name}\.(building|old)|xxgk-(old)-{name})-(\d+)$")
    removed = []
    parent = site_dir.parent
    for path in parent.iterdir() if parent.is_dir() else []:
        match = pattern.match(path.name)
        if not match or not path.is_dir() or path.is_symlink() or _running(int(match.group(3))):
            continue
        if match.group(1) == "building":
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
        else:
            remove_later(path)
    return removed


def swap_in(staging: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by ``staging`` with two renames; the old site is removed later."""
    # Named for this build's process: if the remover is killed, the next build removes it (clean_stale).
    old = site_dir.with_name(f".xxgk-old-{site_dir.name}-{os.getpid()}")
    if site_dir.exists():
        os.replace(site_dir, old)
    os.replace(staging, site_dir)
    remove_later(old)


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
