"""Item pages: ``doc/<slug>/``, whatever the item's column, with the
metadata block (STANDARDS §4), the features' notices and the attachments."""

from __future__ import annotations

from ..docs_tree import DocsTree, PageSpec
from ..feature import BuildContext
from ..model import Item, Site
from ..validity import effective_validity
from .blocks import column_trail, notices
from .env import front_matter


def publisher_shown(site: Site, written: str) -> str:
    """The 发布机构 as written, with its canonical name when site.yml's publishers call it otherwise."""
    canonical = site.config.canonical_publisher(written)
    return written if canonical == written.strip() else f"{written}（{canonical}）"


def meta_rows(ctx: BuildContext, item: Item) -> list[tuple[str, str]]:
    """The metadata block, in gov.cn's order, skipping empty cells."""
    site: Site = ctx.site
    m = item.meta
    rows = [
        ("索引号", item.index_no or ""),
        ("主题分类", str(m.get("topic") or "").replace("\\", " / ")),
        ("发布机构", publisher_shown(site, str(m.get("publisher") or site.config.agency_name))),
        ("发文机关", str(m.get("issuer") or "")),
        ("成文日期", str(m.get("written") or "")),
        ("发布日期", str(m.get("published") or "")),
        ("文号", item.doc_no),
        ("体裁分类", str(m.get("genre") or "")),
        ("关键词", "、".join(item.keywords)),
        ("服务对象", str(m.get("audience") or "")),
        ("有效性", effective_validity(item, site)),
        ("施行日期", str(m.get("effective") or "")),
        ("废止日期", str(m.get("expires") or "")),
        ("标题", item.title),
    ]
    for extra in ctx.features.each("item_meta_rows"):
        rows.extend(extra(site, item))
    return [(label, value) for label, value in rows if value]


def _front(ctx: BuildContext, item: Item) -> str:
    return front_matter(
        title=item.title,
        description=str(item.meta.get("summary") or "")[:120] or None,
        xxgk_kind="item",
        xxgk_index_no=item.index_no,
        xxgk_published=item.published_day or None,
        # No table of contents beside a document: its body and tables get the width.
        hide=["toc"],
        # One navigation, ours, in the desktop sidebar and the phone drawer
        # (overrides/main.html): item pages are 99 % of a site (page size, issue 11).
        xxgk_compact=True,
        **ctx.front("item", item),
    )


def write_item(ctx: BuildContext, item: Item, tree: DocsTree) -> None:
    trail = column_trail(item.column) + [(item.title, item.url)]
    banners = notices(ctx, item)
    front, rows = _front(ctx, item), meta_rows(ctx, item)
    key = (
        front,
        tuple(trail),
        tuple(rows),
        tuple((n.kind, n.html) for n in banners),
        repr(item.meta),
        item.body,
        tuple((a.file, a.title, a.kind, a.size) for a in item.attachments),
    )
    context = {"front": front, "trail": trail, "item": item, "meta_rows": rows, "notices": banners}
    tree.page(PageSpec(item.url, "item.md.j2", key, context))
    for attachment in item.attachments:
        if attachment.size is not None:
            tree.copy(f"{item.url}{attachment.file}", attachment.path)
