"""Memory bounded by a constant (issue 11): a build holds no item page's parts
from planning to filling, keeps nothing per page for a next build it will not
run, and its per-file memo is read from disk record by record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import make_project

from generator import caches, diskmemo
from generator.build import generate
from generator.markup import Rendered, render_markdown
from generator.pages import items as item_pages
from generator.sources import PackedLines


@pytest.fixture
def build_mode() -> Iterator[None]:
    """As under ``mkdocs build`` (the adapter sets it from MkDocs's command)."""
    caches.reset()
    caches.keep_between_builds(False)
    try:
        yield
    finally:
        caches.keep_between_builds(True)
        caches.reset()


def test_item_pages_are_planned_without_their_parts(tmp_path: Path, build_mode: None) -> None:
    project = make_project(tmp_path / "project")
    generated = generate(project, shells=True)
    items = {item.url for item in generated.site.items}
    planned = [spec for spec, _shell in generated.plan.pages if spec.url in items]
    assert planned and len(planned) == len(items)
    for spec in planned:
        # Only what routing reads: no title, no Open Graph, JSON-LD or search fields.
        assert callable(spec.context) and set(spec.front) <= {"xxgk_kind", "hide", "xxgk_search", "xxgk_compact", "xxgk_published"}
    assert not item_pages._fronts
    # The parts are computed when the page is filled, and are the same as a preview's.
    spec = planned[0]
    built = spec.variables()["front"]
    assert "xxgk_head" in built.values and "application/ld+json" in built.values["xxgk_head"]
    assert not item_pages._fronts
    caches.keep_between_builds(True)
    assert str(spec.variables()["front"]) == str(built)
    assert item_pages._fronts  # a preview keeps it for its next build



def test_a_first_build_keeps_each_items_key_lines_packed_as_a_rebuild_does(tmp_path: Path, build_mode: None) -> None:
    # A first build parses every file: it held each item's map of key lines unpacked
    # (~110 MB at 100 000 items, to the build's end), where a rebuild holds the packed bytes.
    project = make_project(tmp_path / "project")
    try:
        diskmemo.open_memo(tmp_path / "memo", "v1")
        items = generate(project, shells=True).site.items
        assert items and all(isinstance(item.lines, PackedLines) for item in items)
        item = items[0]
        assert item.lines[("title",)] == 2  # still answers where a key is, for a message
    finally:
        diskmemo.save()


def test_the_memo_reads_back_what_a_build_wrote(tmp_path: Path) -> None:
    rendered = render_markdown("# 标题\n\n正文<script>x</script> [链接](https://example.cn/)\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n")
    source = ("content/items/a.md", {"title": "标题", "keywords": ["甲", "乙"]}, {(): 2, ("title",): 2, ("keywords", 0): 3}, "正文", 5)
    folder = tmp_path / "cache"
    try:
        diskmemo.open_memo(folder, "v1")
        diskmemo.put("markdown", b"m" * 16, rendered.plain())
        diskmemo.put("source", b"s" * 16, source)
        assert Rendered.from_plain(diskmemo.get("markdown", b"m" * 16)) == rendered  # read back in the same build
        diskmemo.save()
        diskmemo.open_memo(folder, "v1")
        assert Rendered.from_plain(diskmemo.get("markdown", b"m" * 16)) == rendered
        assert diskmemo.get("valid", b"s" * 16) is None
        diskmemo.put("valid", b"v" * 16, "x" * 5000)
        diskmemo.save()  # appended to the file: nothing was copied, so nothing is compacted yet
        diskmemo.open_memo(folder, "v1")
        assert diskmemo.get("source", b"s" * 16) == source and diskmemo.get("markdown", b"m" * 16) is not None
        diskmemo.save()  # what this build did not use (the 5 KB record) outweighs what it did: compacted
        diskmemo.open_memo(folder, "v1")
        assert diskmemo.get("valid", b"v" * 16) is None and diskmemo.get("source", b"s" * 16) == source
        assert diskmemo.get("markdown", b"m" * 16) is not None
        diskmemo.save()
        # A record cut short (a build killed while writing it) is dropped; the whole ones before it stay.
        path = folder / "memo-v1.records"
        assert (folder / "memo-v1.index").is_file()  # the saved index (read instead of every record's header)
        diskmemo.open_memo(folder, "v1")
        assert diskmemo.get("source", b"s" * 16) and diskmemo.get("markdown", b"m" * 16)
        diskmemo.put("valid", b"w" * 16, "y" * 100)
        diskmemo.save()
        path.write_bytes(path.read_bytes()[:-3])
        diskmemo.open_memo(folder, "v1")
        assert diskmemo.get("valid", b"w" * 16) is None and diskmemo.get("source", b"s" * 16) == source
        assert diskmemo.get("markdown", b"m" * 16) is not None
        diskmemo.put("valid", b"w" * 16, "y" * 100)  # written again where the cut record was
        diskmemo.save()
        diskmemo.open_memo(folder, "v1")
        assert diskmemo.get("valid", b"w" * 16) == "y" * 100 and diskmemo.get("markdown", b"m" * 16) is not None
        diskmemo.save()
        # Not a memo file of ours (another format): started afresh.
        path.write_bytes(b"something else")
        diskmemo.open_memo(folder, "v1")
        assert diskmemo.get("source", b"s" * 16) is None
    finally:
        caches.reset()


def test_a_build_that_appends_little_leaves_the_index_and_what_it_appended_is_found(tmp_path: Path) -> None:
    """Rewriting the index of every record each build cost ~0.05 s at 10 000 items: a build that
    appended less than diskmemo._INDEX_SLACK leaves it, and the next build reads those records' headers."""
    folder = tmp_path / "cache"
    try:
        diskmemo.open_memo(folder, "v1")
        diskmemo.put("valid", b"a" * 16, "x" * 100)
        diskmemo.save()
        index = folder / "memo-v1.index"
        before = index.read_bytes()
        diskmemo.open_memo(folder, "v1")
        assert diskmemo.get("valid", b"a" * 16) == "x" * 100
        diskmemo.put("valid", b"b" * 16, "y" * 100)
        diskmemo.save()
        assert index.read_bytes() == before  # not rewritten
        diskmemo.open_memo(folder, "v1")
        assert diskmemo.get("valid", b"b" * 16) == "y" * 100 and diskmemo.get("valid", b"a" * 16) == "x" * 100
        diskmemo.save()
    finally:
        caches.reset()


def test_a_very_large_site_is_indexed_in_runs_of_at_most_1000_pages(tmp_path: Path) -> None:
    """Pagefind runs beside the build, which holds the model: past LARGE_SITE_ITEMS items
    a run indexes at most 1 000 pages (~0.43 GB instead of ~0.85 GB), so the two stay under 2 GB."""
    from generator.search.settings import LARGE_SITE_ITEMS, shard_pages

    site = generate(make_project(tmp_path), docs_dir=tmp_path / "docs").site
    assert shard_pages(site) == 2000
    site.items = site.items[:1] * (LARGE_SITE_ITEMS + 1)
    assert shard_pages(site) == 1000
