"""Rendering the model into a standard MkDocs docs tree (Markdown + files).

The tree is plain Markdown with front matter and a little HTML, so any engine
that reads ``mkdocs.yml`` (MkDocs, ProperDocs, Zensical) can build it. Every
link is relative to the page that holds it.

Features add pages or item notices by registering functions in
:data:`PAGE_WRITERS` and :data:`ITEM_NOTICES` instead of editing this module.
"""

from __future__ import annotations

import functools
import json
import posixpath
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .docs_tree import DocsTree
from .markup import markdown_block, md_text, theme_text
from .model import COLUMN_NAME, PART_TITLE, PARTS, Column, Item, Page, Site, iso_date
from .policy.links import effective_validity
from .schemas import load_schema

TEMPLATES = Path(__file__).parent / "templates"


@functools.lru_cache(maxsize=65536)  # a few thousand distinct URLs, each linked many times
def _segments(url: str) -> tuple[str, ...]:
    return tuple(s for s in posixpath.normpath("/" + url).split("/") if s)


def link(from_url: str, to_url: str) -> str:
    """Relative href from the page at ``from_url`` to ``to_url`` (site-relative)."""
    # posixpath.relpath gives the same answer but resolves both against the
    # working directory (os.getcwd per call): a third of the render time at
    # 10 000 items, whose listings hold some 100 000 links.
    base, target = _segments(from_url), _segments(to_url)
    common = 0
    for a, b in zip(base, target, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(base) - common) + list(target[common:])) or "."
    if rel == ".":
        return "./"
    return rel + "/" if (to_url == "" or to_url.endswith("/")) else rel


def filesize(size: int | None) -> str:
    if size is None:
        return "文件缺失"
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def cn_date(value: Any) -> str:
    d = iso_date(str(value))
    if d is None:
        return str(value)
    return f"{d.year}年{d.month}月{d.day}日"


# Front-matter keys that Material prints into the page without escaping
# (<title>, the header, <meta name="description">).
_THEME_PRINTED = ("title", "description")


def front_matter(**values: Any) -> Markup:
    # JSON is valid YAML and quotes everything safely; Markup keeps autoescape off it.
    # Every page sets a title, so Material never falls back to ``page.title | striptags``
    # (striptags unescapes entities).
    values = {k: theme_text(v) if k in _THEME_PRINTED and v is not None else v for k, v in values.items()}
    return Markup("\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in values.items() if v is not None))


_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=jinja2.select_autoescape(enabled_extensions=("j2",), default=True),
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
)
_env.globals.update(link=link, column_name=COLUMN_NAME)
_env.filters.update(filesize=filesize, cn_date=cn_date, md_text=md_text, markdown=markdown_block)


def render(template: str, **context: Any) -> str:
    return _env.get_template(template).render(**context)


@dataclass
class Notice:
    """A banner shown near the top of an item page (e.g. 已废止, 政策解读)."""

    kind: str  # CSS modifier: "warning", "info", "link"
    html: str  # trusted HTML built by the feature that adds it


# Extension points: (site, tree) → None adds pages; (site, item, url) → notices.
PAGE_WRITERS: list[Callable[[Site, DocsTree], None]] = []
ITEM_NOTICES: list[Callable[[Site, Item], list[Notice]]] = []
# Extra rows for the metadata block: (site, item) → [(label, value)].
ITEM_META_ROWS: list[Callable[[Site, Item], list[tuple[str, str]]]] = []
# Extra front matter of content pages: (site, kind, object) → {key: value}, where
# kind is "item" (an Item), "zhinan" (the Guide or None), "zhidu"/"ndbg" (a Page).
PAGE_FRONT: list[Callable[[Site, str, Any], dict[str, Any]]] = []


def extra_front(site: Site, kind: str, obj: Any) -> dict[str, Any]:
    return {k: v for fn in PAGE_FRONT for k, v in fn(site, kind, obj).items()}


