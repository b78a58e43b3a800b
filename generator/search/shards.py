"""Which pages are indexed, and how they are split into shards.

Pagefind holds a whole index in memory while building it (about 200 KB per
page in extended mode: 10 000 pages need 2 GB, 100 000 would need 20 GB). We
run it once per shard instead, so memory is bounded by the shard size, and
the browser merges the shards with ``mergeIndex``.

Shards are contiguous in date, newest first, made of whole years where they
fit (a year larger than a shard is cut by date). Sorting by 发布日期 across
shards is then exact: the browser asks the shards one after the other
(Pagefind itself interleaves merged indexes when sorting).

The newest shards are smaller (:data:`RECENT`): editors mostly correct what
was published lately, and an edit re-indexes its whole shard (the build cache
reuses the others). Pagefind's CPU grows with the pages of a run (~3 ms a
page, ~0.1 s a run), so an edit to one of the newest 250 pages costs ~1 s of
indexing instead of ~6 s; the browser merges three more shards, whatever the
size of the site.

The older shards are as small as a bounded count allows (:func:`ordinary_size`): an edit of an
old item re-indexes its whole shard too, at ~3.3 ms of Pagefind CPU a page (measured at 10 000
items: 1 680 pages 4.9 s, 893 pages 3.0 s, 500 pages 1.7 s, 250 pages 0.9 s), while every
shard is one more metadata file and one more chunk per word a query fetches in the browser.
Sizes double from 250 pages until the site's older pages fill at most :data:`TARGET_SHARDS`
of them, up to the configured size (Pagefind's memory): 500 pages and ~23 shards at 10 000
items; at 100 000 the size is capped at 1 000 (settings.LARGE_SITE_SHARD_PAGES), ~109 shards. The size changes only when the site
crosses one of those steps (one full re-index then), so boundaries stay put between edits.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from .. import sitetree, split
from ..model import Site
from .fields import UNDATED, _date

SECTIONS = ("zhinan", "zhidu", "ndbg")  # small sections scanned for content pages
RECENT = (250, 500, 1000)  # pages of the newest shards, newest first (never above the configured size)
TARGET_SHARDS = 20  # the older shards' count the size is chosen for (ordinary_size)
_SORT_ATTR = re.compile(r'data-pagefind-sort="date:([0-9-]{10})"')


@dataclass(frozen=True)
class IndexedPage:
    url: str  # site-relative, e.g. "doc/xcny00001-2024-00003/"
    date: str  # sort date, YYYY-MM-DD (UNDATED when the page has none)


@dataclass
class Shard:
    id: str
    pages: list[IndexedPage] = field(default_factory=list)

    @property
    def newest(self) -> str:
        return self.pages[0].date

    @property
    def oldest(self) -> str:
        return self.pages[-1].date


def indexed_pages(site: Site, site_dir: Path) -> list[IndexedPage]:
    """Items from the model (the bulk, without reading their HTML), plus the
    pages of the guide, 制度 and reports sections that carry search fields
    (found in the built site, whichever feature wrote them). Only pages the
    site holds: a part of a split build holds only its own (generator/split.py)."""
    root = str(site_dir)
    # A page this build linked from the published site is there (``SiteTree.page_status``): not looked at again.
    tree = sitetree.of(site, site_dir)
    linked = tree.page_status if tree is not None else {}
    pages = [
        IndexedPage(item.url, _date(item.meta.get("published")) or UNDATED)
        for item in site.items
        if item.url in linked or os.path.isfile(os.path.join(root, item.url, "index.html"))  # strings: 10 000 Paths cost 0.2 s
    ]
    for section in SECTIONS:
        for html in sorted((site_dir / section).rglob("index.html")):
            text = html.read_text(encoding="utf-8")
            if "data-pagefind-body" not in text:
                continue
            match = _SORT_ATTR.search(text)
            url = html.parent.relative_to(site_dir).as_posix() + "/"
            date = match.group(1) if match else UNDATED
            if split.owns_date(site, date):  # a split build: the part whose items reach this date
                pages.append(IndexedPage(url, date))
    return pages


def plan_shards(pages: list[IndexedPage], max_pages: int, suffix: str = "") -> list[Shard]:
    """Date-contiguous shards of at most ``max_pages`` pages, newest first
    (``suffix`` added to their ids: a part of a split build)."""
    ordered = sorted(pages, key=lambda p: (p.date, p.url), reverse=True)
    shards: list[Shard] = []
    current: list[IndexedPage] = []
    ordinary = ordinary_size(len(pages), max_pages)

    def limit() -> int:  # of the shard being filled
        return min(RECENT[len(shards)], ordinary) if len(shards) < len(RECENT) else ordinary

    for _, group in groupby(ordered, key=lambda p: p.date[:4]):
        year = list(group)
        if current and len(current) + len(year) > limit():
            shards.append(_shard(current, shards, suffix))
            current = []
        while len(year) > (size := limit()):
            shards.append(_shard(year[:size], shards, suffix))
            year = year[size:]
        current += year
    if current:
        shards.append(_shard(current, shards, suffix))
    return shards


def ordinary_size(n_pages: int, max_pages: int) -> int:
    """The size of the shards older than the :data:`RECENT` ones (and the most any shard holds):
    the smallest of 250, 500, 1 000, … pages that holds those pages in :data:`TARGET_SHARDS`
    shards, at most ``max_pages``."""
    older = n_pages - sum(RECENT)
    if older <= 0:
        return max_pages  # a site the newest shards hold: they keep their sizes
    size = RECENT[0]
    while size < max_pages and older > TARGET_SHARDS * size:
        size *= 2
    return min(size, max_pages)


def _shard(pages: list[IndexedPage], before: list[Shard], suffix: str = "") -> Shard:
    newest, oldest = pages[0].date[:4], pages[-1].date[:4]
    name = (newest if newest == oldest else f"{oldest}-{newest}") + suffix
    taken = {s.id for s in before}
    shard_id, n = name, 1
    while shard_id in taken:  # a year cut into several shards
        n += 1
        shard_id = f"{name}-{n}"
    return Shard(shard_id, pages)
