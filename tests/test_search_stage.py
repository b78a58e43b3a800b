"""The folders Pagefind reads, one per search shard, are kept between builds
(``build/cache/search-runs/<shard>``, generator/search/indexer.py ``StageStore.stage_run``):
a rebuild replaces only what changed in them instead of making a folder per page. Each test
leaves a kept folder as a wrong shortcut would (a page that left the shard, a staged page
missing, a stray page and no list of what is there) and checks that the rebuilt index holds
exactly the site's pages, as a cold build's does."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import make_project
from test_static_files import ITEM, ITEM_URL, _build, _records

from generator.search.indexer import RUN_PAGES, STAGE_RUNS


def _runs(project: Path) -> dict[str, list[str]]:
    """Each kept shard folder's list of pages."""
    runs = project / "build" / "cache" / STAGE_RUNS
    return {run.name: (run / RUN_PAGES).read_text(encoding="utf-8").split() for run in runs.iterdir()}


def _run_of(project: Path, url: str) -> Path:
    (name,) = [name for name, urls in _runs(project).items() if url in urls]
    return project / "build" / "cache" / STAGE_RUNS / name


def test_a_deleted_page_leaves_its_shards_folder_and_the_index(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    _build(project)
    run = _run_of(project, ITEM_URL)
    assert (run / ITEM_URL / "index.html").is_file()
    (project / ITEM).unlink()
    _build(project)
    fresh = make_project(tmp_path / "fresh", project / "content")
    _build(fresh)
    assert _records(project / "site") == _records(fresh / "site")
    assert ITEM_URL not in {url for urls in _runs(project).values() for url in urls}
    assert not (run / ITEM_URL / "index.html").exists()


def test_a_damaged_shard_folder_is_put_right(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    _build(project)
    cold = _records(project / "site")
    run = _run_of(project, ITEM_URL)
    other = next(url for url in _runs(project)[run.name] if url.startswith("doc/") and url != ITEM_URL)
    item = project / ITEM
    original = item.read_text(encoding="utf-8")

    # A staged page gone from the folder (its copy in the store is still current): staged again.
    (run / other / "index.html").unlink()
    item.write_text(original.replace("title: ", "title: 修订：", 1), encoding="utf-8")  # the shard is indexed again
    _build(project)
    assert set(_records(project / "site")) == set(cold)
    assert (run / other / "index.html").is_file()

    # A page the list does not name, and no list (a build killed before writing it): made afresh.
    stray = run / "doc" / "not-a-page" / "index.html"
    stray.parent.mkdir()
    shutil.copy(run / other / "index.html", stray)
    (run / RUN_PAGES).unlink()
    item.write_text(original, encoding="utf-8")
    _build(project)
    assert _records(project / "site") == cold  # the content is the first, cold, build's again
    assert not stray.exists()