@dataclass
class ChipGroup:
    """A row of filter/link chips on a listing or the overview (e.g. 按有效性筛选)."""

    label: str  # aria-label of the row
    chips: list[tuple[str, str | None, int | None]]  # (text, site-relative url or None = current view, count)


# Chip rows: (site, column or None for the overview, page url) → groups.
LISTING_CHIPS: list[Callable[[Site, Column | None, str], list[ChipGroup]]] = []


def chip_groups(site: Site, column: Column | None, url: str) -> list[ChipGroup]:
    return [group for fn in LISTING_CHIPS for group in fn(site, column, url)]


def _item_front(item: Item, site: Site) -> str:
    return front_matter(
        title=item.title,
        description=str(item.meta.get("summary") or "")[:120] or None,
        xxgk_kind="item",
        xxgk_index_no=item.index_no,
        xxgk_published=item.meta.get("published"),
        **extra_front(site, "item", item),
    )


def meta_rows(site: Site, item: Item) -> list[tuple[str, str]]:
    """The metadata block (STANDARDS §4), in gov.cn's order, skipping empty cells."""
    m = item.meta
    validity = effective_validity(item, site)
    rows = [
        ("索引号", item.index_no or ""),
        ("主题分类", str(m.get("topic") or "").replace("\\", " / ")),
        ("发布机构", str(m.get("publisher") or site.config.agency_name)),
        ("发文机关", str(m.get("issuer") or "")),
        ("成文日期", str(m.get("written") or "")),
        ("发布日期", str(m.get("published") or "")),
        ("文号", item.doc_no),
        ("体裁分类", str(m.get("genre") or "")),
        ("关键词", "、".join(item.keywords)),
        ("服务对象", str(m.get("audience") or "")),
        ("有效性", validity),
        ("施行日期", str(m.get("effective") or "")),
        ("废止日期", str(m.get("expires") or "")),
        ("标题", item.title),
    ]
    for extra in ITEM_META_ROWS:
        rows.extend(extra(site, item))
    return [(label, value) for label, value in rows if value]


def column_trail(column: Column | None) -> list[tuple[str, str]]:
    trail = [(PART_TITLE["fdzdgknr"], "fdzdgknr/")]
    if column:
        trail += [(c.title, c.url) for c in column.trail]
    return trail


# Item and listing pages already rendered, per URL, with the values they were
# rendered from. ``mkdocs serve`` regenerates the whole site on every edit; at
# 10 000 items jinja would spend seconds re-rendering pages that did not change.
# The key is every value the template reads (by value, not identity), plus the
# template object, which jinja replaces when the file changes: a template that
# starts reading another attribute of an item must add it to the key.
_rendered: dict[str, tuple[tuple[Any, ...], str]] = {}


def _render_cached(page_url: str, key: tuple[Any, ...], template_name: str, /, **context: Any) -> str:
    template = _env.get_template(template_name)
    key = (template, *key)
    cached = _rendered.get(page_url)
    if cached is not None and cached[0] == key:
        return cached[1]
    text = template.render(**context)
    _rendered[page_url] = (key, text)
    return text


def _write_item(site: Site, item: Item, tree: DocsTree) -> None:
    trail = column_trail(item.column) + [(item.title, item.url)]
    notices = [n for fn in ITEM_NOTICES for n in fn(site, item)]
    front, rows = _item_front(item, site), meta_rows(site, item)
    key = (
        front,
        tuple(trail),
        tuple(rows),
        tuple((n.kind, n.html) for n in notices),
        repr(item.meta),
        item.body,
        tuple((a.file, a.title, a.kind, a.size) for a in item.attachments),
    )
    text = _render_cached(
        item.url, key, "item.md.j2", front=front, url=item.url, trail=trail, item=item, meta_rows=rows, notices=notices
    )
    tree.add(f"{item.url}index.md", text)
    for attachment in item.attachments:
        if attachment.size is not None:
            tree.copy(f"{item.url}{attachment.file}", attachment.path)


