"""The preview's fast render (issue 11): in ``xxgk serve`` an edit of an
item's file shows on the item's page first, rendered from the last build's
model, and the full rebuild behind it then brings it to the listings and the
notices of other items; the page the full rebuild writes is the page the fast
render wrote. An edit the item's own checks refuse is never shown: the error
page comes instead, at once. An edit of anything else is a full rebuild as before
(``tests/test_page_inputs.py``: site.yml and theme changes in a preview)."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import make_project
from test_browser_preview import ERROR_TITLE, Preview, _open, _wait_for_title
from test_page_inputs import COLUMN, INTERPRETED, INTERPRETER, NEW, OLD, OLD_IN_NOTICE, _fetch, _rewrite, _until, _url
from test_page_inputs import preview as preview  # the fixture (`xxgk serve` of the sample), under its name

from generator import fast_render
from generator.build import generate
from generator.dates import today_from
from generator.fill import Engine, Plan

_RELOAD = re.compile(r"<script>\s*var livereload = .*?</script>", re.S)  # MkDocs's script carries the epoch


def _page(url: str) -> str:
    return _RELOAD.sub("", _fetch(url))


def test_an_item_edit_shows_on_its_page_first_then_everywhere(preview: Preview) -> None:
    project, base = preview.project, preview.url
    item = base + _url(project, INTERPRETER)
    assert OLD in _until(item, OLD) and OLD in _fetch(base + COLUMN)
    _rewrite(project / INTERPRETER, f"title: {OLD}", f"title: {NEW}")
    end = time.monotonic() + 60
    while f"<title>{NEW}" not in (first := _page(item)):
        assert time.monotonic() < end, "the edit never showed"
        time.sleep(0.02)
    listing_then = _fetch(base + COLUMN)
    preview.wait_for("fast render of " + _url(project, INTERPRETER), 10)
    # The item page came before the full rebuild had reached the listing.
    assert OLD in listing_then and NEW not in listing_then
    # Then the full rebuild: the listing and the interpreted document's notice.
    assert OLD not in _until(base + COLUMN, NEW)
    page = _until(base + _url(project, INTERPRETED), f"《{NEW}》")
    assert OLD_IN_NOTICE not in page
    preview.wait_for("Reloading browsers", 30)  # the full rebuild is done (the fast render reloads silently)
    assert _page(item) == first  # the full rebuild wrote the page the fast render wrote


def test_an_edit_its_own_checks_refuse_shows_the_error_page_at_once_never_the_page(preview: Preview) -> None:
    project, base = preview.project, preview.url
    item = base + _url(project, INTERPRETER)
    _until(item, OLD)
    text = (project / INTERPRETER).read_text(encoding="utf-8")
    broken = re.sub(r"^published: .*$", "published: 2026-02-30", text, count=1, flags=re.M).replace(f"title: {OLD}", f"title: {NEW}")
    assert broken != text
    (project / INTERPRETER).write_text(broken, encoding="utf-8")
    end = time.monotonic() + 60
    while ERROR_TITLE not in (page := _fetch(item)):
        assert NEW not in page, "the refused edit was shown"
        assert time.monotonic() < end, "no error page"
        time.sleep(0.05)
    output = "".join(preview.output)
    assert "fast render of" not in output and "fast check found 1 error(s)" in output
    assert f"{INTERPRETER}:5" in page and "2026-02-30" in page  # the file, line and value
    preview.wait_for("内容检查未通过", 60)  # the full rebuild's list
    # Fixed: the page is back from the fast render (the errors were all in the file edited).
    (project / INTERPRETER).write_text(text, encoding="utf-8")
    end = time.monotonic() + 60
    while ERROR_TITLE in (page := _fetch(item)):
        assert time.monotonic() < end, "the fixed file never brought the page back"
        time.sleep(0.05)
    assert f"<title>{OLD}" in page
    preview.wait_for("fast render of", 10)


def test_only_item_files_that_keep_their_url_are_rendered_fast(project: Path, tmp_path: Path) -> None:
    generated = generate(project, docs_dir=tmp_path / "docs", today=today_from(), shells=True)
    items = {item.rel: item for item in generated.site.items}
    edited = project / INTERPRETER
    # No shells compiled: the page would be written nowhere; a fake shell records the fill.
    filled: list[str] = []

    class Recorder:
        def fill(self, parts) -> str:  # type: ignore[no-untyped-def]
            filled.append(parts.title)
            return parts.content

    plan = Plan(pages=generated.plan.pages, compiled={shell.url: Recorder() for _, shell in generated.plan.pages})  # type: ignore[misc]
    served = fast_render.Served.of(generated.ctx, plan, Engine(), tmp_path / "site")
    (tmp_path / "site" / items[INTERPRETER].url).mkdir(parents=True)
    _rewrite(edited, f"title: {OLD}", f"title: {NEW}")
    scratch = edited.parent / f".{edited.name}.swp"
    scratch.write_text("vim", encoding="utf-8")
    outcome = fast_render.render(served, [str(edited), str(scratch), str(edited) + "~"])
    assert outcome is not None and outcome.urls == [items[INTERPRETER].url] and not outcome.problems
    assert filled == [NEW] and items[INTERPRETER].title == NEW
    assert NEW in (tmp_path / "site" / items[INTERPRETER].url / "index.html").read_text(encoding="utf-8")
    # Anything else goes to the full rebuild: another file, a new item, a moved page.
    assert fast_render.render(served, [str(project / "content" / "site.yml")]) is None
    new_item = edited.parent / "new.md"
    new_item.write_text(edited.read_text(encoding="utf-8"), encoding="utf-8")
    assert fast_render.render(served, [str(new_item)]) is None
    _rewrite(edited, "title:", "slug: moved\ntitle:")
    assert fast_render.render(served, [str(edited)]) is None
    # While the error page names another file, an edit of this one does not end it.
    _rewrite(edited, "slug: moved\n", "")
    assert fast_render.render(served, [str(edited)], shown={"content/site.yml"}) is None
    _rewrite(edited, "title:", "slug: moved\ntitle:")
    # A file its own checks refuse: its errors, and nothing written.
    _rewrite(edited, "slug: moved\ntitle:", "title：")
    outcome = fast_render.render(served, [str(edited)])
    assert outcome is not None and not outcome.urls
    assert [(p.path, p.line, p.rule) for p in outcome.problems.errors] == [(INTERPRETER, 2, "source.syntax")]
    # And a script address in the body (the check across the site's Markdown, for this file alone).
    _rewrite(edited, "title：", "title:")
    edited.write_text(edited.read_text(encoding="utf-8") + "\n[点我](javascript:alert(1))\n", encoding="utf-8")
    outcome = fast_render.render(served, [str(edited)])
    assert outcome is not None and not outcome.urls and [p.path for p in outcome.problems.errors] == [INTERPRETER]
    assert filled == [NEW]


def test_reading_files_is_no_change_only_writes_rebuild(preview: Preview) -> None:
    """The preview watches writes only (inotify where there is one): the error page reads the
    line it shows from the content file on every request, and that must not start a rebuild."""
    project, base = preview.project, preview.url
    path = project / INTERPRETER
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "title：", 1), encoding="utf-8")
    _until(base, ERROR_TITLE)
    builds = "".join(preview.output).count("Building documentation")
    for _ in range(5):
        assert "title：" in _fetch(base + COLUMN)  # the error page, with the line read from the file
        path.read_bytes()
        time.sleep(0.3)
    assert "".join(preview.output).count("Building documentation") == builds
    path.write_text(path.read_text(encoding="utf-8").replace("title：", "title:", 1), encoding="utf-8")
    end = time.monotonic() + 60
    while ERROR_TITLE in (page := _fetch(base + COLUMN)):
        assert time.monotonic() < end, "the fixed file never brought the page back"
        time.sleep(0.1)
    assert OLD in page


def test_mkdocs_yml_saved_by_renaming_over_it_rebuilds_every_time(preview: Preview) -> None:
    """Editors that save by writing a new file and renaming it over the old one (vim, many IDEs):
    the watcher keeps hearing mkdocs.yml after the first such save."""
    assert "with inotify, for writes only" in "".join(preview.output)  # not MkDocs's polling
    config = preview.project / "mkdocs.yml"
    builds = "".join(preview.output).count("Building documentation")
    for n in (1, 2):
        scratch = config.with_name(f".mkdocs.yml.{n}")
        scratch.write_text(config.read_text(encoding="utf-8") + f"# saved {n}\n", encoding="utf-8")
        os.replace(scratch, config)
        preview.wait_for("Building documentation", 60, count=builds + n)


# A rebuild as long as a large site's (~100 s at 100 000 items), through MkDocs's own hooks: listed
# before xxgk's, it waits in ``on_post_build`` before xxgk writes the pages it read at its start.
_SLOW_HOOK = """import time
from pathlib import Path


