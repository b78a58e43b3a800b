"""The public column in Chromium (issue 14): the 适老化 mode at every width and
across pages, the header on a phone, document tables at 1280 and 390 px, the
left navigation on desktop, and a site published under a sub-path with its
Chinese 404 page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import make_project, run_build
from public_kit import DESKTOP, PAGE_TYPES, PHONE, new_context, serve_site

pytestmark = pytest.mark.browser

BODY = "parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)"
AGENCY = "溪川县农业农村局政府信息公开"


@pytest.fixture(scope="module")
def site_url(sample_build: Path) -> Iterator[str]:
    url, server = serve_site(sample_build)
    yield url
    server.shutdown()


def open_page(browser, url: str, viewport: dict[str, int], mode: str = "normal"):  # type: ignore[no-untyped-def]
    context = new_context(browser, viewport, mode)
    page = context.new_page()
    page.goto(url)
    return page


@pytest.mark.parametrize("width", [390, 1280, 1700, 2100])
def test_large_text_is_four_thirds_at_every_width(browser, site_url: str, width: int) -> None:  # type: ignore[no-untyped-def]
    viewport = {"width": width, "height": 900}
    sizes = {}
    for mode in ("normal", "large"):
        page = open_page(browser, site_url + "zhinan/", viewport, mode)
        sizes[mode] = page.evaluate(BODY)
        if mode == "large":
            style = page.evaluate(
                "(() => { const s = getComputedStyle(document.querySelector('article p'));"
                " return [parseFloat(s.lineHeight), parseFloat(s.fontSize), parseFloat(s.marginBottom)]; })()"
            )
            line, size, gap = style
            assert line >= 1.3 * size  # 行距 ≥ 1.3 倍
            assert line + gap >= 1.3 * line  # 段间距 ≥ 1.3 倍行距
        page.context.close()
    assert sizes["large"] == pytest.approx(sizes["normal"] * 4 / 3, abs=0.3)
    assert sizes["large"] >= 24


def test_large_text_persists_across_pages_and_targets_grow(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, site_url + "fdzdgknr/zcwj/gfxwj/", DESKTOP)
    page.locator("button.xxgk-textsize").click()
    page.locator("nav.xxgk-sidenav a", has_text="政策解读").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.classList.contains('xxgk-large')")
    assert page.locator("button.xxgk-textsize").get_attribute("aria-pressed") == "true"
    # Every link and button a reader aims at is at least 44 × 44 px.
    small = page.evaluate(
        """() => [...document.querySelectorAll(
              '.xxgk-sidenav a, .md-typeset .xxgk-chips a, .md-typeset .xxgk-list > li > a, .md-typeset .xxgk-pagination a, button, .md-tabs__link')]
            .filter(el => el.offsetParent !== null)
            .map(el => [el.textContent.trim(), el.getBoundingClientRect()])
            .filter(([, r]) => r.height < 44 || r.width < 44).map(([t, r]) => `${t} ${r.width}×${r.height}`)"""
    )
    assert small == []
    page.context.close()


def test_report_charts_scale_with_the_text(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    widths = {}
    for mode in ("normal", "large"):
        page = open_page(browser, site_url + "ndbg/compare/", DESKTOP, mode)
        widths[mode] = page.evaluate("document.querySelector('.xxgk-report__chart img').getBoundingClientRect().width")
        page.context.close()
    # Chart text is 18–19 units in an 800-unit-wide drawing.
    assert widths["normal"] / 800 * 18 >= 15
    assert widths["large"] > widths["normal"] * 1.1


@pytest.mark.parametrize("mode", ["normal", "large"])
def test_phone_header_shows_the_whole_agency_name(browser, site_url: str, mode: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, site_url + "fdzdgknr/", PHONE, mode)
    title = page.locator(".md-header__topic").first.locator(".md-ellipsis")
    assert title.inner_text().strip() == AGENCY
    # Not cut off: nothing hidden beyond half a line (glyphs may overhang the line box by a pixel or two).
    hidden = title.evaluate("el => [el.scrollHeight - el.clientHeight, el.scrollWidth - el.clientWidth, parseFloat(getComputedStyle(el).lineHeight)]")
    assert hidden[0] < hidden[2] / 2 and hidden[1] <= 1
    assert len(title.evaluate("el => { const r = document.createRange(); r.selectNodeContents(el); return [...new Set([...r.getClientRects()].map(c => Math.round(c.top)))]; }")) <= 2
    assert page.locator("button.xxgk-textsize").is_visible()
    assert page.locator(".xxgk-header-search__button").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.context.close()


@pytest.mark.parametrize(
    ("mode", "width"),
    # 320 px: a 1280 px window zoomed to 400 % (WCAG 1.4.10 reflow) must not scroll sideways either.
    [("normal", PHONE["width"]), ("large", PHONE["width"]), ("normal", 320), ("large", 320)],
)
def test_no_page_scrolls_sideways_on_a_phone(browser, site_url: str, mode: str, width: int) -> None:  # type: ignore[no-untyped-def]
    context = new_context(browser, {"width": width, "height": 800}, mode)
    page = context.new_page()
    wide = {}
    viewport_width = width
    for kind, url in PAGE_TYPES.items():
        page.goto(site_url + url)
        found = page.evaluate("Math.max(document.body.scrollWidth, document.documentElement.scrollWidth)")
        if found > viewport_width:
            wide[kind] = found
    context.close()
    assert wide == {}


def test_document_tables_are_readable_on_desktop_and_scroll_on_a_phone(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    url = site_url + PAGE_TYPES["item-table"]
    page = open_page(browser, url, DESKTOP)
    table = page.locator("article .xxgk-table table").first
    assert table.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") >= 16
    assert table.bounding_box()["width"] >= 850  # not squeezed into 688 px beside a table of contents
    page.context.close()

    page = open_page(browser, url, PHONE)
    region = page.locator("article .xxgk-table").first
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # the region scrolls, not the page
    hint = region.evaluate("el => getComputedStyle(el, '::before').content")
    assert "左右滑动" in hint
    region.focus()  # a keyboard user scrolls it too
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('article .xxgk-table').scrollLeft > 0", timeout=3000)
    page.context.close()


def test_left_navigation_on_desktop_pages(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, site_url + PAGE_TYPES["item-repealed"], DESKTOP)
    nav = page.locator("nav.xxgk-sidenav")
    assert nav.is_visible()
    top = nav.locator(".xxgk-sidenav__list--1 > li > a").all_inner_texts()
    assert [t.strip() for t in top] == ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开工作年度报告"]
    assert nav.get_by_role("link", name="政策文件", exact=True).is_visible()  # the sub-columns, on an item page too
    nav.get_by_role("link", name="政策文件", exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith("fdzdgknr/zcwj/")
    current = page.locator("nav.xxgk-sidenav [aria-current='page']")
    assert current.inner_text().strip() == "政策文件"
    assert page.locator("nav.xxgk-sidenav").get_by_role("link", name="行政规范性文件", exact=True).is_visible()
    page.context.close()
    page = open_page(browser, site_url + "fdzdgknr/zcwj/", PHONE)
    assert not page.locator("nav.xxgk-sidenav").is_visible()  # phones: Material's drawer
    page.context.close()


@pytest.fixture(scope="module")
def under_prefix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample published at https://…/xxgk/ (as a GitHub Pages project site), served under /xxgk/."""
    project = make_project(tmp_path_factory.mktemp("prefix") / "project")
    config = project / "content/site.yml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["website"]["url"] = "https://example.github.io/xxgk/"
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    url, server = serve_site(project / "site", "/xxgk/")
    yield url
    server.shutdown()


