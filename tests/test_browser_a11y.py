"""WCAG 2.1 AA audited (issue 14): axe-core, the npm package pinned in
package.json (installed into node_modules/ by `make test`, injected from disk,
never from a CDN), runs in Chromium over every kind of page of the sample, in
the normal, large-text (适老化) and high-contrast modes, at desktop width and
on a phone; any violation of a WCAG 2.0/2.1 A or AA rule fails."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from public_kit import DESKTOP, PAGE_TYPES, PHONE, new_context, serve_site

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make test` (it installs axe-core with npm ci)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site_url(sample_build: Path) -> Iterator[str]:
    url, server = serve_site(sample_build)
    yield url
    server.shutdown()


def violations(page: Any) -> list[str]:
    """axe's violations on the loaded page: one line per rule, with its first element."""
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS
    )
    out = []
    for v in result["violations"]:
        first = v["nodes"][0]
        why = (first.get("failureSummary") or v["help"]).splitlines()[-1].strip()
        out.append(f"  {v['id']} ({v['impact']}) ×{len(v['nodes'])}: {first['target']} — {why[:220]}")
    return out


def audit(browser: Any, base: str, axe_source: str, viewport: dict[str, int], mode: str) -> None:
    # The page's own Content-Security-Policy would forbid the injected (inline) audit script.
    context = new_context(browser, viewport, mode, bypass_csp=True)
    context.add_init_script(axe_source)
    found = {}
    try:
        page = context.new_page()
        for kind, url in PAGE_TYPES.items():
            page.goto(base + url)
            if kind == "search":  # audit the results and facets, not the empty form
                page.wait_for_selector(".xxgk-result")
            if lines := violations(page):
                found[kind] = lines
    finally:
        context.close()
    report = "\n".join(f"{kind} ({url}):\n" + "\n".join(found[kind]) for kind, url in PAGE_TYPES.items() if kind in found)
    assert not found, f"WCAG 2.1 AA violations, {mode} mode, {viewport['width']} px:\n{report}"


@pytest.mark.parametrize("mode", ["normal", "large", "contrast"])
def test_every_page_type_at_desktop_width(browser, site_url: str, axe_source: str, mode: str) -> None:  # type: ignore[no-untyped-def]
    audit(browser, site_url, axe_source, DESKTOP, mode)


@pytest.mark.parametrize("mode", ["normal", "large"])
def test_every_page_type_on_a_phone(browser, site_url: str, axe_source: str, mode: str) -> None:  # type: ignore[no-untyped-def]
    audit(browser, site_url, axe_source, PHONE, mode)
