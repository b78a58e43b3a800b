"""Item pages cost what changed (issue 11): an item page's front matter (the
features' head and tail: Open Graph, JSON-LD, search fields) is computed again
only when the digest of its inputs changed (``generator/pages/items.py``), kept
on disk for ``mkdocs build`` and in memory for the preview. What an edit
touches must still show everywhere: a title change on the item's page (its
<title>, heading and JSON-LD), its column's listing and the interpretation whose
notice names it, in a build and in a preview; a change of site.yml reaches
every item page, and so does a change of the theme in a preview."""

from __future__ import annotations

import shutil
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import make_project, run_build
from test_browser_preview import Preview

from generator.loader import item_slug

INTERPRETER = "content/items/zcjd/2026-00007-jiedu-shehuihua-fuwu.md"  # the item edited
INTERPRETED = "content/items/zcwj/gfxwj/2026-00006-shehuihua-fuwu-xiangmu.md"  # its 政策解读 notice names INTERPRETER
UNRELATED = "content/items/zcjd/2025-00007-jiedu-jiating-nongchang-wenda.md"
COLUMN = "fdzdgknr/zcjd/"  # INTERPRETER's column
OLD = "《溪川县农业生产社会化服务项目实施办法》解读"
OLD_IN_NOTICE = "《〈溪川县农业生产社会化服务项目实施办法〉解读》"
NEW = "溪川县农业生产社会化服务项目实施办法问答（页面输入测试改名）"
OLD_URL = "https://xxgk.example.gov.cn/"
NEW_URL = "https://xxgk-changed.example.gov.cn/"


