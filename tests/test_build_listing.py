"""A small built site whose every number is known: listings newest first with
title, 发布日期 and 文号, working pagination and year views, item pages with
the metadata block, attachments, print button; and a build never edits content/."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import make_project, run_build
from content_kit import LISTING_FILES, listing_items, mini_project
from html_tools import Node, content, list_links, list_rows, page, resolve, row_doc_no, row_link

QTWJ = "fdzdgknr/zcwj/qtwj/"


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


@dataclass
class Built:
    project: Path
    site: Path
    content_before: dict[str, str]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("listing")
    source = mini_project(base / "source", listing_items(), LISTING_FILES)
    project = make_project(base / "project", source / "content")
    before = digests(project / "content")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return Built(project, project / "site", before)


def listed(doc: Node) -> list[dict[str, str]]:
    rows = []
    for li in list_rows(content(doc)):
        link = row_link(li)
        docno = row_doc_no(li)
        rows.append(
            {
                "title": link.clean_text(),
                "href": link.attrs["href"],
                "date": li.find("time").clean_text(),
                "shown_date": li.find("time").clean_text(),
                "doc_no": docno,
            }
        )
    return rows


def pager_links(doc: Node) -> dict[str, str]:
    navs = content(doc).find_all("nav", cls="xxgk-pagination")
    if not navs:
        return {}
    return {a.clean_text(): a.attrs["href"] for a in navs[0].find_all("a")}


def test_build_leaves_content_untouched(built: Built) -> None:
    assert digests(built.project / "content") == built.content_before


def test_listing_first_page_newest_first_with_title_date_and_doc_no(built: Built) -> None:
    rows = listed(page(built.site, QTWJ))
    assert [r["title"] for r in rows] == ["测试文件第12号", "测试文件第11号", "测试文件第10号", "测试文件第9号", "测试文件第8号"]
    assert rows[0] == {
        "title": "测试文件第12号",
        "href": "../../../doc/csj000001-2025-00012/",
        "date": "2025-03-12",
        "shown_date": "2025-03-12",
        "doc_no": "测发〔2025〕12号",
    }
    for row in rows:
        assert (built.site / resolve(QTWJ, row["href"]) / "index.html").is_file()


def test_pagination_walks_every_item_once_in_order(built: Built) -> None:
    url, seen, statuses = QTWJ, [], []
    while url:
        doc = page(built.site, url)
        seen += listed(doc)
        statuses.append(content(doc).find("p", cls="xxgk-pagination__status").clean_text())
        nxt = pager_links(doc).get("下一页")
        url = resolve(url, nxt) if nxt else ""
    assert [r["title"] for r in seen] == [f"测试文件第{n}号" for n in range(12, 0, -1)]
    dates = [r["date"] for r in seen]
    assert dates == sorted(dates, reverse=True)
    assert statuses == ["共 12 条，第 1 / 3 页", "共 12 条，第 2 / 3 页", "共 12 条，第 3 / 3 页"]


def test_pagination_links_of_a_middle_page(built: Built) -> None:
    url = QTWJ + "page/2/"
    links = pager_links(page(built.site, url))
    targets = {label: resolve(url, href) for label, href in links.items()}
    assert targets == {
        "首页": QTWJ,
        "上一页": QTWJ,
        "1": QTWJ,
        "3": QTWJ + "page/3/",
        "下一页": QTWJ + "page/3/",
        "末页": QTWJ + "page/3/",
    }
    current = content(page(built.site, url)).find("nav", cls="xxgk-pagination").find("span", aria_current="page")
    assert current.clean_text() == "2"
    assert "下一页" not in pager_links(page(built.site, QTWJ + "page/3/"))
    assert "上一页" not in pager_links(page(built.site, QTWJ))


def test_year_views(built: Built) -> None:
    doc = page(built.site, QTWJ)
    years = content(doc).find("nav", cls="xxgk-years")
    chips = {a.clean_text(): resolve(QTWJ, a.attrs["href"]) for a in years.find_all("a")}
    assert chips == {"2025年2": QTWJ + "2025/", "2024年5": QTWJ + "2024/", "2023年5": QTWJ + "2023/"}
    rows = listed(page(built.site, QTWJ + "2024/"))
    assert [r["title"] for r in rows] == ["测试文件第10号", "测试文件第9号", "测试文件第8号", "测试文件第7号", "测试文件第6号"]
    assert all(r["date"].startswith("2024-") for r in rows)
    year_page = content(page(built.site, QTWJ + "2024/"))
    assert year_page.find("h1").clean_text() == "其他文件（2024年）"
    assert year_page.find("nav", cls="xxgk-years").find("span", aria_current="page").clean_text() == "2024年"


def test_parent_column_merges_its_sub_columns(built: Built) -> None:
    doc = page(built.site, "fdzdgknr/zcwj/")
    chips = content(doc).find("nav", cls="xxgk-chips")
    assert [a.clean_text() for a in chips.find_all("a")] == ["规章0", "行政规范性文件0", "其他文件12"]
    assert listed(doc)[0]["title"] == "测试文件第12号"
    assert content(doc).find("span", cls="xxgk-list__column").clean_text() == "其他文件"


def test_empty_column_says_so(built: Built) -> None:
    assert content(page(built.site, "fdzdgknr/zfcg/")).find("p", cls="xxgk-empty").clean_text() == "本栏目暂无信息。"


def meta_block(doc: Node) -> dict[str, str]:
    table = content(doc).find("table", cls="xxgk-meta")
    cells = [c for c in table.iter() if c.tag in ("th", "td")]
    return {cells[i].clean_text(): cells[i + 1].clean_text() for i in range(0, len(cells), 2)}


def test_item_page_metadata_block_and_dateline(built: Built) -> None:
    url = "doc/csj000001-2024-00007/"
    doc = page(built.site, url)
    article = content(doc)
    assert article.find("h1").clean_text() == "测试文件第7号"
    assert article.find("p", cls="xxgk-dateline").find("time").attrs["datetime"] == "2024-03-17"
    assert "发布日期：2024-03-17" in article.find("p", cls="xxgk-dateline").clean_text()
    meta = meta_block(doc)
    assert meta == {
        "索引号": "CSJ000001/2024-00007",
        "主题分类": "综合政务 / 政务公开",
        "发布机构": "测试县测试局",
        "发布日期": "2024-03-17",
        "文号": "测发〔2024〕7号",
        "体裁分类": "通知",
        "标题": "测试文件第7号",
    }
    # the metadata block comes before the body
    blocks = [n for n in article.iter() if "xxgk-meta" in n.classes or "xxgk-body" in n.classes]
    assert [b.tag for b in blocks][:2] == ["table", "div"]


def test_item_page_print_button_and_breadcrumbs(built: Built) -> None:
    url = "doc/csj000001-2024-00007/"
    article = content(page(built.site, url))
    button = article.find("button", cls="xxgk-print")
    assert button.clean_text() == "打印本页" and "data-xxgk-print" in button.attrs and "onclick" not in button.attrs
    crumbs = article.find("nav", cls="xxgk-breadcrumbs")
    trail = [(a.clean_text(), resolve(url, a.attrs["href"])) for a in crumbs.find_all("a")]
    assert trail == [
        ("政府信息公开", ""),
        ("法定主动公开内容", "fdzdgknr/"),
        ("政策文件", "fdzdgknr/zcwj/"),
        ("其他文件", QTWJ),
    ]
    assert crumbs.find("span", aria_current="page").clean_text() == "测试文件第7号"


def test_attachments_listed_with_type_and_size_and_copied(built: Built) -> None:
    url = "doc/csj000001-2025-00020/"
    section = content(page(built.site, url)).find("section", cls="xxgk-attachments")
    rows = [
        (li.find("a").clean_text(), li.find(cls="xxgk-filetype").clean_text(), li.find(cls="xxgk-filesize").clean_text())
        for li in section.find_all("li")
    ]
    assert rows == [("职责清单", "PDF", "2.9 KB"), ("申请表", "DOCX", "102 B")]
    for li, name in zip(section.find_all("li"), ["职责清单.pdf", "申请表.docx"], strict=True):
        link = li.find("a")
        assert "download" in link.attrs
        from urllib.parse import unquote

        target = built.site / unquote(resolve(url, link.attrs["href"]))
        assert target.read_bytes() == LISTING_FILES[f"items/jgzn/{name}"]


def test_rule_and_report_pages(built: Built) -> None:
    rules = content(page(built.site, "zhidu/"))
    link = list_links(rules)[0]
    assert link.clean_text() == "中华人民共和国政府信息公开条例"
    rule = content(page(built.site, resolve("zhidu/", link.attrs["href"])))
    assert "国务院令第711号" in rule.find("p", cls="xxgk-dateline").clean_text()


def test_engine_config_for_hookless_engines(built: Built) -> None:
    """build/mkdocs.yml carries the generated nav, so Zensical (no hooks) can build
    what ``xxgk generate`` writes (tests/test_build_hookless.py). After a build with
    the hook, item pages are not in build/docs: they were rendered from shells."""
    lines = (built.project / "build" / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    assert "INHERIT: ../mkdocs.yml" in lines and "hooks: []" in lines
    nav = json.loads(next(line for line in lines if line.startswith("nav: "))[5:])
    assert [next(iter(part)) for part in nav] == ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开工作年度报告"]
    assert "doc/" not in json.dumps(nav)
    assert not (built.project / "build" / "docs" / "doc" / "csj000001-2024-00007" / "index.md").exists()
    assert list((built.project / "build" / "docs").glob("_xxgk-shell/_xxgk-shell-*/index.md"))
    assert (built.site / "doc" / "csj000001-2024-00007" / "index.html").is_file()
