"""Pieces that several kinds of page show, and the types features fill them
with: banners under an item's title, rows of chips on listings, breadcrumbs."""

from __future__ import annotations

from dataclasses import dataclass

from ..feature import BuildContext
from ..model import PART_TITLE, Column, Item


@dataclass
class Notice:
    """A banner shown near the top of an item page (e.g. 已废止, 政策解读)."""

    kind: str  # CSS modifier: "warning", "info", "link"
    html: str  # trusted HTML built by the feature that adds it (from escaped parts)


@dataclass
class ChipGroup:
    """A row of filter/link chips on a listing or the overview (e.g. 按有效性筛选)."""

    label: str  # aria-label of the row
    chips: list[tuple[str, str | None, int | None]]  # (text, site-relative url or None = current view, count)


def chip_groups(ctx: BuildContext, column: Column | None, url: str) -> list[ChipGroup]:
    return [group for fn in ctx.features.each("listing_chips") for group in fn(ctx.site, column, url)]


def notices(ctx: BuildContext, item: Item) -> list[Notice]:
    return [n for fn in ctx.features.each("item_notices") for n in fn(ctx.site, item)]


def column_trail(column: Column | None) -> list[tuple[str, str]]:
    """Breadcrumbs of a sub-column (or of 法定主动公开内容 itself)."""
    trail = [(PART_TITLE["fdzdgknr"], "fdzdgknr/")]
    if column:
        trail += [(c.title, c.url) for c in column.trail]
    return trail
