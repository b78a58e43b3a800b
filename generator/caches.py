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
