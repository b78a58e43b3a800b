"""Issue 9 §1: script injection through content. A site whose every text field
carries payloads (``injection_kit``) is built twice:

- ``checked``: the payloads ``xxgk check`` accepts (plain-text fields, and raw
  HTML in Markdown fields, which is cleaned with a warning), through
  ``mkdocs build`` as editors and CI run it;
- ``forced``: also the ``javascript:``/``data:`` links the check refuses, built
  with the errors ignored (``generate(strict=False)`` and the hook-less engine
  config), to show the cleaning holds on its own.

Every page is read as HTML (nothing runs, plain text shows literally) and
loaded in Chromium with and without its Content-Security-Policy, every link
of the article clicked; any ``dialog`` fails the test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import make_project, run_build, serve
from html_tools import Node, content, list_links, page
from injection_kit import COLUMNS, DOC_NO, GENRE, NAME_PAYLOAD, TEXT_PAYLOAD, TITLE_PAYLOAD, injection_project

from generator import postbuild
from generator.build import generate
from generator.markup import SCRIPT_SCHEMES, url_scheme

SUMMARY = '"><script>alert(1)</script><meta http-equiv="refresh" content="0;url=javascript:alert(1)">'
ITEM = "doc/csj000001-2024-00001/"
POLICY = "doc/csj000001-2024-00002/"
INTERPRETATION = "doc/csj000001-2024-00003/"


def _build(base: Path, forced: bool) -> Path:
    source = injection_project(base / "source", script_links=forced)
    project = make_project(base / "project", source / "content")
    if not forced:
        result = run_build(project)
        assert result.returncode == 0, result.stdout + result.stderr
        return project / "site"
    generated = generate(project, today=dt.date(2026, 11, 23), strict=False)
    result = run_build(project, config="build/mkdocs.yml")
    assert result.returncode == 0, result.stderr
    postbuild.run(generated.ctx, project / "site")  # the search index; the link check's findings are not the point here
    return project / "site"


@pytest.fixture(scope="module", params=["checked", "forced"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp(f"injection-{request.param}"), request.param == "forced")


def _pages(site: Path) -> list[str]:
    return sorted("" if p.parent == site else p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html"))


def test_no_page_carries_script_from_content(built: Path) -> None:
    urls = _pages(built)
    assert ITEM in urls and "zhinan/" in urls and "ndbg/2024/" in urls and len(urls) > 20
    for url in urls:
        doc = page(built, url)
        for node in doc.iter():
            where = f"{url}: <{node.tag} {node.attrs}>"
            assert not [a for a in node.attrs if a.startswith("on")], where
            assert node.tag not in ("iframe", "object", "embed", "frame", "base", "math"), where
            assert node.tag != "svg" or all(a.tag != "article" for a in node.ancestors()), where
            if node.tag == "script":
                assert "src" in node.attrs or node.attrs.get("type") in ("application/json", "application/ld+json"), where
            if node.tag == "meta":
                assert node.attrs.get("http-equiv", "").lower() in ("", "content-security-policy"), where
            for name in ("href", "src", "action", "formaction", "poster", "data"):
                if name in node.attrs:
                    assert url_scheme(node.attrs[name]) not in SCRIPT_SCHEMES, where


def _text(node: Node) -> str:
    return " ".join(node.text().split())


def test_plain_text_fields_are_shown_literally(built: Path) -> None:
    item = page(built, ITEM)
    head = item.find("head")
    # The agency's name (a payload too) is part of every page title, shown literally.
    assert _text(head.find("title")) == f"{TITLE_PAYLOAD} - {NAME_PAYLOAD}政府信息公开"
    assert head.find("meta", name="description").attrs["content"] == SUMMARY
    article = content(item)
    assert _text(article.find("h1")) == TITLE_PAYLOAD
    assert _text(item.find("div", data_md_component="header-topic")) == TITLE_PAYLOAD
    crumbs = [_text(li) for li in article.find("nav", cls="xxgk-breadcrumbs").find_all("li")]
    assert crumbs[-2:] == [COLUMNS["jgzn"], TITLE_PAYLOAD]
    cells = [c for c in article.find("table", cls="xxgk-meta").iter() if c.tag in ("th", "td")]
    meta = {_text(cells[i]): _text(cells[i + 1]) for i in range(0, len(cells), 2)}
    assert meta["发布机构"] == TEXT_PAYLOAD and meta["发文机关"] == TITLE_PAYLOAD and meta["标题"] == TITLE_PAYLOAD
    assert meta["服务对象"] == "<img src=x onerror=alert(1)>" and meta["文号"] == DOC_NO and meta["体裁分类"] == GENRE
    # The footer (every page) and the navigation (every page, from site.yml's columns).
    footer = _text(item.find("footer", cls="xxgk-footer"))
    for text in (TITLE_PAYLOAD, TEXT_PAYLOAD, "电话 " + TITLE_PAYLOAD, "<img src=x onerror=alert(1)>", "</footer><script>alert(1)</script>"):
        assert text in footer
    # Material's (a page in the navigation) holds every column; ours (an item page) the parts' columns.
    for doc, names in ((page(built, "fdzdgknr/"), COLUMNS.values()), (item, [COLUMNS["jgzn"], COLUMNS["zcwj"]])):
        nav_cls = "md-nav--primary" if doc is not item else "xxgk-sidenav"
        nav = [_text(n) for n in doc.find("nav", cls=nav_cls).iter() if n.tag in ("a", "label") and n.text().strip()]
        assert set(names) <= set(nav)
    # Pages built from other plain-text fields.
    assert _text(content(page(built, "zhidu/evil/")).find("h1")) == "制度" + TITLE_PAYLOAD
    guide = content(page(built, "zhinan/"))
    assert _text(guide.find("h1")) == "指南" + TITLE_PAYLOAD
    assert "五、章节" + TITLE_PAYLOAD in [_text(h) for h in guide.find_all("h2")]
    office = {_text(r.find("th")): _text(r.find("td")) for r in guide.find("table", cls="xxgk-office").find_all("tr")}
    assert office["名称"] == TITLE_PAYLOAD and office["互联网联系方式"] == "javascript:alert(1)"
    assert _text(content(page(built, "ndbg/2024/")).find("h1")) == "年报" + TITLE_PAYLOAD
    assert NAME_PAYLOAD in _text(content(page(built, "")).find("p", cls="xxgk-lead"))
    listing = content(page(built, "fdzdgknr/jgzn/"))
    assert _text(listing.find("h1")) == COLUMNS["jgzn"]
    assert _text(listing.find("p", cls="xxgk-lead")) == TEXT_PAYLOAD
    assert TITLE_PAYLOAD in [_text(a) for a in list_links(listing)]
    catalogue = page(built, "xxgkml/bzml/evil/")
    assert "涉农" + TITLE_PAYLOAD in _text(content(catalogue).find("nav", cls="xxgk-breadcrumbs"))
    assert _text(catalogue.find("title")).startswith(NAME_PAYLOAD + "涉农" + TITLE_PAYLOAD)
    # The interpretation's banner names the policy it interprets, in 《》.
    notice = _text(content(page(built, INTERPRETATION)).find("div", cls="xxgk-notice--link"))
    assert "规范性文件" + TEXT_PAYLOAD in notice


def test_markdown_fields_keep_text_and_lose_what_runs(built: Path) -> None:
    body = " ".join(_text(d) for d in content(page(built, ITEM)).find_all("div", cls="xxgk-body"))
    assert "第一段" in body and "文字。" in body and "粗体" in body and "alert" not in body
    links = [a for a in content(page(built, ITEM)).find_all("a") if _text(a) in ("点我", "实体", "大小写", "数据", "原始链接", "空白", "vb")]
    assert all("href" not in a.attrs for a in links)
    # A heading keeps its text and its anchor; the script in it is gone.
    headings = [h for h in content(page(built, ITEM)).find_all("h2") if _text(h) == "小标题"]
    assert headings and headings[0].attrs.get("id")


# ── in Chromium ──────────────────────────────────────────────────────────────

# Clicks every link of the article, one after the other. Links to pages are not
# followed (the page would change under the test); any other link (javascript:,
# data: …) is left to the browser, and given time to run.
_CLICK_ALL = """async () => {
  const web = (a) => /^https?:$/.test(a.protocol);
  document.addEventListener("click", (event) => {
    const a = event.target.closest("a");
    if (a && web(a)) event.preventDefault();
  }, true);
  const links = [...document.querySelectorAll("article a")];
  for (const a of links) {
    a.click();
    if (!web(a)) await new Promise((done) => setTimeout(done, 50));
  }
  return links.length;
}"""


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[str]:
    url, server = serve(built)
    yield url
    server.shutdown()


def _visit(browser, urls: list[str], bypass_csp: bool) -> list[str]:  # type: ignore[no-untyped-def]
    """Load each page, click every link of its article; the dialogs that opened."""
    context = browser.new_context(bypass_csp=bypass_csp, locale="zh-CN")
    dialogs: list[str] = []
    try:
        tab = context.new_page()
        tab.on("dialog", lambda d: (dialogs.append(f"{tab.url}: {d.message}"), d.dismiss()))
        for url in urls:
            tab.goto(url)
            assert tab.evaluate(_CLICK_ALL) > 0, url  # every page has links (breadcrumbs at least)
            tab.wait_for_timeout(50)
    finally:
        context.close()
    return dialogs


@pytest.mark.browser
def test_harness_sees_a_dialog(browser) -> None:  # type: ignore[no-untyped-def]
    """The harness itself can fail: a javascript: link clicked opens a dialog."""
    context = browser.new_context()
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    tab.set_content('<article><a href="#a">a</a><a href="javascript:alert(7)">x</a><a href="#b">b</a><a href="javascript:alert(8)">y</a></article>')
    assert tab.evaluate(_CLICK_ALL) == 4
    tab.wait_for_timeout(50)
    context.close()
    assert dialogs == ["7", "8"]


@pytest.mark.browser
@pytest.mark.parametrize("bypass_csp", [True, False], ids=["without-csp", "with-csp"])
def test_no_dialog_on_any_page_or_click(browser, built: Path, served: str, bypass_csp: bool) -> None:  # type: ignore[no-untyped-def]
    assert _visit(browser, [served + url for url in _pages(built)], bypass_csp) == []


@pytest.mark.browser
def test_search_results_show_titles_as_text(browser, served: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(bypass_csp=True, locale="zh-CN")
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    tab.goto(served + "search/?q=" + "规范性文件")
    tab.wait_for_selector('[data-xxgk-search][data-state="done"]', timeout=20_000)
    titles = tab.locator(".xxgk-result__title a").all_inner_texts()
    facets = tab.locator("[data-xxgk-facets]").inner_text()
    context.close()
    assert "规范性文件" + TEXT_PAYLOAD in [t.strip() for t in titles]
    assert COLUMNS["gfxwj"] in facets  # the 栏目 facet
    assert dialogs == []