def _url(project: Path, rel: str) -> str:
    path = project / rel
    meta = yaml.safe_load(path.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---\n"))
    return f"doc/{item_slug(meta, path)}/"


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _listings(pages: dict[str, str], text: str) -> list[str]:
    return [url for url, html in pages.items() if text in html and not url.startswith("doc/")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("inputs") / "project")
    result = run_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project


def _site_pages(project: Path) -> dict[str, str]:
    site = project / "site"
    return {str(p.parent.relative_to(site)) + "/": p.read_text(encoding="utf-8") for p in site.rglob("index.html")}


def test_a_title_edit_shows_everywhere_after_a_build(built: Path) -> None:
    before = _site_pages(built)
    item, interpreted = _url(built, INTERPRETER), _url(built, INTERPRETED)
    assert OLD in before[item] and OLD_IN_NOTICE in before[interpreted] and COLUMN in _listings(before, OLD)
    _rewrite(built / INTERPRETER, f"title: {OLD}", f"title: {NEW}")
    result = run_build(built)
    assert result.returncode == 0, result.stderr[-3000:]
    after = _site_pages(built)
    page = after[item]
    assert f"<title>{NEW}" in page and f'"headline":"{NEW}"' in page and f'content="{NEW}"' in page  # title, JSON-LD, Open Graph
    assert f"《{NEW}》" in after[interpreted]  # its 政策解读 notice
    assert set(_listings(after, NEW)) >= set(_listings(before, OLD))  # its column, year view, catalogue …
    assert not [url for url, html in after.items() if OLD in html or OLD_IN_NOTICE in html]  # nothing stale


def test_a_site_yml_change_reaches_every_item_page(built: Path) -> None:
    unrelated = _url(built, UNRELATED)
    assert f'"@id":"{OLD_URL}{unrelated}"' in _site_pages(built)[unrelated]
    _rewrite(built / "content" / "site.yml", f"url: {OLD_URL}", f"url: {NEW_URL}")
    result = run_build(built)
    assert result.returncode == 0, result.stderr[-3000:]
    pages = _site_pages(built)
    items = [html for url, html in pages.items() if url.startswith("doc/")]
    assert f'"@id":"{NEW_URL}{unrelated}"' in pages[unrelated]
    assert items and all(OLD_URL not in html for html in items)


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (127.0.0.1 only)
        return response.read().decode("utf-8")


def _until(url: str, text: str, timeout: float = 90) -> str:
    end = time.monotonic() + timeout
    while True:
        page = _fetch(url)
        if text in page:
            return page
        assert time.monotonic() < end, f"{url} never showed {text!r}"
        time.sleep(0.2)


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    server = Preview(make_project(tmp_path / "project"))
    yield server
    server.stop()


def test_a_title_edit_and_a_site_yml_change_show_in_the_preview(preview: Preview) -> None:
    project, base = preview.project, preview.url
    item, interpreted, unrelated = _url(project, INTERPRETER), _url(project, INTERPRETED), _url(project, UNRELATED)
    assert OLD in _until(base + item, OLD) and OLD_IN_NOTICE in _fetch(base + interpreted) and OLD in _fetch(base + COLUMN)
    _rewrite(project / INTERPRETER, f"title: {OLD}", f"title: {NEW}")
    page = _until(base + item, f"<title>{NEW}")
    assert f'"headline":"{NEW}"' in page and OLD not in page
    # The item's page shows first (the fast render, tests/test_fast_render.py), the full rebuild then the rest.
    page = _until(base + interpreted, f"《{NEW}》")
    assert OLD_IN_NOTICE not in page
    page = _until(base + COLUMN, NEW)
    assert OLD not in page
    # site.yml is read by every item page's JSON-LD: a change reaches the pages no edit touched.
    _rewrite(project / "content" / "site.yml", f"url: {OLD_URL}", f"url: {NEW_URL}")
    page = _until(base + unrelated, f'"@id":"{NEW_URL}{unrelated}"')
    assert OLD_URL not in page


def test_a_theme_change_reaches_item_pages_in_the_preview(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    overrides = project / "overrides"
    target = overrides.resolve()
    overrides.unlink()  # a copy of its own: the test edits it
    shutil.copytree(target, overrides)
    server = Preview(project)
    try:
        item, base = _url(project, UNRELATED), server.url
        _until(base + item, "<title>")
        # Two rebuilds first: a theme change must reach pages after any number of them.
        for n in (1, 2):
            _rewrite(project / INTERPRETER, f"title: {OLD if n == 1 else NEW}", f"title: {NEW if n == 1 else OLD}")
            _until(base + _url(project, INTERPRETER), f"<title>{NEW if n == 1 else OLD}")
        marker = "<!-- xxgk-theme-change-test -->"
        _rewrite(overrides / "main.html", "{% block extrahead %}", "{% block extrahead %}" + marker)
        _until(base + item, marker)
    finally:
        server.stop()


REPEALER = "content/items/zcwj/gfxwj/2023-00008-gaobiao-nongtian-xiangmu-guanli.md"
REPEALED = "content/items/zcwj/qtwj/2020-00001-2020-chunji-nongye-shengchan.md"  # no lifecycle key: no 有效性 row


def test_another_items_repeal_reaches_an_unchanged_items_metadata_block(tmp_path: Path) -> None:
    """An edit to one item can change another's 有效性 (its ``repeals``): the untouched
    page shows 废止 after the rebuild, also without the policy feature, whose notices
    would otherwise carry the change (the core metadata rows are hashed by what they are
    made of, the validity among it, not computed for every page: pages/items.page_inputs)."""
    project = make_project(tmp_path / "project")
    config = project / "content/site.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nfeatures:\n  policy: false\n", encoding="utf-8")
    first = run_build(project)
    assert first.returncode == 0, first.stderr[-3000:]
    page = project / "site" / _url(project, REPEALED) / "index.html"
    row = '<th scope="row">有效性</th><td>废止</td>'
    assert "有效性" not in page.read_text(encoding="utf-8")
    _rewrite(project / REPEALER, "validity: 有效\n", "validity: 有效\nrepeals: XCNY00001/2020-00001\n")
    second = run_build(project)
    assert second.returncode == 0, second.stderr[-3000:]
    assert row in page.read_text(encoding="utf-8")
    assert "xxgk-notice" not in page.read_text(encoding="utf-8")  # no policy notice carried it


def test_the_inputs_prepare_makes_are_each_pages_own() -> None:
    """``items.prepare`` makes every item's inputs with what items share looked up once (the
    day's version, the lifecycle, each column's trail): they equal ``page_inputs`` asked of
    each item alone, in every column of the sample (nested ones among them)."""
    import datetime as dt

    from conftest import SAMPLE

    from generator.build import check
    from generator.pages import items

    ctx, _ = check(SAMPLE.parent, dt.date(2026, 11, 23))
    items.prepare(ctx)
    made = dict(items.page_digests(ctx.site))
    assert len({id(item.column) for item in ctx.site.items}) > 10
    for item in ctx.site.items:
        alone = items.page_inputs(ctx, item, items.notices(ctx, item), items.feature_rows(ctx, item))
        assert made[id(item)] == alone, item.rel
