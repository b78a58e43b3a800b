"""Paginated listings, the model of Material's blog archives: a column's
items newest first at ``<column>/``, ``<column>/page/2/`` …, and one view per
year ``<column>/<year>/``. Features reuse :func:`paginate` and
:func:`write_listing` for their own views (validity, catalogue columns)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from .. import diskmemo
from ..docs_tree import DocsTree, PageSpec
from ..feature import BuildContext
from ..model import Column, Item, Key, Site
from ..validity import EXPIRED, REPEALED, effective_validity
from .blocks import ChipGroup, chip_groups, column_trail
from .env import front_matter
from .items import item_record


@dataclass(frozen=True)
class PageSlice:
    """One page of a paginated listing (items, catalogue rows …)."""

    url: str
    number: int  # 1-based
    rows: list[Any]
    urls: tuple[str, ...]  # every page's URL, for the pager
    start: int  # list number of the first row
    total: int  # rows over all pages

    def title(self, heading: str) -> str:
        return heading + (f" - 第{self.number}页" if self.number > 1 else "")

    def pager(self) -> dict[str, Any]:
        """What the ``pager`` macro and the list's ``start`` need, as template arguments."""
        return {"start": self.start, "pages": list(self.urls), "number": self.number, "total": self.total}


def paginate(base_url: str, rows: list[Any], per_page: int) -> list[PageSlice]:
    """Split ``rows`` into pages; an empty listing still gets its first page."""
    chunks = [rows[i : i + per_page] for i in range(0, len(rows), per_page)] or [[]]
    urls = tuple(base_url if n == 0 else f"{base_url}page/{n + 1}/" for n in range(len(chunks)))
    return [PageSlice(url, n + 1, chunk, urls, n * per_page + 1, len(rows)) for n, (url, chunk) in enumerate(zip(urls, chunks, strict=True))]


def listed(item: Item) -> tuple[Any, ...]:
    """What a listing shows of an item (``item_list`` in _macros.j2): part of the render key."""
    return (item.url, item.title, item.column.title if item.column else None, item.doc_no, item.meta.get("published"))


def ended(site: Site, items: list[Item]) -> dict[str, str]:
    """失效 / 废止 of the listed items that are no longer in force, by URL: listings
    label them, so a repealed document never looks current (``labels`` of ``item_list``)."""
    return {item.url: v for item in items if (v := effective_validity(item, site)) in (EXPIRED, REPEALED)}


_ROWS: Key[dict[str, tuple[tuple[Any, ...], str]]] = Key("core.listed_rows")
_LISTED: Key[dict[int, bytes]] = Key("core.listed_digests")  # id(item) → digest of its _row


def _row(site: Site, item: Item) -> tuple[tuple[Any, ...], str]:
    validity = effective_validity(item, site)
    return listed(item), validity if validity in (EXPIRED, REPEALED) else ""


def _rows(site: Site, items: list[Item]) -> list[tuple[tuple[Any, ...], str]]:
    """:func:`listed` and the 失效 / 废止 label ('' if none) of each item, once per item and
    build (``Site.per_item``): an item is in three listings or more (its column's, a year's,
    its parents')."""
    return [site.per_item(_ROWS, item, functools.partial(_row, site)) for item in items]


def prepare(ctx: BuildContext) -> None:
    """What every listing shows of each item (:func:`_row`), as a digest kept in the item's
    record (``items.item_record``: by the digest of its page's inputs, which cover the row):
    a rebuild neither computes the 10 000 rows nor hashes their values into the listings' keys
    (~0.08 s), and an edit of a body alone changes no listing's key."""
    site = ctx.site
    listed = site.memo(_LISTED, dict)
    for item in site.items:
        record = item_record(ctx, item)
        digest = record.get("listed")
        if not isinstance(digest, bytes):
            digest = record["listed"] = diskmemo.key(repr(_row(site, item)))
        listed[id(item)] = digest


def write_listing(
    tree: DocsTree,
    piece: PageSlice,
    heading: str,
    trail: list[tuple[str, str]],
    groups: list[ChipGroup],
    *,
    site: Site,
    column: Column,
    description: str = "",
    children: list[Column] | None = None,
    years: list[tuple[int, int]] | None = None,
    year: int | None = None,
) -> None:
    """One page of a listing of items (cached by what it shows: see ``render_cached``)."""
    children, years = children or [], years or []
    # What the page shows of its items (:func:`listed` and the 失效 / 废止 label): their rows'
    # digests (:func:`prepare`), or the rows themselves for a listing written before them.
    digests = site.get(_LISTED, {})
    known = [digests.get(id(item)) for item in piece.rows]
    shown: Any = b"".join(known) if None not in known else tuple(_rows(site, piece.rows))  # type: ignore[arg-type]
    # Pages past a column's first (later pages, years, validity views) are outside
    # the navigation and many: one navigation, ours (overrides/main.html).
    front = front_matter(title=piece.title(heading), xxgk_kind="listing", xxgk_compact=piece.url != column.url or None)
    key = (
        front,
        tuple(trail),
        description,
        tuple((c.url, c.title, len(c.all_items())) for c in children),
        tuple(years),
        year,
        shown,
        (piece.urls, piece.start, piece.total),
        repr(groups),
    )

    def context() -> dict[str, Any]:  # made when the page is rendered (the labels: its items' validity)
        return dict(
            front=front,
            trail=trail,
            heading=heading,
            description=description,
            children=children,
            years=years,
            year=year,
            column_url=column.url,
            items=piece.rows,
            labels=ended(site, piece.rows),
            chip_groups=groups,
            **piece.pager(),
        )

    tree.page(PageSpec(piece.url, "listing.md.j2", key, context, front.values))


def write_column(ctx: BuildContext, column: Column, tree: DocsTree) -> None:
    """A sub-column's listing, and one listing per year when it spans several."""
    items = column.all_items()
    by_year: dict[int, list[Item]] = {}  # in the column's order (each item's date parsed once)
    for item in items:
        if (published := item.published) is not None:
            by_year.setdefault(published.year, []).append(item)
    years = sorted(((year, len(rows)) for year, rows in by_year.items()), reverse=True)
    views: list[tuple[int | None, str, list[Item]]] = [(None, column.url, items)]
    if len(years) > 1:
        views += [(y, f"{column.url}{y}/", by_year[y]) for y, _ in years]
    for year, base, selected in views:
        heading = column.title + (f"（{year}年）" if year else "")
        trail = column_trail(column) + ([(f"{year}年", base)] if year else [])
        for piece in paginate(base, selected, ctx.site.config.per_page):
            write_listing(
                tree,
                piece,
                heading,
                trail,
                chip_groups(ctx, column, piece.url),
                site=ctx.site,
                column=column,
                description=column.description,
                children=column.children,
                years=years,
                year=year,
            )
