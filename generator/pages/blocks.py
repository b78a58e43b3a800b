"""Pieces that several kinds of page show: the features' banners under an
item's title and rows of chips on listings, and breadcrumbs."""

from __future__ import annotations

from ..feature import BuildContext, ChipGroup, Notice
from ..model import PART_TITLE, Column, Item, Key, Site

_NOTICES: Key[dict[int, list[Notice]]] = Key("pages.notices")

__all__ = ["ChipGroup", "Notice", "chip_groups", "column_trail", "notices"]


def chip_groups(ctx: BuildContext, column: Column | None, url: str) -> list[ChipGroup]:
    return [group for fn in ctx.features.each("listing_chips") for group in fn(ctx.site, column, url)]


def notices(ctx: BuildContext, item: Item) -> list[Notice]:
    """The features' banners under the item's title, made once a build: the page's inputs
    (``items.prepare``, every item) and the page itself read them. Only banners are kept
    (~90 % of items have none, and a feature turns those away at once)."""
    made = made_notices(ctx.site)
    banners = made.get(id(item))
    if banners is None:
        banners = [n for fn in ctx.features.each("item_notices") for n in fn(ctx.site, item)]
        if banners:
            made[id(item)] = banners
    return banners


def made_notices(site: Site) -> dict[int, list[Notice]]:
    """:func:`notices` made so far this build, by ``id(item)``."""
    return site.memo(_NOTICES, dict)


def column_trail(column: Column | None) -> list[tuple[str, str]]:
    """Breadcrumbs of a sub-column (or of 法定主动公开内容 itself)."""
    trail = [(PART_TITLE["fdzdgknr"], "fdzdgknr/")]
    if column:
        trail += [(c.title, c.url) for c in column.trail]
    return trail