def test_a_missing_page_under_a_sub_path_is_the_styled_chinese_404(browser, under_prefix: str) -> None:  # type: ignore[no-untyped-def]
    context = new_context(browser, DESKTOP, prefix="/xxgk/")
    page = context.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and not r.url.endswith("/missing/page/") else None)
    response = page.goto(under_prefix + "missing/page/")
    assert response.status == 404
    assert page.locator("article h1").inner_text().strip() == "页面不存在"
    assert page.title() == f"页面不存在 - {AGENCY}"
    assert failed == []  # every stylesheet, script and image of the chrome loaded
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert header == "rgb(163, 21, 21)"  # the column's red: the stylesheet applied
    assert page.locator(".md-tabs").is_visible()
    page.get_by_role("link", name=f"返回{AGENCY}首页").click()
    page.wait_for_load_state()
    assert page.url == under_prefix
    page.locator("nav.md-tabs a", has_text="法定主动公开内容").click()
    page.wait_for_load_state()
    assert page.url == under_prefix + "fdzdgknr/"
    context.close()


def test_the_keyboard_reaches_the_content_the_switch_and_the_navigation(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, site_url + "fdzdgknr/zcwj/", DESKTOP)
    page.keyboard.press("Tab")  # Material's skip link comes first
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    focused: list[str] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("(document.activeElement.className || '') + ' ' + document.activeElement.textContent.trim().slice(0, 12)"))
        if "xxgk-textsize" in focused[-1]:
            break
    assert "xxgk-textsize" in focused[-1], focused
    page.keyboard.press("Enter")  # the 适老化 switch works from the keyboard
    assert page.evaluate("document.documentElement.classList.contains('xxgk-large')")
    # The left navigation's links are in the tab order, each with a visible focus ring.
    link = page.locator("nav.xxgk-sidenav a", has_text="政策解读")
    link.focus()
    assert link.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("fdzdgknr/zcjd/")
    page.context.close()
