"""A rebuild takes an unchanged content file from the build's memo by its identity on
disk (size, modification and change times, inode: ``loader._stat_key``) without reading
it. What an editor or a script does to a file must still show: a file touched but not
changed is the same document, and a file rewritten with the same size whose modification
time was put back (``os.utime``, as a copy or an archive tool does) shows its new text."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from conftest import TODAY, make_project, run_build

ITEM = "content/items/tjxx/2026-00004-2025-nongye-nongcun-jingji-yunxing.md"
ITEM_URL = "doc/xcny00001-2026-00004/"
OLD, NEW = "稳中向好", "稳中有进"  # the same length in UTF-8 bytes


def _build(project: Path) -> tuple[int, int]:
    result = run_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    m = re.search(r"per-file results (\d+) reused, (\d+) made", result.stderr)
    assert m, result.stderr[-3000:]
    return int(m.group(1)), int(m.group(2))


def _page(project: Path) -> str:
    return (project / "site" / ITEM_URL / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("incremental") / "project")
    # A file is known by its times only once they are settled (loader.SETTLED_NS): let the
    # copy's settle, so the first build records every file's identity.
    time.sleep(2.2)
    _build(project)
    assert OLD in _page(project)
    return project


def test_a_touched_file_is_the_same_document(project: Path) -> None:
    path = project / ITEM
    before = {rel: (project / "site" / rel).read_bytes() for rel in (f"{ITEM_URL}index.html", f"{ITEM_URL}index.json")}
    os.utime(path)  # a new modification time, the same bytes
    reused, made = _build(project)
    # Read again (its identity changed) and found by its bytes: nothing is made anew.
    assert reused > 200 and made == 0, (reused, made)
    assert {rel: (project / "site" / rel).read_bytes() for rel in before} == before


def test_a_rewrite_of_the_same_size_and_time_shows(project: Path) -> None:
    path = project / ITEM
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    assert OLD in text and len(OLD.encode()) == len(NEW.encode())
    path.write_text(text.replace(OLD, NEW, 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the size and modification time as before
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    try:
        _, made = _build(project)
        assert made >= 1  # the file was read and parsed again: its change time told
        page = _page(project)
        assert NEW in page and OLD not in page
        record = json.loads((project / "site" / ITEM_URL / "index.json").read_text(encoding="utf-8"))
        assert record["title"] == "2025年溪川县农业农村经济运行情况"
    finally:
        path.write_text(text, encoding="utf-8")


def test_a_second_build_beside_the_first_goes_without_the_memo(tmp_path: Path) -> None:
    """The memo is appended to in place: two builds at once would write records at the same
    offsets and read each other's values. The second one runs without it (and redoes the work)."""
    import subprocess
    import sys

    from generator import caches, diskmemo

    probe = "import sys; from pathlib import Path; from generator import diskmemo; diskmemo.open_memo(Path(sys.argv[1]), 'v1'); print(diskmemo.active())"

    def other_build_has_memo() -> bool:
        run = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, cwd=Path(__file__).parent.parent)
        assert run.returncode == 0, run.stderr
        return run.stdout.strip() == "True"

    try:
        diskmemo.open_memo(tmp_path, "v1")
        assert diskmemo.active() and not other_build_has_memo()
        diskmemo.save()
        assert other_build_has_memo()
    finally:
        caches.reset()


