"""Pages rendered from shells (generator/shell.py, fill.py) are the pages
MkDocs renders: the sample is built twice, with shells and with every page
through MkDocs (XXGK_SHELLS=0), and every HTML page of the two sites is
compared with runs of whitespace made one space (the shell squeezes the
chrome's indentation; nothing else may differ)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import make_project, run_build

from generator.shell import PLACEHOLDER, path_prefixes, shell_url, squeeze

_SPACE = re.compile(r"\s+")


def _normal(path: Path) -> str:
    """A page with the whitespace the browser does not render dropped, as the shell drops it
    (that this changes nothing on screen: test_shell_look.py)."""
    return _SPACE.sub(" ", squeeze(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    base = tmp_path_factory.mktemp("shells")
    shelled, reference = make_project(base / "shelled"), make_project(base / "reference")
    first = run_build(shelled)
    assert first.returncode == 0, first.stderr
    second = run_build(reference, XXGK_SHELLS="0")
    assert second.returncode == 0, second.stderr
    return shelled / "site", reference / "site", first.stderr


def test_shell_pages_are_mkdocs_pages(two_sites: tuple[Path, Path, str]) -> None:
    shelled, reference, log = two_sites
    assert re.search(r"shell pages (\d+) rendered", log), log
    pages = sorted(p.relative_to(reference) for p in reference.rglob("*.html"))
    assert sorted(p.relative_to(shelled) for p in shelled.rglob("*.html")) == pages
    items = [p for p in pages if p.parts[0] == "doc"]
    listings = [p for p in pages if "page" in p.parts or re.search(r"/\d{4}/index\.html$", str(p))]
    assert len(items) > 50 and len(listings) > 10
    differ = [
        str(p)
        for p in pages
        # The inspection page is rendered after the link check: only the shelled build shows its result.
        if p != Path("jcbg/index.html") and _normal(shelled / p) != _normal(reference / p)
    ]
    assert differ == []
    assert "已检查生成的" in (shelled / "jcbg" / "index.html").read_text(encoding="utf-8")
    assert not [p for p in shelled.rglob("*") if PLACEHOLDER in str(p)], "shells left in the site"


def test_item_pages_carry_one_navigation(two_sites: tuple[Path, Path, str]) -> None:
    """Item pages (99 % of a site) carry our left navigation alone, which is the phone
    drawer's too, and no hidden table of contents; their headings keep their anchors."""
    shelled, _, _ = two_sites
    texts = [p.read_text(encoding="utf-8") for p in (shelled / "doc").glob("*/index.html")]
    assert texts and all('class="xxgk-sidenav"' in t and "xxgk-drawer" in t for t in texts)
    assert not [t for t in texts if "md-nav--primary" in t or 'data-md-component="toc"' in t]
    with_headings = [t for t in texts if "<h2 id=" in t]
    assert with_headings, "no item page with headings"
    skip = re.search(r'href="#([^"]+)" class="md-skip"', with_headings[0])
    assert skip and f'<h1 id="{skip.group(1)}"' in with_headings[0]


def test_shell_pages_are_smaller(two_sites: tuple[Path, Path, str]) -> None:
    """The chrome's indentation is squeezed: the same page in fewer bytes."""
    shelled, reference, _ = two_sites
    page = next((shelled / "doc").glob("*/index.html")).relative_to(shelled)
    assert (shelled / page).stat().st_size < 0.93 * (reference / page).stat().st_size


