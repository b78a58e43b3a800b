"""The four statutory parts' own pages and the site-wide ones: the home page,
the 指南, the 制度 pages and their index, the 法定主动公开内容 overview, the
site map, the published schemas, and a plain index for a part no feature
fills (年度报告 without the reports feature)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .. import identity
from ..docs_tree import DocsTree
from ..feature import PARTS, BuildContext
from ..model import COLUMN_NAME, PART_TITLE, Page
from ..schemas import load_schema
from .blocks import chip_groups
from .env import cn_date, front_matter, write_page
from .listing import ended

PART_DESCRIPTIONS = {
    "zhinan": "公开的范围、方式、途径和依申请公开的程序",
    "zhidu": "政府信息公开条例和本机关的公开制度",
    "fdzdgknr": "依法主动公开的政府信息，按栏目分类",
    "ndbg": "每年的政府信息公开工作年度报告",
}
PUBLISHED_SCHEMAS = ("item", "guide", "site", "page")


@dataclass
class PageLink:
    title: str
    url: str
    doc_no: str = ""
    published: str = ""


def write_home(ctx: BuildContext, tree: DocsTree) -> None:
    parts = [{"title": PART_TITLE[slug], "url": f"{slug}/", "desc": PART_DESCRIPTIONS[slug]} for slug in PARTS]
    write_page(
        tree,
        "",
        "home.md.j2",
        front=front_matter(title=COLUMN_NAME, xxgk_kind="home"),
        parts=parts,
        agency=ctx.site.config.agency_name,
        latest=ctx.site.items[:10],
        labels=ended(ctx.site, ctx.site.items[:10]),
    )


def write_rules(ctx: BuildContext, tree: DocsTree) -> list[PageLink]:
    """The 制度 pages and the part's index; returns their links for the site map."""
    links = [_write_rule(ctx, page, tree) for page in ctx.site.rules]
    write_section_index(tree, "zhidu", links, PART_TITLE["zhidu"], "本机关执行的政府信息公开法规和制度。")
    return links


def _write_rule(ctx: BuildContext, page: Page, tree: DocsTree) -> PageLink:
    url = f"zhidu/{page.slug}/"
    write_page(
        tree,
        url,
        "page.md.j2",
        front=front_matter(title=page.title, xxgk_kind="zhidu", **ctx.front("zhidu", page)),
        trail=[(PART_TITLE["zhidu"], "zhidu/"), (page.title, url)],
        title=page.title,
        published=page.meta.get("published"),
        doc_no=page.meta.get("doc_no"),
        body=page.body,
    )
    return PageLink(page.title, url, str(page.meta.get("doc_no") or ""), str(page.meta.get("published") or ""))


def write_section_index(tree: DocsTree, section: str, links: list[Any], heading: str, lead: str = "") -> None:
    url = f"{section}/"
    write_page(
        tree,
        url,
        "pages_index.md.j2",
        front=front_matter(title=heading, xxgk_kind="index"),
        trail=[(heading, url)],
        heading=heading,
        lead=lead,
        pages=links,
    )


class _Obj(dict):
    """Dict with attribute access for templates; missing keys read as ''."""

    def __getattr__(self, key: str) -> Any:
        value = self.get(key, "")
        return _Obj(value) if isinstance(value, dict) else value


def write_guide(ctx: BuildContext, tree: DocsTree) -> None:
    site = ctx.site
    g = site.guide.data if site.guide else {}
    numerals = "五六七八九十"
    sections = ([{"title": "监督和救济", "body": g["remedies"]}] if g.get("remedies") else []) + list(g.get("sections") or [])
    extra = [
        {"number": numerals[i] if i < len(numerals) else str(i + 5), "title": s["title"], "body": s["body"]}
        for i, s in enumerate(sections)
    ]
    write_page(
        tree,
        "zhinan/",
        "guide.md.j2",
        front=front_matter(title=PART_TITLE["zhinan"], xxgk_kind="guide", **ctx.front("zhinan", site.guide)),
        trail=[(PART_TITLE["zhinan"], "zhinan/")],
        title=g.get("title") or f"{site.config.agency_name}政府信息公开指南",
        g=_Obj(g),
        updated_cn=cn_date(g.get("updated")),
        extra_sections=extra,
    )


def write_overview(ctx: BuildContext, tree: DocsTree) -> None:
    write_page(
        tree,
        "fdzdgknr/",
        "overview.md.j2",
        front=front_matter(title=PART_TITLE["fdzdgknr"], xxgk_kind="overview"),
        trail=[(PART_TITLE["fdzdgknr"], "fdzdgknr/")],
        columns=ctx.site.columns,
        total=len(ctx.site.items),
        region=ctx.site.config.region,
        chip_groups=chip_groups(ctx, None, "fdzdgknr/"),
        labels=ended(ctx.site, [i for c in ctx.site.columns for i in c.all_items()[:5]]),
    )


def write_sitemap(ctx: BuildContext, tree: DocsTree, rules: list[PageLink], entries: dict[str, list[tuple[str, str]]]) -> None:
    """The site map: the parts, the 制度 pages, the sub-columns and what features add under each part."""
    links = {part: [PageLink(title, path.removesuffix("index.md")) for title, path in found] for part, found in entries.items()}
    write_page(
        tree,
        "sitemap/",
        "sitemap.md.j2",
        front=front_matter(title="网站地图", xxgk_kind="sitemap"),
        trail=[("网站地图", "sitemap/")],
        columns=ctx.site.columns,
        rules=rules,
        reports=links.get("ndbg", []),
    )


def write_empty_parts(tree: DocsTree) -> None:
    """A plain index for each part no writer filled (the parts are statutory: always present)."""
    if "ndbg/index.md" not in tree.texts:
        write_section_index(tree, "ndbg", [], PART_TITLE["ndbg"], "暂无年度报告。")


def write_schemas(tree: DocsTree) -> None:
    for name in PUBLISHED_SCHEMAS:
        tree.add(f"schemas/{name}.schema.json", json.dumps(load_schema(name), ensure_ascii=False, indent=2))


def write_identity(ctx: BuildContext, tree: DocsTree) -> None:
    """The agency's images (emblem, favicon, 党政机关网站标识) and robots.txt."""
    for image in identity.images(ctx.root, ctx.site.config).values():
        tree.copy(image.url, image.source)
    tree.add("robots.txt", robots_txt(ctx.site.config.site_url))


def robots_txt(site_url: str) -> str:
    """Every page may be indexed; the site map is named when the public address is known."""
    lines = ["User-agent: *", "Disallow:"]
    if site_url:
        lines.append(f"Sitemap: {site_url}sitemap.xml")
    return "\n".join(lines) + "\n"
