"""The Content-Security-Policy of every page (``generator/security.py``, a
``<meta>`` in ``overrides/main.html``), on the sample site in Chromium: every
kind of page runs with no violation and no script error, Material's own
features and Pagefind search still work under it, and it does block an
inline script and an inline event handler."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest

from generator.security import content_security_policy

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
# Every kind of page, with something on it that needs a script or a request.
PAGES = {
    "": "article",
    "fdzdgknr/": "article",
    "fdzdgknr/zcwj/gfxwj/": ".xxgk-list",
    "doc/xcny00001-2024-00005/": "article img",  # an item with an image (图解)
    "zhinan/": "article h1",
    "zhidu/tiaoli/": "article h1",
    "ndbg/": ".xxgk-list",
    "ndbg/2024/": "table.xxgk-report__table",
    "ndbg/compare/": ".xxgk-report__chart img",  # the charts are SVG images
    "xxgkml/": "table.xxgk-catalogue-index",
    "xxgkml/bzml/shenong-butie/": "table.xxgk-standard",
    "sitemap/": ".xxgk-sitemap",
    "404.html": "article h1",
}
# Records what the policy blocked, from before the page's first script.
_WATCH = """window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});"""


class Guard:
    """What went wrong on a page: policy violations, CSP console messages, script errors."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.console: list[str] = []
        self.errors: list[str] = []
        page.on("console", lambda m: self.console.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def problems(self) -> list[str]:
        violations = self.page.evaluate("window.__violations || []")
        return violations + self.console + self.errors


@pytest.fixture
def guarded(browser) -> Iterator[tuple[object, Guard]]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_init_script(_WATCH)
    page = context.new_page()
    yield page, Guard(page)
    context.close()


def test_pages_carry_the_policy(guarded, sample_url: str) -> None:  # type: ignore[no-untyped-def]
    page, _ = guarded
    page.goto(sample_url + "zhinan/")
    meta = page.locator('meta[http-equiv="Content-Security-Policy"]')
    assert meta.get_attribute("content") == content_security_policy()
    assert "script-src 'self' 'wasm-unsafe-eval'" in meta.get_attribute("content")
    assert page.locator("script:not([src]):not([type='application/json'])").count() == 0


@pytest.mark.parametrize("url", list(PAGES))
def test_every_kind_of_page_runs_under_the_policy(guarded, sample_url: str, url: str) -> None:  # type: ignore[no-untyped-def]
    page, guard = guarded
    page.goto(sample_url + url)
    page.wait_for_load_state("networkidle")
    target = page.locator(PAGES[url]).first
    assert target.is_visible()
    if url.startswith(("doc/", "ndbg/compare")):
        for image in page.locator("article img").all():  # the charts load lazily
            image.scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        assert page.evaluate("[...document.querySelectorAll('article img')].every((i) => i.complete && i.naturalWidth > 0)")
    assert page.locator("button.xxgk-textsize").is_visible()  # xxgk.js ran
    assert guard.problems() == []


def test_search_with_query_and_facets_runs_under_the_policy(guarded, sample_url: str) -> None:  # type: ignore[no-untyped-def]
    """Pagefind compiles WebAssembly ('wasm-unsafe-eval') and fetches its index ('self')."""
    page, guard = guarded
    page.goto(sample_url + "search/?q=" + quote("补贴"))
    page.wait_for_selector('[data-xxgk-search][data-state="done"]', timeout=20_000)
    results = page.locator(".xxgk-result").count()
    assert results > 1
    box = page.locator("[data-xxgk-facets] input[type=checkbox]").first
    box.check()
    page.wait_for_selector('[data-xxgk-search][data-state="done"]', timeout=20_000)
    assert 0 < page.locator(".xxgk-result").count() <= results
    assert guard.problems() == []


def test_material_features_work_under_the_policy(guarded, sample_url: str) -> None:  # type: ignore[no-untyped-def]
    page, guard = guarded
    page.goto(sample_url + "zhinan/")
    assert page.locator("nav.md-tabs").is_visible()
    # The high-contrast toggle (Material's palette, stored by material.js's __md_set) persists.
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    page.locator("label.md-header__button[for='__palette_1']").click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "xxgk-contrast"
    page.goto(sample_url + "zhidu/")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "xxgk-contrast"
    # The larger-text switch (xxgk.js) persists too.
    page.locator("button.xxgk-textsize").click()
    page.reload()
    assert page.evaluate("document.documentElement.classList.contains('xxgk-large')")
    # The print button: a listener, not onclick="…".
    page.goto(sample_url + "zhidu/tiaoli/")
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.locator("article button.xxgk-print").click()
    assert page.evaluate("window.__printed") == 1
    # The drawer on a phone.
    page.set_viewport_size(PHONE)
    page.goto(sample_url)
    page.locator("label.md-header__button[for='__drawer']").click()
    page.locator("nav.md-nav--primary").get_by_text("政府信息公开指南").first.wait_for(state="visible")
    assert page.evaluate("document.getElementById('__drawer').checked")
    assert guard.problems() == []


def test_the_policy_blocks_inline_script_and_handlers(guarded, sample_url: str) -> None:  # type: ignore[no-untyped-def]
    """The guard can fail: what slipped past the escaping would be blocked, and seen."""
    page, guard = guarded
    page.goto(sample_url + "zhinan/")
    page.evaluate(
        """() => {
        const s = document.createElement("script");
        s.textContent = "window.__ran = 1";
        document.body.append(s);
        const b = document.createElement("button");
        b.setAttribute("onclick", "window.__clicked = 1");
        document.body.append(b);
        b.click();
    }"""
    )
    page.wait_for_timeout(100)
    assert page.evaluate("[window.__ran, window.__clicked]") == [None, None]
    blocked = guard.problems()
    assert any(v.startswith("script-src-elem inline") for v in blocked) and any(v.startswith("script-src-attr inline") for v in blocked)
