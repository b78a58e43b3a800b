"""Publishing a build atomically: build beside the live site, then swap.

A failed build removes only its own temporary folder, so the previously
published ``site/`` is never touched by a build that did not succeed. A build
that was killed cannot clean up after itself: the next build removes the
folders of builds whose process no longer runs.
"""

from __future__ import annotations

import os
import re
import shutil
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
    """Remove the staging and old-site folders left by builds that were killed
    (their process is gone); a build running alongside keeps its own."""
    pattern = re.compile(rf"^\.{re.escape(site_dir.name)}\.(building|old)-(\d+)$")
    removed = []
    parent = site_dir.parent
    for path in parent.iterdir() if parent.is_dir() else []:
        match = pattern.match(path.name)
        if match and path.is_dir() and not path.is_symlink() and not _running(int(match.group(2))):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def swap_in(staging: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by ``staging`` with two renames."""
    old = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
    if site_dir.exists():
        os.replace(site_dir, old)
    os.replace(staging, site_dir)
    shutil.rmtree(old, ignore_errors=True)
