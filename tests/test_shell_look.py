"""Pages filled into a shell look the same as the pages MkDocs renders (issue 11):
the shell drops whitespace the browser does not render (generator/shell.py
``squeeze``), so the sample is built both ways (with shells, and XXGK_SHELLS=0)
and Chromium takes the same screenshots of both: item pages, a paginated
listing and a year view, on a desktop and on a phone, the phone drawer open."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import make_project, run_build, serve

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="module")
def two_bases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, list[str]]]:
    base = tmp_path_factory.mktemp("look")
    shelled, reference = make_project(base / "shelled"), make_project(base / "reference")
    for project, env in ((shelled, {}), (reference, {"XXGK_SHELLS": "0"})):
        result = run_build(project, **env)
        assert result.returncode == 0, result.stderr
    site = shelled / "site"
    items = sorted(p.parent.relative_to(site).as_posix() + "/" for p in (site / "doc").glob("*/index.html"))
    # The longest item (headings, attachments), two others, and the pages outside the nav listings have.
    longest = max(items, key=lambda url: (site / url / "index.html").stat().st_size)
    listing = next(p for p in site.rglob("page/2/index.html"))
    year = next(p for p in site.glob("fdzdgknr/**/[12][0-9][0-9][0-9]/index.html"))
    urls = [longest, items[0], items[-1], *(p.parent.relative_to(site).as_posix() + "/" for p in (listing, year))]
    (one, first), (two, second) = serve(site), serve(reference / "site")
    yield one, two, urls
    first.shutdown()
    second.shutdown()


def shot(browser, url: str, viewport: dict[str, int], drawer: bool = False) -> bytes:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))")
        if drawer:
            page.click('label[for="__drawer"].md-header__button')
            page.wait_for_timeout(400)  # the drawer slides in (0.25 s)
        return page.screenshot(full_page=not drawer, animations="disabled")
    finally:
        context.close()


@pytest.mark.parametrize(("viewport", "drawer"), [(DESKTOP, False), (PHONE, False), (PHONE, True)], ids=["desktop", "phone", "drawer"])
def test_shell_pages_look_like_mkdocs_pages(browser, two_bases: tuple[str, str, list[str]], viewport: dict[str, int], drawer: bool) -> None:  # type: ignore[no-untyped-def]
    shelled, reference, urls = two_bases

    def same(url: str) -> bool:
        return shot(browser, shelled + url, viewport, drawer) == shot(browser, reference + url, viewport, drawer)

    # Once more before calling a page different: on a loaded machine a late layout step
    # (fonts, the sticky header) can land between two screenshots of the same page.
    differ = [url for url in urls if not same(url) and not same(url)]
    assert differ == []


def test_listing_rows_keep_their_layout(browser, two_bases: tuple[str, str, list[str]]) -> None:  # type: ignore[no-untyped-def]
    """Listing rows carry no class of their own (issue 11): the stylesheet still lays each out as
    a ruled row, title first, then its 文号 and date, with no list marker."""
    shelled, _, urls = two_bases
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(shelled + urls[3])  # a paginated listing
        rows = page.locator("article ol.xxgk-list > li")
        assert rows.count() > 5
        for i in range(3):
            row = rows.nth(i)
            style = row.evaluate("li => [getComputedStyle(li).display, getComputedStyle(li).borderBottomStyle, getComputedStyle(li).paddingTop]")
            assert style == ["flex", "dashed", "10.8px"], style  # padding .6em: the rule applies
            title, date = row.locator("a").bounding_box(), row.locator("time").bounding_box()
            assert title and date and date["y"] >= title["y"]
            meta = row.locator("> span").last  # 文号 and date: smaller, lighter, in one line
            assert meta.evaluate("s => [getComputedStyle(s).display, getComputedStyle(s).whiteSpace]") == ["flex", "nowrap"]
    finally:
        context.close()