def on_post_build(config):
    gate = Path(config.config_file_path).parent / "slow-rebuild"
    if gate.exists():
        time.sleep(float(gate.read_text()))
"""


@pytest.fixture
def slow_preview(tmp_path: Path) -> Iterator[Preview]:
    project = make_project(tmp_path / "project")
    (project / "slow_hook.py").write_text(_SLOW_HOOK, encoding="utf-8")
    _rewrite(project / "mkdocs.yml", "hooks:\n", "hooks:\n  - slow_hook.py\n")
    server = Preview(project)
    yield server
    server.stop()


def _title(page) -> str | None:  # type: ignore[no-untyped-def]
    """The open page's title (Chromium's "Loading …" while it reloads), or None between two documents."""
    try:
        return page.title()
    except Exception:  # noqa: BLE001
        return None


@pytest.mark.browser
def test_a_save_during_a_long_rebuild_shows_at_once_and_never_goes_back(slow_preview: Preview, browser) -> None:  # type: ignore[no-untyped-def]
    """An editor saves, then saves again while the rebuild behind the first save runs: the
    second save shows without waiting for that rebuild, and the page never shows the first
    save's text again, neither when that rebuild writes the page it read nor afterwards."""
    project, base, preview = slow_preview.project, slow_preview.url, slow_preview
    item = base + _url(project, INTERPRETER)
    page = _open(browser, item)
    assert page.title().startswith(OLD)
    first, second = "第一次保存的标题", "第二次保存的标题"
    (project / "slow-rebuild").write_text("6", encoding="utf-8")
    rebuilt = "".join(preview.output).count("Reloading browsers")
    _rewrite(project / INTERPRETER, f"title: {OLD}", f"title: {first}")
    _wait_for_title(page, lambda title: title.startswith(first), 10)
    time.sleep(0.5)
    assert "".join(preview.output).count("Reloading browsers") == rebuilt, "the rebuild was over too soon for this test"
    saved = time.monotonic()
    _rewrite(project / INTERPRETER, f"title: {first}", f"title: {second}")
    _wait_for_title(page, lambda title: title.startswith(second), 3)  # the browser reloads itself
    shown = time.monotonic() - saved
    assert "".join(preview.output).count("Reloading browsers") == rebuilt, "shown only after the rebuild"
    assert shown < 3 and f"<title>{second}" in _page(item)
    (project / "slow-rebuild").unlink()
    # The first save's rebuild writes its page (older), then the second save's rebuild runs.
    end = time.monotonic() + 90
    while "".join(preview.output).count("Reloading browsers") < rebuilt + 2:
        assert time.monotonic() < end, "".join(preview.output)
        assert f"<title>{second}" in _page(item), "the page went back to the older text"
        assert not (_title(page) or "").startswith((first, OLD)), "the open page went back to the older text"
        time.sleep(0.05)
    time.sleep(1)
    assert f"<title>{second}" in _page(item) and page.title().startswith(second)
    assert second in _until(base + COLUMN, second) and first not in _fetch(base + COLUMN)  # the rebuilds brought it everywhere


