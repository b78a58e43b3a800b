"""The bundled sample site, built once: the four parts, listings, pagination,
metadata blocks, the guide, the footer on every page, and nothing fetched
from another host."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from html_tools import Node, content, list_links, list_rows, page, parse, resolve, row_doc_no, row_link

from generator.loader import load_site
from generator.model import PARTS

PART_URLS = [f"{slug}/" for slug, _ in PARTS]
PART_TITLES = ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开工作年度报告"]
FOOTER_LABELS = {"sponsor": "主办单位", "contact": "联系方式", "site_code": "网站标识码", "icp": "ICP备案编号", "police": "公安机关备案号"}


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def url_of(site: Path, path: Path) -> str:
    rel = path.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


@pytest.fixture(scope="module")
def model(sample_build: Path):  # type: ignore[no-untyped-def]
    """The sample content as the generator reads it, for expected counts."""
    site, _, _ = load_site(sample_build.parent)
    return site


@pytest.fixture(scope="module")
def footer_config(sample_build: Path) -> dict[str, str]:
    return yaml.safe_load((sample_build.parent / "content" / "site.yml").read_text(encoding="utf-8"))["footer"]


def tabs(doc: Node) -> list[tuple[str, str]]:
    return [(a.clean_text(), a.attrs["href"]) for a in doc.find("nav", cls="md-tabs").find_all("a", cls="md-tabs__link")]


def test_the_sample_is_big_enough_to_show_every_feature(model) -> None:  # type: ignore[no-untyped-def]
    assert len(model.items) >= 60
    years = {i.published.year for i in model.items}
    assert len(years) >= 3
    assert sum(1 for c in model.leaf_columns() if c.items) >= 10
    assert any(i.attachments for i in model.items)
    assert model.rules


@pytest.mark.parametrize("url", ["", "zhinan/", "fdzdgknr/", "fdzdgknr/zcwj/gfxwj/", "sitemap/"])
def test_exactly_the_four_parts_as_tabs_in_order(sample_build: Path, url: str) -> None:
    found = tabs(page(sample_build, url))
    assert [title for title, _ in found] == PART_TITLES
    assert [resolve(url, href) for _, href in found] == PART_URLS


def test_navigation_holds_parts_and_columns_but_no_item(sample_build: Path, model) -> None:  # type: ignore[no-untyped-def]
    item = model.items[0]
    # Pages outside the nav share one rendering of it per depth (mkdocs_hooks
    # caches it): pages at four different depths must all link correctly.
    # Pages in the navigation carry Material's (the phone drawer's) and ours (the desktop's);
    # pages outside it (items, later listing pages) only ours, which is their drawer too:
    # the parts and 法定主动公开内容's columns, and the columns above and beside the page's.
    compact = {item.url, "fdzdgknr/zcwj/qtwj/page/2/", "fdzdgknr/zcwj/2024/", model.items[-1].url}
    for url in ("", "fdzdgknr/", *sorted(compact)):
        doc = page(sample_build, url)
        material = doc.find_all("nav", cls="md-nav--primary")
        assert bool(material) == (url not in compact), url
        nav = material[0] if material else doc.find("nav", cls="xxgk-sidenav")
        targets = {resolve(url, a.attrs["href"]) for a in nav.find_all("a") if a.attrs.get("href")}
        assert not [t for t in targets if t.startswith("doc/")], url
        assert not [t for t in targets if "/page/" in t], url
        shown = model.all_columns() if material else [c for c in model.all_columns() if c.url.count("/") <= 2]
        assert {c.url for c in shown} <= targets, url
        assert set(PART_URLS) <= targets


def test_every_page_is_chinese_with_the_agency_footer(sample_build: Path, footer_config: dict[str, str]) -> None:
    pages = html_pages(sample_build)
    assert len(pages) > 80
    for path in pages:
        doc = parse(path.read_text(encoding="utf-8"))
        html = doc.find("html")
        assert html.attrs.get("lang") == "zh-CN", path
        footer = doc.find("footer", cls="xxgk-footer")
        shown = {li.find("span").clean_text().rstrip("："): li.clean_text().split("：", 1)[1].strip() for li in footer.find_all("li")}
        for key, label in FOOTER_LABELS.items():
            assert shown.get(label) == " ".join(str(footer_config[key]).split()), (path, label)


def test_breadcrumbs_on_every_content_page(sample_build: Path) -> None:
    for path in html_pages(sample_build):
        url = url_of(sample_build, path)
        if url in ("", "404.html"):
            continue
        doc = parse(path.read_text(encoding="utf-8"))
        if not doc.find_all("article", cls="md-content__inner"):
            continue
        crumbs = content(doc).find_all("nav", cls="xxgk-breadcrumbs")
        assert crumbs, url
        first = crumbs[0].find("a")
        assert (first.clean_text(), resolve(url, first.attrs["href"])) == ("政府信息公开", "")


def test_every_listing_is_newest_first_with_title_and_date(sample_build: Path, model) -> None:  # type: ignore[no-untyped-def]
    for column in model.all_columns():
        url, dates = column.url, []
        while url:
            doc = page(sample_build, url)
            for li in list_rows(content(doc)):
                assert row_link(li).clean_text()
                dates.append(li.find("time").clean_text())
            nxt = [a for a in content(doc).find_all("a", rel="next")]
            url = resolve(url, nxt[0].attrs["href"]) if nxt else ""
        assert len(dates) == len(column.all_items()), column.path
        assert dates == sorted(dates, reverse=True), column.path


def test_doc_numbers_shown_in_listings(sample_build: Path, model) -> None:  # type: ignore[no-untyped-def]
    column = next(c for c in model.leaf_columns() if any(i.doc_no for i in c.items[: model.config.per_page]))
    doc = page(sample_build, column.url)
    shown = [n for n in map(row_doc_no, list_rows(content(doc))) if n]
    expected = [i.doc_no for i in column.items[: model.config.per_page] if i.doc_no]
    assert shown == expected


def test_long_columns_are_paginated(sample_build: Path, model) -> None:  # type: ignore[no-untyped-def]
    per_page = model.config.per_page
    long = [c for c in model.all_columns() if len(c.all_items()) > per_page]
    assert long, "the sample should have at least one column longer than a page"
    for column in long:
        pages = -(-len(column.all_items()) // per_page)
        assert (sample_build / column.url / "page" / str(pages) / "index.html").is_file()
        assert not (sample_build / column.url / "page" / str(pages + 1)).exists()


def test_year_views_exist_for_columns_spanning_years(sample_build: Path, model) -> None:  # type: ignore[no-untyped-def]
    spanning = [c for c in model.leaf_columns() if len({i.published.year for i in c.items}) > 1]
    assert spanning
    for column in spanning:
        for year in {i.published.year for i in column.items}:
            rows = list_rows(content(page(sample_build, f"{column.url}{year}/")))
            assert rows and all(li.find("time").clean_text().startswith(str(year)) for li in rows)


def test_every_item_page_shows_date_metadata_and_print(sample_build: Path, model) -> None:  # type: ignore[no-untyped-def]
    for item in model.items:
        article = content(page(sample_build, item.url))
        assert article.find("h1").clean_text() == item.title
        dateline = article.find("p", cls="xxgk-dateline")
        assert f"发布日期：{item.meta['published']}" in dateline.clean_text()
        assert article.find("button", cls="xxgk-print")
        labels = [th.clean_text() for th in article.find("table", cls="xxgk-meta").find_all("th")]
        assert {"索引号", "发布机构", "发布日期", "标题"} <= set(labels), item.rel
        if item.doc_no:
            assert "文号" in labels


def test_attachments_have_type_and_size(sample_build: Path, model) -> None:  # type: ignore[no-untyped-def]
    for item in [i for i in model.items if i.attachments]:
        section = content(page(sample_build, item.url)).find("section", cls="xxgk-attachments")
        for li, attachment in zip(section.find_all("li"), item.attachments, strict=True):
            assert li.find(cls="xxgk-filetype").clean_text() == attachment.kind
            assert re.fullmatch(r"\d+(\.\d)? (B|KB|MB)", li.find(cls="xxgk-filesize").clean_text())
            assert (sample_build / item.url / attachment.file).is_file()


def test_guide_shows_update_date_first_and_every_article_12_element(sample_build: Path, model) -> None:  # type: ignore[no-untyped-def]
    article = content(page(sample_build, "zhinan/"))
    updated = article.find("p", cls="xxgk-updated")
    assert updated.find("strong")
    assert updated.find("time").attrs["datetime"] == str(model.guide.data["updated"])
    first_h2 = next(n for n in article.iter() if n.tag == "h2")
    order = list(article.iter())
    assert order.index(updated) < order.index(first_h2)  # prominent: above every section
    headings = [h.clean_text() for h in article.find_all("h2")]
    assert headings[:4] == ["一、分类和编排体系", "二、获取方式", "三、政府信息公开工作机构", "四、依申请公开"]
    office = {th.clean_text() for th in article.find("table", cls="xxgk-office").find_all("th")}
    assert {"名称", "办公地址", "办公时间", "联系电话", "传真号码", "互联网联系方式"} <= office


def test_site_map_links_every_part_and_column(sample_build: Path, model) -> None:  # type: ignore[no-untyped-def]
    article = content(page(sample_build, "sitemap/"))
    targets = {resolve("sitemap/", a.attrs["href"]) for a in article.find_all("a")}
    assert set(PART_URLS) | {c.url for c in model.all_columns()} <= targets
    for target in targets:
        assert (sample_build / target / "index.html").is_file(), target
    footer = page(sample_build, "fdzdgknr/").find("footer")
    assert any(a.clean_text() == "网站地图" for a in footer.find_all("a"))


def test_home_page_lists_the_latest_items(sample_build: Path, model) -> None:  # type: ignore[no-untyped-def]
    article = content(page(sample_build, ""))
    parts = [a.find("span", cls="xxgk-parts__title").clean_text() for a in article.find("nav", cls="xxgk-parts").find_all("a")]
    assert parts == PART_TITLES
    latest = [a.clean_text() for a in list_links(article)]
    assert latest[:5] == [i.title for i in model.items[:5]]


FETCHING = re.compile(r"""(?:src|href|srcset|data|poster|action)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
CSS_REMOTE = re.compile(r"""(?:url\(\s*["']?|@import\s+["']?)(?:https?:)?//""", re.I)
CDN_HOSTS = ("fonts.googleapis", "fonts.gstatic", "cdn.jsdelivr", "unpkg.com", "cdnjs", "googletagmanager", "polyfill.io")
# Material's bundle names two CDN URLs it loads only on demand: a ResizeObserver
# polyfill for browsers older than 2018, and Mermaid for pages with Mermaid
# diagrams (the column has none). Known and accepted; everything else fails.
MATERIAL_ON_DEMAND = ("https://unpkg.com/resize-observer-polyfill", "https://unpkg.com/mermaid@11/dist/mermaid.min.js")


def test_nothing_is_fetched_from_another_host(sample_build: Path) -> None:
    """No <script src>, <link href>, <img src> … on another host, no remote url()/@import
    in CSS, no CDN named in JS: Chinese government sites serve every asset themselves."""
    for path in sorted(sample_build.rglob("*")):
        if path.suffix == ".html":
            doc = parse(path.read_text(encoding="utf-8"))
            for node in doc.iter():
                fetched = [node.attrs.get("src", "")]
                if node.tag == "link" and node.attrs.get("rel") not in ("canonical", "alternate"):
                    fetched.append(node.attrs.get("href", ""))
                for url in fetched:
                    assert not re.match(r"^\s*(https?:)?//", url), (path, node.tag, url)
            for style in doc.find_all("style"):
                assert not CSS_REMOTE.search(style.text()), path
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            assert not CSS_REMOTE.search(re.sub(r"/\*.*?\*/", "", text, flags=re.S)), path
        elif path.suffix == ".js":
            text = path.read_text(encoding="utf-8", errors="replace")
            for url in MATERIAL_ON_DEMAND:
                text = text.replace(url, "")
            assert not [h for h in CDN_HOSTS if h in text], path
