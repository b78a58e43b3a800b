"""Atom feeds (RFC 4287) of the newest documents: one for the whole column
(``atom.xml``) and one per sub-column (``<column>/atom.xml``), written with
feedgen. A feed needs absolute addresses: without ``website.url`` in site.yml
none is written (and the listings offer none)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from .. import diskmemo
from ..docs_tree import DocsTree
from ..feature import BuildContext, ChipGroup
from ..identity import site_name
from ..model import Column, Item, Site
from ..pages.items import page_digest, site_version
from .records import address, day_time

log = logging.getLogger("mkdocs.xxgk")
FEED_NAME = "atom.xml"


@dataclass(frozen=True)
class FeedsSettings:
    entries: int = 50  # the newest documents each feed carries


def feed_url(column: Column | None) -> str:
    """Site-relative address of the column's feed (the whole column's for None)."""
    return f"{column.url}{FEED_NAME}" if column else FEED_NAME


def atom(site: Site, column: Column | None, items: list[Item], entries: int) -> str:
    """The feed of ``items`` (newest first): deterministic bytes for the same content."""
    # Imported when a feed is made (~0.03 s with lxml and dateutil): a rebuild whose edit
    # reaches no feed makes none (``_add_feed``).
    from feedgen.feed import FeedGenerator

    name = site_name(site.config)
    page = address(site, column.url if column else "")
    fg = FeedGenerator()
    fg.id(address(site, feed_url(column)))
    fg.title(f"{name}：{column.title}" if column else name)
    fg.subtitle(f"{column.title}栏目的最新信息" if column else f"{site.config.agency_name}主动公开的最新政府信息")
    fg.link(href=page, rel="alternate", type="text/html")
    fg.link(href=address(site, feed_url(column)), rel="self", type="application/atom+xml")
    fg.author({"name": site.config.agency_name})
    fg.language(site.config.language)
    fg.generator("xxgk")
    dated = [i for i in items if i.published][:entries]
    # The feed changes when its newest document does, never with the build date.
    fg.updated(day_time(dated[0].published) if dated else day_time(site.today))  # type: ignore[arg-type]
    for item in dated:
        url = address(site, item.url)
        entry = fg.add_entry(order="append")
        entry.id(url)
        entry.title(item.title)
        entry.link(href=url, rel="alternate", type="text/html")
        when = day_time(item.published)  # type: ignore[arg-type]
        entry.published(when)
        entry.updated(when)
        entry.author({"name": str(item.meta.get("publisher") or site.config.agency_name)})
        if item.column:
            entry.category(term=item.column.path, label=item.column.title)
        summary = str(item.meta.get("summary") or "")
        entry.summary(summary or " · ".join(x for x in (item.doc_no, item.index_no or "") if x) or item.title)
    return fg.atom_str(pretty=True).decode("utf-8")


def write_feeds(ctx: BuildContext, tree: DocsTree) -> None:
    site = ctx.site
    if not site.config.site_url:
        log.info("xxgk: site.yml 没有 website.url（网站地址）：不生成订阅源 atom.xml")
        return
    entries = site.config.settings("feeds", FeedsSettings).entries
    version = site_version(ctx)
    _add_feed(site, tree, version, None, site.items, entries)
    for column in site.all_columns():
        items = column.all_items()
        if items:
            _add_feed(site, tree, version, column, items, entries)


def _add_feed(site: Site, tree: DocsTree, version: str, column: Column | None, items: list[Item], entries: int) -> None:
    """A feed, made only when the file is not already it (``DocsTree.add_kept``): it reads
    site.yml and the day (``version``), its column and its newest items, each a function
    of its page's inputs (``pages.items.page_digest``)."""
    dated = [i for i in items if i.published][:entries]
    digests = [page_digest(site, item) for item in dated]
    if any(d is None for d in digests):
        tree.add(feed_url(column), atom(site, column, items, entries))
        return
    where = (column.url, column.path, column.title) if column else None
    digest = diskmemo.key(version, repr(where), *(d for d in digests if d is not None))
    tree.add_kept(feed_url(column), digest, lambda: atom(site, column, items, entries))


def chips(site: Site, column: Column | None, url: str) -> list[ChipGroup]:
    """A 订阅 link on each listing (and on the overview, for the whole column)."""
    if not site.config.site_url or (column is not None and not column.has_items()):
        return []
    text = "订阅本栏目（Atom）" if column else "订阅全部信息（Atom）"
    return [ChipGroup("订阅", [(text, feed_url(column), None)])]
