"""Every cache that outlives one build (``mkdocs serve`` rebuilds in the same
process, and a preview must not redo unchanged work), behind one reset.

A module that keeps such a cache registers how to empty it; ``reset()``
empties them all (tests that rewrite files faster than the file system's
clock ticks, or a long-running process that wants a cold start).
"""

from __future__ import annotations

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
