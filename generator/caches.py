"""Every cache that outlives one build (``mkdocs serve`` rebuilds in the same
process, and a preview must not redo unchanged work), behind one reset.

A module that keeps such a cache registers how to empty it; ``reset()``
empties them all (tests that rewrite files faster than the file system's
clock ticks, or a long-running process that wants a cold start).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

_clearers: list[Callable[[], object]] = []


def register(clear: Callable[[], object]) -> None:
    """``clear`` empties one cache (e.g. ``some_dict.clear``, ``some_cached_function.cache_clear``)."""
    _clearers.append(clear)


def reset() -> None:
    for clear in _clearers:
        clear()


# Whether this process builds again (``mkdocs serve``): only then are per-page
# results worth keeping for the next build. A build runs once, and keeping every
# page's parts to its end held ~40 KB per item (4 GB at 100 000 items, issue 11).
_between_builds = {"keep": True}


def keep_between_builds(keep: bool) -> None:
    """Set by the adapter from MkDocs's command (tests and the CLI keep the default, True)."""
    _between_builds["keep"] = keep


def kept_between_builds() -> bool:
    """Whether a per-page cache should keep what it computed (see keep_between_builds)."""
    return _between_builds["keep"]


def release_memory() -> None:
    """Give memory this process freed back to the system (glibc keeps it for reuse
    otherwise): the pages filled one by one leave freed holes, and the post-build
    steps run Pagefind beside this process (issue 11: every process together)."""
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)