@dataclass(frozen=True)
class PageSlice:
    """One page of a paginated listing (items, catalogue rows …): the model of
    Material's blog archives, ``<base>``, ``<base>page/2/``, …"""

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


def _write_listing(site: Site, column: Column, tree: DocsTree) -> None:
    items = column.all_items()
    years = sorted(Counter(i.published.year for i in items if i.published).items(), reverse=True)
    views: list[tuple[int | None, str, list[Item]]] = [(None, column.url, items)]
    if len(years) > 1:
        views += [(y, f"{column.url}{y}/", [i for i in items if i.published and i.published.year == y]) for y, _ in years]
    per_page = site.config.per_page
    for year, base, selected in views:
        heading = column.title + (f"（{year}年）" if year else "")
        for piece in paginate(base, selected, per_page):
            url, chunk = piece.url, piece.rows
            title = piece.title(heading)
            trail = column_trail(column)
            if year:
                trail.append((f"{year}年", base))
            front = front_matter(title=title, xxgk_kind="listing")
            groups = chip_groups(site, column, url)
            key = (
                front,
                tuple(trail),
                column.description,
                tuple((c.url, c.title, len(c.all_items())) for c in column.children),
                tuple(years),
                tuple(_listed(i) for i in chunk),
                (piece.urls, piece.start, piece.total),
                repr(groups),
            )
            text = _render_cached(
                url,
                key,
                "listing.md.j2",
                front=front,
                url=url,
                trail=trail,
                heading=heading,
                description=column.description,
                children=column.children,
                years=years,
                year=year,
                column_url=column.url,
                items=chunk,
                chip_groups=groups,
                **piece.pager(),
            )
            tree.add(f"{url}index.md", text)


def _listed(item: Item) -> tuple[Any, ...]:
    """What a listing shows of an item (``item_list`` in _macros.j2)."""
    return (item.url, item.title, item.column.title if item.column else None, item.doc_no, item.meta.get("published"))


@dataclass
class _PageLink:
    title: str
    url: str
    doc_no: str = ""
    published: str = ""


def _write_pages(site: Site, section: str, pages: list[Page], tree: DocsTree) -> list[_PageLink]:
    links = []
    for page in pages:
        url = f"{section}/{page.slug}/"
        trail = [(PART_TITLE[section], f"{section}/"), (page.title, url)]
        tree.add(
            f"{url}index.md",
            render(
                "page.md.j2",
                front=front_matter(title=page.title, xxgk_kind=section, **extra_front(site, section, page)),
                url=url,
                trail=trail,
                title=page.title,
                published=page.meta.get("published"),
                doc_no=page.meta.get("doc_no"),
                body=page.body,
            ),
        )
        links.append(_PageLink(page.title, url, str(page.meta.get("doc_no") or ""), str(page.meta.get("published") or "")))
    return links


def write_section_index(section: str, links: list[Any], tree: DocsTree, heading: str, lead: str = "") -> None:
    url = f"{section}/"
    tree.add(
        f"{url}index.md",
        render(
            "pages_index.md.j2",
            front=front_matter(title=heading, xxgk_kind="index"),
            url=url,
            trail=[(heading, url)],
            heading=heading,
            lead=lead,
            pages=links,
        ),
    )


def _write_guide(site: Site, tree: DocsTree) -> None:
    url = "zhinan/"
    g = site.guide.data if site.guide else {}
    title = g.get("title") or f"{site.config.agency_name}政府信息公开指南"
    numerals = "五六七八九十"
    extra = [
        {"number": numerals[i] if i < len(numerals) else str(i + 5), "title": s["title"], "body": s["body"]}
        for i, s in enumerate(([{"title": "监督和救济", "body": g["remedies"]}] if g.get("remedies") else []) + list(g.get("sections") or []))
    ]
    tree.add(
        f"{url}index.md",
        render(
            "guide.md.j2",
            front=front_matter(title=PART_TITLE["zhinan"], xxgk_kind="guide", **extra_front(site, "zhinan", site.guide)),
            url=url,
            trail=[(PART_TITLE["zhinan"], url)],
            title=title,
            g=_Obj(g),
            updated_cn=cn_date(g.get("updated")),
            extra_sections=extra,
        ),
    )


