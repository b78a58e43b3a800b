"""The sample site in headless Chromium: from the home page to an item through
the four-part navigation, at desktop and phone widths, with every request
staying on 127.0.0.1; the print button and the larger-text switch work."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from generator.loader import load_site
from generator.model import Column

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="module")
def column(sample_build: Path) -> Column:
    """A sub-column with items, two levels deep when the sample has one (政策文件 / …)."""
    site, _, _ = load_site(sample_build.parent)
    with_items = [c for c in site.leaf_columns() if c.items]
    assert with_items
    return next((c for c in with_items if c.parent is not None), with_items[0])


def assert_local(requests: list[str]) -> None:
    fetched = [u for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")]
    assert fetched, "no request recorded"
    outside = [u for u in fetched if urlparse(u).hostname != "127.0.0.1"]
    assert not outside, f"requests left 127.0.0.1: {outside}"


def open_first_item(page) -> str:  # type: ignore[no-untyped-def]
    link = page.locator("article .xxgk-list > li > a").first
    title = link.inner_text().strip()
    link.click()
    page.wait_for_load_state()
    return title


def assert_item_page(page, title: str) -> None:  # type: ignore[no-untyped-def]
    assert "/doc/" in page.url
    assert page.locator("article h1").inner_text().strip() == title
    dateline = page.locator("article .xxgk-dateline")
    assert dateline.is_visible() and "发布日期" in dateline.inner_text()
    meta = page.locator("article table.xxgk-meta")
    assert meta.is_visible()
    assert meta.locator("th", has_text="索引号").count() == 1
    assert meta.locator("th", has_text="发布日期").count() == 1


def test_desktop_tab_to_sub_column_to_item(page, sample_url: str, column: Column) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(DESKTOP)
    page.goto(sample_url)
    tabs = page.locator("nav.md-tabs a.md-tabs__link")
    assert [t.strip() for t in tabs.all_inner_texts()] == ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开工作年度报告"]
    tabs.filter(has_text="法定主动公开内容").click()
    page.wait_for_load_state()
    assert page.url == sample_url + "fdzdgknr/"
    # On desktop the left navigation is the column's own (partials/xxgk-sidenav.html).
    sidebar = page.locator("nav.xxgk-sidenav")
    for step in column.trail:  # parent column first, then the sub-column
        sidebar.get_by_role("link", name=step.title, exact=True).first.click()
        page.wait_for_load_state()
    assert page.url == sample_url + column.url
    assert page.locator("article h1").inner_text().strip() == column.title
    title = open_first_item(page)
    assert_item_page(page, title)
    assert_local(page.requests)


def drawer_opener(page, name: str):  # type: ignore[no-untyped-def]
    """The arrow that opens a section's panel in Material's drawer."""
    drawer = page.locator("nav.md-nav--primary")
    section = drawer.locator("li.md-nav__item--nested").filter(
        has=page.locator(":scope > .md-nav__container > a", has_text=name)
    )
    return section.locator(":scope > .md-nav__container > label.md-nav__link").first


def test_phone_drawer_to_sub_column_to_item(page, sample_url: str, column: Column) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PHONE)
    page.goto(sample_url)
    assert not page.locator("nav.md-tabs").is_visible()  # tabs give way to the drawer on phones
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    page.locator("label.md-header__button[for='__drawer']").click()
    drawer = page.locator("nav.md-nav--primary")
    drawer_opener(page, "法定主动公开内容").click()
    for parent in column.trail[:-1]:
        drawer_opener(page, parent.title).click()
    link = drawer.get_by_role("link", name=column.title, exact=True).first
    link.wait_for(state="visible")
    link.click()
    page.wait_for_load_state()
    assert page.url == sample_url + column.url
    title = open_first_item(page)
    assert_item_page(page, title)
    assert_local(page.requests)


@pytest.mark.parametrize("url", ["", "zhinan/", "fdzdgknr/", "sitemap/"])
def test_phone_pages_never_scroll_sideways(page, sample_url: str, column: Column, url: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PHONE)
    for target in (url, column.url):
        page.goto(sample_url + target)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], target


def test_print_button_prints(page, sample_url: str, column: Column) -> None:  # type: ignore[no-untyped-def]
    page.goto(sample_url + column.url)
    open_first_item(page)
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    button = page.locator("article button.xxgk-print")
    assert button.is_visible() and button.inner_text().strip() == "打印本页"
    button.click()
    assert page.evaluate("window.__printed") == 1
    assert_local(page.requests)


def test_larger_text_switch(page, sample_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(sample_url + "zhinan/")
    size = "parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)"
    before = page.evaluate(size)
    button = page.locator("button.xxgk-textsize")
    assert button.is_visible()
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert page.evaluate("document.documentElement.classList.contains('xxgk-large')")
    assert button.get_attribute("aria-pressed") == "true"
    assert page.evaluate(size) >= before * 1.15
    page.reload()  # the choice is remembered across pages
    assert page.evaluate(size) >= before * 1.15
    page.locator("button.xxgk-textsize").click()
    assert page.evaluate(size) == pytest.approx(before)
    assert_local(page.requests)