def test_a_build_by_a_relative_config_path_reuses_what_a_build_by_full_path_made(tmp_path: Path) -> None:
    """`mkdocs build -f mkdocs.yml` in the project (MkDocs then knows the config by the path
    as typed) after a build by its full path (CI, the tests, the benchmarks): paths under the
    project reach the cache's keys, so before the adapter made the root absolute each way
    threw away the other's item pages (every one rendered again after a one-line edit)."""
    project = make_project(tmp_path / "project")
    time.sleep(2.2)  # settled, as in the fixture above
    _build(project)
    path = project / ITEM
    path.write_text(path.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    result = run_build(project, config_arg="mkdocs.yml")
    assert result.returncode == 0, result.stderr[-3000:]
    assert NEW in _page(project)
    shells = re.search(r"shell pages (\d+) rendered, (\d+) unchanged", result.stderr)
    assert shells, result.stderr[-3000:]
    rendered, unchanged = int(shells.group(1)), int(shells.group(2))
    assert rendered < 10 and unchanged > 100, (rendered, unchanged)


@pytest.fixture
def memo(project: Path):  # type: ignore[no-untyped-def]
    """The project's build cache opened in this process as a build opens it (its memo too), and
    the loader as a build runs it (kept_between_builds off), after a build that kept every file
    by its settled identity; closed again after the test."""
    from generator import buildcache, caches, diskmemo
    from generator.feature import FEATURES

    time.sleep(2.2)  # an earlier test rewrote a file: let it settle, and keep it by its identity
    assert run_build(project).returncode == 0
    cache = buildcache.BuildCache.open(project / "build", project, project / "site", TODAY)
    if not diskmemo.active():
        diskmemo.open_memo(cache.folder, diskmemo.version(cache.version, project, FEATURES), project)
    caches.keep_between_builds(False)
    try:
        yield cache
    finally:
        caches.keep_between_builds(True)
        caches.reset()


def _item_stats(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every look (stat) at an item file from now on."""
    seen: list[str] = []
    real = os.stat

    def counting(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).endswith(".md") and "/content/items/" in str(path):
            seen.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", counting)
    return seen


def test_the_loader_takes_the_build_caches_look_at_each_file(project: Path, memo, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """One look at each content file a build: the inputs' digest's, handed to the loader."""
    from generator.loader import load_site

    assert f"items/{ITEM.removeprefix('content/items/')}" in memo.looks
    seen = _item_stats(monkeypatch)
    site, _, _ = load_site(project, memo.looks)
    assert len(site.items) > 50 and seen == []
    assert memo.looks == {}  # read once, not held to the build's end
    site, _, _ = load_site(project)  # without the cache's look, the loader looks itself
    assert len(seen) == len(site.items)


def test_an_unchanged_item_costs_no_path(project: Path, memo, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The loader walks item files by their paths as strings and makes a Path only of a
    file it reads (parsing each cost ~0.05 s at 10 000 items); an item's ``source`` is
    still its file."""
    from generator import files, loader

    made: list[str] = []

    def counting(*parts):  # type: ignore[no-untyped-def]
        made.append(str(parts[0]))
        return Path(*parts)

    monkeypatch.setattr(loader, "Path", counting)
    monkeypatch.setattr(files, "Path", counting)
    site, _, _ = loader.load_site(project, memo.looks)
    assert len(site.items) > 50
    assert [m for m in made if m.endswith(".md") and "/content/items/" in m] == []
    assert all(item.source == project / item.rel and isinstance(item.source, Path) for item in site.items)


def test_a_file_changed_after_the_caches_look_shows_in_the_next_build(project: Path, memo) -> None:  # type: ignore[no-untyped-def]
    """The build is made from the files as the cache's look saw them, and the cache saves
    that look: a change after it (the same size, the modification time put back) makes the
    next build's inputs differ, and that build reads the file anew."""
    from generator import buildcache
    from generator.loader import load_site

    path = project / ITEM
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(OLD, NEW, 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    try:
        site, _, _ = load_site(project, memo.looks)
        (item,) = [i for i in site.items if i.source == path]
        assert OLD in item.body  # as the look saw it: kept from the last build, not read
        assert buildcache.inputs_digest(project, memo.version, TODAY) != memo.inputs
        site, _, _ = load_site(project)  # the next build's own look
        (item,) = [i for i in site.items if i.source == path]
        assert NEW in item.body and OLD not in item.body
    finally:
        path.write_text(text, encoding="utf-8")
