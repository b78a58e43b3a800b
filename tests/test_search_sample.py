"""Search on the bundled sample site (issue 4): every content page of the
sample is indexed (items, guide, 制度, annual reports), report tables are not,
and Chinese queries and exact lookups work on real content. Expectations are
read from content/, so the tests follow the sample as editors extend it."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from test_search_index import fragments

from generator.build import load_and_check
from generator.model import Site

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sample_site() -> Site:
    site, _ = load_and_check(ROOT, __import__("datetime").date(2026, 11, 23))
    return site


def test_sample_index_holds_every_content_page_and_nothing_else(sample_build: Path, sample_site: Site) -> None:
    indexed = set(fragments(sample_build))
    items = {item.url for item in sample_site.items}
    assert items <= indexed
    assert "zhinan/" in indexed
    assert {f"zhidu/{page.slug}/" for page in sample_site.rules} <= indexed
    reports = {url for url in indexed if url.startswith("ndbg/")}
    assert len(reports) == len(list((ROOT / "content" / "reports").glob("*.yml")))
    assert indexed - items - reports - {"zhinan/"} == {f"zhidu/{page.slug}/" for page in sample_site.rules}


def test_report_text_is_indexed_but_not_its_tables(sample_build: Path) -> None:
    reports = [r for url, r in fragments(sample_build).items() if url.startswith("ndbg/")]
    assert reports
    for record in reports:
        text = record["content"]
        assert "总体情况" in text  # a text section
        assert "本年新收政府信息公开申请数量" not in text  # a row label of table 三
        assert "商业企业" not in text  # a column label of table 三
        assert record["filters"]["column"] == ["政府信息公开工作年度报告"]


def _items_containing(site: Site, word: str) -> set[str]:
    return {item.url for item in site.items if word in item.title or word in item.body}


@pytest.mark.browser
@pytest.mark.parametrize("word", ["政务公开", "乡村振兴"])
def test_sample_word_queries_find_every_item_holding_them(page, sample_url: str, sample_site: Site, word: str) -> None:  # type: ignore[no-untyped-def]
    expected = _items_containing(sample_site, word)
    assert expected, f"the sample has no item with {word}"
    page.goto(sample_url + "search/?q=" + quote(word))
    page.wait_for_selector('[data-xxgk-search][data-state="done"]', timeout=20_000)
    for _ in range(50):  # 显示更多结果 until every result is listed
        if not page.is_visible("[data-xxgk-more]"):
            break
        before = page.locator(".xxgk-result").count()
        page.click("[data-xxgk-more]")
        # (not wait_for_function with a string: the page's policy forbids eval)
        page.locator(".xxgk-result").nth(before).wait_for(state="attached")
    hrefs = page.eval_on_selector_all(".xxgk-result__title a", "as => as.map(a => a.getAttribute('href'))")
    found = {h.lstrip("/") for h in hrefs}
    assert expected <= found
    count = int(re.search(r"找到 (\d+) 条结果", page.inner_text("[data-xxgk-status]")).group(1))
    assert count == len(hrefs)
    assert all(url.startswith(sample_url) for url in page.requests)


@pytest.mark.browser
def test_sample_doc_number_lookup_lands_first(page, sample_url: str, sample_site: Site) -> None:  # type: ignore[no-untyped-def]
    item = next(i for i in sample_site.items if i.doc_no and re.search(r"〔\d{4}〕\d+号$", i.doc_no))
    for typed, expected in ((item.doc_no, item.url), (item.index_no, item.url)):
        page.goto(sample_url + "search/?q=" + quote(typed))
        page.wait_for_selector('[data-xxgk-search][data-state="done"]', timeout=20_000)
        first = page.get_attribute(".xxgk-result__title a", "href")
        assert first.lstrip("/") == expected, typed
    assert all(url.startswith(sample_url) for url in page.requests)