class _Obj(dict):
    """Dict with attribute access for templates; missing keys read as ''."""

    def __getattr__(self, key: str) -> Any:
        value = self.get(key, "")
        return _Obj(value) if isinstance(value, dict) else value


PART_DESCRIPTIONS = {
    "zhinan": "公开的范围、方式、途径和依申请公开的程序",
    "zhidu": "政府信息公开条例和本机关的公开制度",
    "fdzdgknr": "依法主动公开的政府信息，按栏目分类",
    "ndbg": "每年的政府信息公开工作年度报告",
}


def render_site(site: Site) -> DocsTree:
    """Every page of the column, as a docs tree (not yet on disk)."""
    tree = DocsTree()
    parts = [{"title": title, "url": f"{slug}/", "desc": PART_DESCRIPTIONS[slug]} for slug, title in PARTS]
    tree.add(
        "index.md",
        render(
            "home.md.j2",
            front=front_matter(title=COLUMN_NAME, xxgk_kind="home"),
            url="",
            parts=parts,
            agency=site.config.agency_name,
            latest=site.items[:10],
        ),
    )
    _write_guide(site, tree)
    rule_links = _write_pages(site, "zhidu", site.rules, tree)
    write_section_index("zhidu", rule_links, tree, PART_TITLE["zhidu"], "本机关执行的政府信息公开法规和制度。")
    # ndbg/ (annual reports) is written by generator/reports/ through PAGE_WRITERS.
    tree.add(
        "fdzdgknr/index.md",
        render(
            "overview.md.j2",
            front=front_matter(title=PART_TITLE["fdzdgknr"], xxgk_kind="overview"),
            url="fdzdgknr/",
            trail=[(PART_TITLE["fdzdgknr"], "fdzdgknr/")],
            columns=site.columns,
            total=len(site.items),
            region=site.config.region,
            chip_groups=chip_groups(site, None, "fdzdgknr/"),
        ),
    )
    for column in site.all_columns():
        _write_listing(site, column, tree)
    for item in site.items:
        _write_item(site, item, tree)
    tree.add(
        "sitemap/index.md",
        render(
            "sitemap.md.j2",
            front=front_matter(title="网站地图", xxgk_kind="sitemap"),
            url="sitemap/",
            trail=[("网站地图", "sitemap/")],
            columns=site.columns,
            rules=rule_links,
            reports=[_PageLink(p.title, f"ndbg/{p.slug}/") for p in site.reports],
        ),
    )
    for writer in PAGE_WRITERS:
        writer(site, tree)
    for name in ("item", "guide", "site", "page"):
        tree.add(f"schemas/{name}.schema.json", json.dumps(load_schema(name), ensure_ascii=False, indent=2))
    return tree


def nav(site: Site) -> list[Any]:
    """MkDocs ``nav``: the four parts and the sub-columns, never single items."""

    # Material prints nav titles unescaped (nav, tabs, path): escaped here, once.
    def column_nav(column: Column) -> Any:
        if column.is_leaf:
            return {theme_text(column.title): f"{column.url}index.md"}
        return {theme_text(column.title): [f"{column.url}index.md", *[column_nav(c) for c in column.children]]}

    rules = [{theme_text(p.title): f"zhidu/{p.slug}/index.md"} for p in site.rules]
    from .reports.render import report_nav

    reports = report_nav(site)
    return [
        {PART_TITLE["zhinan"]: "zhinan/index.md"},
        {PART_TITLE["zhidu"]: ["zhidu/index.md", *rules]},
        {PART_TITLE["fdzdgknr"]: ["fdzdgknr/index.md", *[column_nav(c) for c in site.columns]]},
        {PART_TITLE["ndbg"]: ["ndbg/index.md", *[{theme_text(t): p} for t, p in reports]]},
    ]
