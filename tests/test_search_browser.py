"""Search in the browser (issue 4): Chinese queries, exact 文号/索引号 lookups,
facets, sort by date, URL state, keyboard use, all on 127.0.0.1 only.

The site is ``search_kit``'s six items, indexed in three shards, so merging
and sorting across Pagefind indexes is exercised too.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from conftest import serve
from search_kit import ITEMS, build_search_site, index_no, item_url

pytestmark = pytest.mark.browser

ALL_ITEMS = "CSJ000001"  # the org code: a word of every item's 索引号, hence a query hitting all six


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url, server = serve(build_search_site(tmp_path_factory.mktemp("search")))
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def shared_page(browser):  # type: ignore[no-untyped-def]
    """One browser tab for the module: pages load from its cache after the
    first test, which keeps these tests fast. Requests are recorded as in
    conftest's ``page``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


@pytest.fixture
def page(shared_page):  # type: ignore[no-untyped-def]
    shared_page.requests.clear()
    return shared_page


def search(page, base: str, query: str = "") -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "search/" + (f"?{query}" if query else ""))
    wait(page)


def wait(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector('[data-xxgk-search][data-state="done"]', timeout=20_000)


def found(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The result list as item names (or page URLs for non-items), in order."""
    names = {"/" + item_url(name): name for name in ITEMS}
    hrefs = page.eval_on_selector_all(".xxgk-result__title a", "links => links.map(a => a.getAttribute('href'))")
    return [names.get(h, h) for h in hrefs]


def status(page) -> str:  # type: ignore[no-untyped-def]
    return page.inner_text("[data-xxgk-status]")


def stays_local(page, base: str) -> None:  # type: ignore[no-untyped-def]
    assert page.requests, "no request recorded"
    assert all(url.startswith(base) for url in page.requests), [u for u in page.requests if not u.startswith(base)]


def q(text: str) -> str:
    return "q=" + quote(text)


def test_chinese_words_find_the_pages_that_hold_them(page, base: str) -> None:  # type: ignore[no-untyped-def]
    search(page, base, q("乡村振兴"))
    assert set(found(page)) == {"xczx", "jiedu"}
    assert "找到 2 条结果" in status(page)
    search(page, base, q("政务公开"))
    assert set(found(page)) == {"zwgk2024", "zwgk2023"}
    # A two-character word.
    search(page, base, q("农机"))
    assert found(page) == ["guihua"]
    marks = page.eval_on_selector_all(".xxgk-result__excerpt mark", "ms => ms.map(m => m.textContent)")
    assert "农机" in marks  # the match is highlighted in the excerpt
    stays_local(page, base)


def test_words_typed_together_mean_them_as_written(page, base: str) -> None:  # type: ignore[no-untyped-def]
    # 农村发展 is written so in the plan only; the 乡村振兴 notice holds 农村 and 发展 apart
    # (坚持农业农村优先发展): typed together, the words mean the term.
    search(page, base, q("农村发展"))
    assert found(page) == ["guihua"]
    # Typed apart, they mean both words anywhere.
    search(page, base, q("农村 发展"))
    assert set(found(page)) == {"guihua", "xczx"}
    # No page holds 农村规划 as written: then the pages holding both words count, and are no "near" matches.
    search(page, base, q("农村规划"))
    assert found(page) == ["guihua"]
    assert "找到 1 条结果" in status(page)


@pytest.fixture
def fresh(browser):  # type: ignore[no-untyped-def]
    """A tab with an empty cache, as a first visit."""
    context = browser.new_context(locale="zh-CN")
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


def test_each_index_file_is_fetched_once_without_a_worker(fresh, base: str) -> None:  # type: ignore[no-untyped-def]
    # search.js asks for every shard's files at once; Pagefind must then use
    # those responses, not fetch its own copies (one entry and one metadata
    # file per shard), and run without its worker script.
    search(fresh, base, q("乡村振兴"))
    assert set(found(fresh)) == {"xczx", "jiedu"}
    index = [u for u in fresh.requests if "/pagefind/" in u]
    assert len(index) == len(set(index)), index
    entries = [u for u in index if "pagefind-entry.json" in u]
    assert len(entries) == 3 and len({u.split("?ts=")[1] for u in entries}) == 1
    assert len([u for u in index if u.endswith(".pf_meta")]) == 3
    assert not [u for u in index if "worker" in u]


def test_an_exact_number_lands_even_if_the_full_text_index_cannot_load(fresh, base: str) -> None:  # type: ignore[no-untyped-def]
    fresh.route("**/pagefind/**", lambda route: route.abort())
    fresh.goto(base + "search/?" + q("测政发〔2024〕3号"))
    fresh.wait_for_selector('[data-xxgk-search][data-state="error"]', timeout=20_000)
    assert found(fresh) == ["xczx"]
    assert "完全相符" in status(fresh) and "稍后再试" in status(fresh)


def test_a_query_hitting_nothing_says_so(page, base: str) -> None:  # type: ignore[no-untyped-def]
    search(page, base, q("量子计算"))
    assert found(page) == []
    assert "没有找到" in status(page)


def test_a_typo_still_finds_near_matches(page, base: str) -> None:  # type: ignore[no-untyped-def]
    # 振新 for 振兴: no page holds every word, so the near matches are shown, and said to be near.
    search(page, base, q("乡村振新"))
    assert {"xczx", "jiedu"} <= set(found(page))
    assert "相近" in status(page)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("测政发〔2024〕3号", "xczx"),  # 测政发〔2024〕13号 shares every word but is not it
        ("测政发[2024]3号", "xczx"),  # typed with ASCII brackets
        ("测政发〔2024〕13号", "zwgk2024"),
        (index_no("zwgk2024"), "zwgk2024"),  # CSJ000001/2024-00013
        (index_no("xczx"), "xczx"),
    ],
)
def test_exact_doc_or_index_number_lands_first(page, base: str, typed: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    search(page, base, q(typed))
    assert found(page)[0] == expected
    assert "完全相符" in status(page)
    stays_local(page, base)


@pytest.mark.parametrize(
    ("facet", "value", "expected"),
    [
        ("column", "政策文件 / 行政规范性文件", {"xczx", "zwgk2024"}),
        ("topic", "农业、林业、水利", {"xczx", "guihua", "jiedu"}),
        ("genre", "通知", {"xczx", "zwgk2024"}),
        ("publisher", "测试县测试局办公室", {"zwgk2023"}),
        ("year", "2024", {"xczx", "zwgk2024", "jiedu"}),
        ("validity", "废止", {"zwgk2024"}),
    ],
)
def test_each_facet_narrows_the_results_to_its_count(page, base: str, facet: str, value: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    search(page, base, q(ALL_ITEMS))
    assert len(found(page)) == 6
    box = page.locator(f'input[name="{facet}"][value="{value}"]')
    label = page.locator(f'label[for="{box.get_attribute("id")}"] .xxgk-count')
    shown_count = int(label.inner_text())
    assert shown_count == len(expected)
    box.check()
    wait(page)
    assert set(found(page)) == expected
    assert f"找到 {shown_count} 条结果" in status(page)
    assert parse_qs(urlsplit(page.url).query)[facet] == [value]  # the filter is in the URL
    stays_local(page, base)


def test_values_of_one_facet_add_up_and_facets_combine(page, base: str) -> None:  # type: ignore[no-untyped-def]
    search(page, base, f"{q(ALL_ITEMS)}&year=2024&year=2025")
    assert set(found(page)) == {"xczx", "zwgk2024", "jiedu", "chufa"}
    # Other years still show their counts, so a reader can widen the search.
    assert page.locator('input[name="year"][value="2023"]').count() == 1
    search(page, base, f"{q(ALL_ITEMS)}&year=2024&genre=" + quote("通知"))
    assert set(found(page)) == {"xczx", "zwgk2024"}


def test_sort_by_date_newest_first_across_shards(page, base: str) -> None:  # type: ignore[no-untyped-def]
    search(page, base, q(ALL_ITEMS))
    page.get_by_label("按发布日期（最新在前）").check()
    wait(page)
    assert "sort=date" in page.url
    by_date = sorted(ITEMS, key=lambda name: ITEMS[name][2], reverse=True)
    assert found(page) == by_date
    dates = page.eval_on_selector_all(".xxgk-result__meta time", "ts => ts.map(t => t.getAttribute('datetime'))")
    assert dates == sorted(dates, reverse=True)


def test_sort_by_date_with_a_query_of_several_words(page, base: str) -> None:  # type: ignore[no-untyped-def]
    search(page, base, q("政务公开") + "&sort=date")  # 政务 + 公开, in two different shards
    assert found(page) == ["zwgk2024", "zwgk2023"]


def test_a_url_restores_the_search(page, base: str) -> None:  # type: ignore[no-untyped-def]
    search(page, base, q("乡村振兴") + "&column=" + quote("政策解读") + "&sort=date")
    assert page.input_value("#xxgk-search-q") == "乡村振兴"
    assert page.is_checked('input[name="column"][value="政策解读"]')
    assert page.is_checked('input[name="sort"][value="date"]')
    assert found(page) == ["jiedu"]
    stays_local(page, base)


def test_keyboard_only_search_from_any_page(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + item_url("guihua"))
    page.keyboard.press("/")  # the shortcut Material's own search had
    assert page.evaluate("document.activeElement.id") == "xxgk-header-q"
    page.keyboard.type("乡村振兴")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    wait(page)
    assert set(found(page)) == {"xczx", "jiedu"}
    # Tab from the query to the first facet checkbox and tick it with the space bar.
    page.focus("#xxgk-search-q")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "checkbox":
            break
    name, value = page.evaluate("[document.activeElement.name, document.activeElement.value]")
    page.keyboard.press("Space")
    wait(page)
    assert page.is_checked(f'input[name="{name}"][value="{value}"]')
    assert page.evaluate("document.activeElement.type") == "checkbox"  # focus kept on the re-drawn box
    stays_local(page, base)


def test_form_is_labelled_and_results_are_announced(page, base: str) -> None:  # type: ignore[no-untyped-def]
    search(page, base, q("政务公开"))
    assert page.get_by_label("检索政府信息公开内容", exact=True).count() >= 1
    live = page.locator("[data-xxgk-status]")
    assert live.get_attribute("role") == "status" and live.get_attribute("aria-live") == "polite"
    assert "2 条结果" in live.inner_text()
    entry = page.locator(".xxgk-result").first
    assert "发布日期" in entry.inner_text() and "文号" in entry.inner_text()


def test_more_results_button_lists_the_rest_and_then_hides(page, base: str) -> None:  # type: ignore[no-untyped-def]
    search(page, base, q(ALL_ITEMS))  # six results, all on the first page
    assert len(found(page)) == 6
    assert not page.is_visible("[data-xxgk-more]")


def test_every_page_has_the_search_box_and_no_lunr(page, base: str) -> None:  # type: ignore[no-untyped-def]
    for url in ("", "fdzdgknr/", item_url("xczx"), "zhinan/", "sitemap/"):
        page.goto(base + url)
        form = page.locator("header .xxgk-header-search")
        assert form.count() == 1, url
        assert page.locator("#xxgk-header-q").get_attribute("name") == "q"
    assert not any("search_index.json" in u or "lunr" in u for u in page.requests)
    stays_local(page, base)



@pytest.mark.parametrize("typed", ["乡村振兴", "测政发〔2024〕3号"])  # a Pagefind hit; an exact 文号 hit
def test_a_result_names_its_date_number_and_column(page, base: str, typed: str) -> None:  # type: ignore[no-untyped-def]
    """The result line reads the page's search fields: 发布日期, 文号 and its 栏目 (the column
    facet's value: pages carry no separate copy of it, issue 11)."""
    search(page, base, q(typed))
    first = page.locator(".xxgk-result").first
    assert first.locator(".xxgk-result__title a").get_attribute("href") == "/" + item_url("xczx")
    meta = first.locator(".xxgk-result__meta").inner_text()
    assert "发布日期：" in meta and "文号：测政发〔2024〕3号" in meta and "政策文件 / 行政规范性文件" in meta, meta
