"""A check across files whose result is kept in the build's memo under a digest of
exactly what it reads (issue 11: a one-edit rebuild at 10 000 items re-ran the 索引号
and policy checks over every item, ~0.5 s, for the same answer).

Each kept check declares what it reads of the items in one place, an :class:`ItemReads`
beside it, and the rest (the ledger, git, the day …) in its ``inputs`` function; the code,
the schemas and ``site.yml`` are covered by the memo's version. Of every item, its path
(and so its column), the values of the declared front-matter keys and its map of key
lines (the lines its messages name) are in the key. A key the check reads of a few items
only (a title it prints in a message or compares with the ledger) is ``tracked``: read
through :class:`Reads`, which notes each read; the result is kept with those reads, and
reused only while each of them still reads the same value (the check then takes the same
path to the same result). So an edit of an item's title or text reuses the result.
``tests/test_checks_reads.py`` edits every key of the item schema to show that the
declarations are complete. A result is not kept when a check says it may not be (a git
command failed: the next build must try again)."""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from .. import diskmemo
from ..diagnostics import Problem, Problems
from ..model import Item, Key, Site
from ..sources import PackedLines


@dataclass(frozen=True)
class ItemReads:
    """The front-matter keys a check across items reads: of every item (``keys``), or of
    a few only, through :class:`Reads` (``tracked``)."""

    keys: tuple[str, ...]
    tracked: tuple[str, ...] = ()


class Reads:
    """The tracked keys one run of a check read, item by item, in order."""

    __slots__ = ("tracked", "seen")

    def __init__(self, tracked: tuple[str, ...]):
        self.tracked = tracked
        self.seen: dict[tuple[str, str], None] = {}

    def value(self, item: Item, key: str) -> Any:
        if key not in self.tracked:
            raise KeyError(f"{key} is not declared tracked")  # a check reads only what it declares
        self.seen[(item.rel, key)] = None
        return item.meta.get(key)

    def title(self, item: Item) -> str:
        """``item.title``, noted as read."""
        self.value(item, "title")
        return item.title


# The checks of each item alone (checks/items.py, checks/markup.py) are kept in buckets of
# items, by a stable hash of their paths (~80 items a bucket at 10 000): a rebuild asks the
# memo for 128 results each, not one per item, and an edit checks one bucket again.
BUCKETS = 128
_BUCKETS: Key[list[list[Item]]] = Key("kept-checks-buckets")


def buckets(site: Site) -> list[list[Item]]:
    """The site's items in their buckets, each in the site's order (split once a build)."""
    return site.memo(_BUCKETS, lambda: _buckets(site.items))


def _buckets(items: list[Item]) -> list[list[Item]]:
    found: dict[int, list[Item]] = {}
    for item in items:
        found.setdefault(zlib.crc32(item.rel.encode("utf-8", "surrogatepass")) % BUCKETS, []).append(item)
    return list(found.values())


# The items' paths and maps of key lines, which every kept check reads: a digest made once a
# build, not by each check (~0.03 s at 10 000 items). None when a map cannot be told.
_PLACES: Key[bytes | None] = Key("kept-checks-places")


def _places(items: list[Item]) -> bytes | None:
    lines: list[bytes] = []
    for item in items:
        packed = PackedLines.pack(item.lines)
        if packed is None:
            return None
        lines.append(packed)
    return diskmemo.key("\0".join(item.rel for item in items), b"".join(lines))


def _declared(site: Site, reads: ItemReads) -> list[str | bytes] | None:
    """The items in their order: paths, declared values, maps of key lines (None when one
    cannot be told: a file not read through the memo)."""
    places = site.memo(_PLACES, lambda: _places(site.items))
    if places is None:
        return None
    return [places, _values(site.items, reads.keys)]


def _values(items: list[Item], keys: tuple[str, ...]) -> bytes:
    """The values of ``keys`` of every item, key by key; ``...`` (Ellipsis, which no YAML value
    is) where an item lacks the key. Written by marshal's version 0, which writes a value the
    same way whatever else refers to it (no references, no marks of interned strings): ~5 times
    faster than ``repr`` (~0.03 s at 10 000 items); ``repr`` when a value is not plain data."""
    metas = [item.meta for item in items]
    columns = [list(map(dict.get, metas, repeat(key), repeat(...))) for key in keys]
    try:
        return b"marshal\0" + marshal.dumps(columns, 0)
    except ValueError:
        return b"repr\0" + repr(columns).encode("utf-8", "surrogatepass")


def _tracked_key(first: bytes, seen: tuple[tuple[str, str], ...], items: list[Item]) -> bytes | None:
    """The digest of the tracked reads ``seen`` as they read now."""
    if not seen:
        return diskmemo.key(first, "")
    by_rel = {item.rel: item for item in items}
    try:
        values = [by_rel[rel].meta.get(key) for rel, key in seen]
    except KeyError:
        return None
    return diskmemo.key(first, repr(seen), repr(values))


def kept_problems(
    name: str,
    reads: ItemReads,
    site: Site,
    inputs: Callable[[], list[str | bytes] | None],
    check: Callable[[Reads], tuple[Problems, bool]],
) -> Problems:
    """``check(reads)`` → (problems, whether they may be kept), or its earlier result for the
    site's items' declared values, ``inputs()`` and tracked reads (``inputs()`` None: inputs that
    cannot be told: the check runs)."""
    parts = inputs() if diskmemo.active() else None
    items = site.items
    declared = _declared(site, reads) if parts is not None else None
    first = diskmemo.key(name, *declared, *parts) if declared is not None and parts is not None else b""
    # Under ``first``, the tracked reads of the run kept (no record: it read none); under them
    # and their values, its result.
    if first:
        seen = diskmemo.get("checks", first) or ()
        second = _tracked_key(first, tuple(tuple(pair) for pair in seen), items)
        kept = diskmemo.get("checks", second) if second else None
        if kept is not None:
            return Problems([Problem.from_plain(fields) for fields in kept])
    recorder = Reads(reads.tracked)
    problems, keep = check(recorder)
    if first and keep:
        noted = tuple(recorder.seen)
        second = _tracked_key(first, noted, items)
        if second is not None:
            if noted:  # an earlier run's reads may be kept under ``first`` already: either leads to a true result
                diskmemo.put("checks", first, noted)
            diskmemo.put("checks", second, tuple(p.plain() for p in problems.items))
    return problems