def test_shell_path_keeps_every_relative_link() -> None:
    """A shell stands at the longest prefix leading to a page MkDocs renders,
    with placeholder folders for the rest: links from it equal links from the page."""
    prefixes = path_prefixes({"", "zhinan/", "fdzdgknr/", "fdzdgknr/zcwj/qtwj/", "assets/"})
    assert shell_url("doc/abc/", prefixes) == f"{PLACEHOLDER}/{PLACEHOLDER}/"
    assert shell_url("fdzdgknr/zcwj/qtwj/page/3/", prefixes) == f"fdzdgknr/zcwj/qtwj/{PLACEHOLDER}/{PLACEHOLDER}/"
    assert shell_url("fdzdgknr/zcwj/qtwj/2024/", prefixes) == f"fdzdgknr/zcwj/qtwj/{PLACEHOLDER}/"
    # A page under a page MkDocs renders keeps that page in its shell's path.
    assert shell_url("fdzdgknr/zcwj/gz/2024/", prefixes) == f"fdzdgknr/zcwj/{PLACEHOLDER}/{PLACEHOLDER}/"


def test_item_pages_stay_lean(two_sites: tuple[Path, Path, str]) -> None:
    """Page size (issue 11): an item page's HTML besides its body (benchmarks/speed_bench.py
    measures the same on 10 000 synthetic items). Material's nav of the whole column (9 KB)
    or inline icons coming back would break these bounds."""
    shelled, _, _ = two_sites
    beyond, chrome = [], []
    for path in (shelled / "doc").glob("*/index.html"):
        text = path.read_text(encoding="utf-8")
        body = sum(len(m.encode()) for m in re.findall(r'<div class="xxgk-body">.*?</div>', text, re.S))
        article = re.search(r"<article.*</article>", text, re.S)
        assert article, path
        beyond.append(len(text.encode()) - body)
        chrome.append(len(text.encode()) - len(article.group(0).encode()))
        assert "<svg" not in text.replace(article.group(0), ""), path  # the theme's icons are CSS masks
        head = text.split("<body", 1)[0]
        # Repeated parts that were dropped (issue 11): the generator tag, entity-escaped quotes in the
        # CSP, the WebPage wrapper of the JSON-LD, a span per search field, the title's slug as anchor.
        assert 'name="generator"' not in head and "&#x27;" not in head and '"WebPage"' not in head, path
        # Its search data is staged from the model (search.fields.item_tail), not printed.
        assert "data-pagefind-filter=" not in text and '<h1 id="title">' in text, path
    assert max(chrome) <= 10.5 * 1024, max(chrome)  # everything but the article: head, header, navigation, footer
    # Under the bound of 12 KB, so that 50 000 items fit 1 GB with their listings and index
    # (the sample's documents carry more metadata, notices and attachment lists than the
    # benchmark's: 11.2 KB here, 11.0 KB there; 11.9 and 11.7 KB before the search data and the
    # feed's link left item pages).
    assert sum(beyond) / len(beyond) <= 11.5 * 1024, sum(beyond) / len(beyond)


def test_pages_sharing_front_matter_get_the_shell_of_their_own_path() -> None:
    """fill.plan finds a shell once per shared front matter dict and path shape: two item
    pages with the same routing values (one dict, pages.items._routing) at paths of different
    shapes each get the shell of their own path (links from a shell are links from its page)."""
    from types import SimpleNamespace

    from generator.docs_tree import DocsTree, PageSpec
    from generator.fill import plan

    routing = {"xxgk_kind": "item", "hide": ["toc"], "xxgk_compact": True}
    tree = DocsTree()
    tree.add("zhinan/index.md", "# 指南")  # a page MkDocs renders: zhinan/ leads somewhere
    urls = ["doc/a/", "zhinan/b/", "doc/c/"]
    for url in urls:
        tree.page(PageSpec(url, "item.md.j2", (url,), dict, routing))
    ctx = SimpleNamespace(features=SimpleNamespace(each=lambda name: ()), site=SimpleNamespace(put=lambda key, value: None))
    result = plan(ctx, tree, set(), True)  # type: ignore[arg-type]
    bases = {spec.url: shell.base for spec, shell in result.pages}
    assert bases == {
        "doc/a/": f"{PLACEHOLDER}/{PLACEHOLDER}/",
        "zhinan/b/": f"zhinan/{PLACEHOLDER}/",
        "doc/c/": f"{PLACEHOLDER}/{PLACEHOLDER}/",
    }
    assert len(result.shells) == 2
