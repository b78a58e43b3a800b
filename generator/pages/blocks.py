"""Pieces that several kinds of page show: the features' banners under an
item's title and rows of chips on listings, and breadcrumbs."""

from __future__ import annotations

from ..feature import BuildContext, ChipGroup, Notice
from ..model import PART_TITLE, Column, Item

__all__ = ["ChipGroup", "Notice", "chip_groups", "column_trail", "notices"]


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