def test_an_item_rendered_fast_shows_its_own_banner_anew(project: Path, tmp_path: Path) -> None:
    """The build keeps an item's banners (``pages.blocks.notices``): a fast render, which
    changes the item in place, must make them again (the date a document lapsed is its own)."""
    generated = generate(project, docs_dir=tmp_path / "docs", today=today_from(), shells=True)
    lapsed = "content/items/zcwj/gfxwj/2020-00003-gengdi-butie-banfa-2020.md"
    item = next(i for i in generated.site.items if i.rel == lapsed)

    class Recorder:
        def fill(self, parts) -> str:  # type: ignore[no-untyped-def]
            return parts.content

    plan = Plan(pages=generated.plan.pages, compiled={shell.url: Recorder() for _, shell in generated.plan.pages})  # type: ignore[misc]
    served = fast_render.Served.of(generated.ctx, plan, Engine(), tmp_path / "site")
    (tmp_path / "site" / item.url).mkdir(parents=True)
    _rewrite(project / lapsed, "expires: 2023-03-31", "expires: 2023-03-30")
    outcome = fast_render.render(served, [str(project / lapsed)])
    assert outcome is not None and outcome.urls == [item.url] and not outcome.problems
    page = (tmp_path / "site" / item.url / "index.html").read_text(encoding="utf-8")
    assert "本文件已于 2023年3月30日废止" in page and "2023年3月31日" not in page
