"""A rebuild brings the site it replaced (the spare, ``.site.spare``) up to date
instead of building a fresh tree (generator/sitetree.py, publish.py). What a
reader gets must not show it: after edits, a deleted and an added item, and
after someone changed the spare by hand, the published site is exactly what a
build from nothing makes; a build killed while it brings the spare up to date
leaves ``site/`` as it was, and the next build is right again."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from compliance_fixtures import no, write_item
from conftest import TODAY, make_project, run_build

from generator import publish
from generator.loader import item_slug
from generator.sitetree import SiteTree

SHARDS = {"XXGK_SEARCH_SHARD_PAGES": "30"}  # several search shards: kept ones are linked, one is re-indexed
REUSED = re.compile(r"the last site's tree brought up to date: (\d+) files kept, (\d+) linked anew, (\d+) removed")


def _build(project: Path, today: str = TODAY) -> str:
    result = run_build(project, today=today, **SHARDS)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def _items(project: Path) -> list[Path]:
    return sorted((project / "content" / "items").rglob("*.md"), key=lambda p: p.name)


def _site(site: Path) -> dict[str, bytes]:
    """Every file a reader can fetch, by path. Pagefind names its filter files anew on
    every run, even of the same pages: its records are compared by page instead."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file() and "pagefind" not in p.parts}


def _records(site: Path) -> dict[str, dict]:
    records = {}
    for path in (site / "pagefind").rglob("*.pf_fragment"):
        record = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        records[record["url"]] = record
    return records


def _shards(site: Path) -> list[tuple[str, int]]:
    manifest = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    for shard in manifest["shards"]:
        assert (site / "pagefind" / shard["path"] / shard["meta"]).is_file()
    return [(shard["id"], shard["pages"]) for shard in manifest["shards"]]


def _assert_same_as_cold(project: Path, tmp_path: Path) -> None:
    fresh = make_project(tmp_path / "cold", project / "content")
    _build(fresh)
    rebuilt, cold = _site(project / "site"), _site(fresh / "site")
    assert sorted(set(rebuilt) ^ set(cold)) == []
    assert [rel for rel in cold if rebuilt[rel] != cold[rel]] == []
    assert _records(project / "site") == _records(fresh / "site")
    assert _shards(project / "site") == _shards(fresh / "site")
    assert not [p for p in (project / "site").rglob("*") if p.is_dir() and not any(p.iterdir())], "empty folders left"


def _edit(item: Path, line: str) -> None:
    item.write_text(item.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_rebuilds_from_the_spare_equal_a_cold_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    items = _items(project)
    _build(project)
    assert not (project / ".site.spare").exists()  # nothing was replaced yet
    _edit(items[3], "第一次修改。")
    _build(project)
    assert (project / ".site.spare").is_dir()  # the replaced site
    # The spare is the site of two builds ago: the first edit is in it as well as the next ones.
    _edit(items[5], "第二次修改。")
    shutil.rmtree(items[8].parent / items[8].stem, ignore_errors=True)
    items[8].unlink()  # a deleted item (its page, listings, search record go)
    write_item(project / "content", "zfcg", "2026-00090-xinzeng", title="新增的一份采购公告", index_no=no(90), published="2026-11-20", genre="公告")
    log = _build(project)
    kept, linked, removed = map(int, REUSED.search(log).groups())
    assert kept > 300 and removed > 0, log
    assert not list(project.glob(".site.spare-*")) and not list(project.glob(".site.building-*"))
    _assert_same_as_cold(project, tmp_path)


def test_a_kept_shell_is_used_until_what_it_shows_changes(tmp_path: Path) -> None:
    """The shells MkDocs renders (the chrome of every item and listing page) are kept in
    build/cache/shells and not rendered again while their inputs are unchanged; a change
    that shows on every page (site.yml's footer) still reaches every page."""
    project = make_project(tmp_path / "project")
    items = _items(project)
    _build(project)
    kept = project / "build" / "cache" / "shells"
    shells = {p.name: p.stat().st_ino for p in kept.iterdir()}
    assert len(shells) > 10
    _edit(items[3], "正文修改，外壳不变。")
    _build(project)
    assert {p.name: p.stat().st_ino for p in kept.iterdir()} == shells  # used, not rendered and written again
    site_yml = project / "content" / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    assert "0000-6123456" in text
    site_yml.write_text(text.replace("0000-6123456", "0000-7654321"), encoding="utf-8")
    _build(project)
    assert not set(shells) & {p.name for p in kept.iterdir()}  # every shell shows the footer: all anew, the old ones gone
    pages = list((project / "site" / "doc").glob("*/index.html"))
    assert pages and all("0000-7654321" in p.read_text(encoding="utf-8") for p in pages)
    _assert_same_as_cold(project, tmp_path)


def test_a_changed_spare_is_still_brought_to_exactly_the_new_site(tmp_path: Path) -> None:
    """The spare is read from the folder, not from a record: a file replaced, added,
    removed, a folder where a file was, all are set right, and what the spare shares
    with the published site (hard links) is never written into."""
    project = make_project(tmp_path / "project")
    items = _items(project)
    _build(project)
    _edit(items[2], "第一次修改。")
    _build(project)
    spare, site = project / ".site.spare", project / "site"
    before = _site(site)
    shared = next(p for p in spare.rglob("index.html") if p.stat().st_nlink > 1 and (site / p.relative_to(spare)).exists())
    shared_rel = shared.relative_to(spare)
    shared.unlink()
    shared.write_text("改过的备用树", encoding="utf-8")
    (spare / "多余的文件.html").write_text("多余", encoding="utf-8")
    (spare / "doc" / "多余的目录" / "a").mkdir(parents=True)
    static = next(p for p in spare.rglob("*.csv"))
    static.unlink()
    page = next(p for p in (spare / "doc").glob("*/index.html"))
    page.unlink()
    page.mkdir()  # a folder where a page goes
    (page / "x").write_text("x", encoding="utf-8")
    shard_file = next((spare / "pagefind").rglob("*.pf_fragment"))
    shard_file.unlink()
    os.symlink("/etc/hostname", spare / "链接.html")
    _edit(items[4], "第二次修改。")
    log = _build(project)
    assert REUSED.search(log), log
    assert (site / shared_rel).read_text(encoding="utf-8") != "改过的备用树"
    _assert_same_as_cold(project, tmp_path)
    # The site the spare was taken from shared its files: it still holds what it held.
    published_before = project / ".site.spare"
    assert _site(published_before) == before


CHILD_LOG = re.compile(r"static files \d+")


def test_a_build_killed_while_it_updates_the_spare_leaves_the_site_and_the_next_build_right(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    items = _items(project)
    _build(project)
    _edit(items[2], "第一次修改。")
    _build(project)
    published = _site(project / "site")
    _edit(items[6], "第二次修改。")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XXGK_TODAY": TODAY, **SHARDS}
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    assert build.stderr is not None
    seen = ""
    for line in build.stderr:  # killed as soon as it has linked the static files into the spare
        seen += line
        if CHILD_LOG.search(line):
            build.send_signal(signal.SIGKILL)
            break
    build.wait()
    assert build.returncode == -signal.SIGKILL, seen[-2000:]
    assert list(project.glob(".site.spare-*")), "the build was killed before it took the spare"
    assert _site(project / "site") == published
    log = _build(project)
    assert "left by a build that was killed" in log
    assert REUSED.search(log), log  # its half-updated tree was taken as the spare
    assert not list(project.glob(".site.spare-*")) and not list(project.glob(".site.building-*"))
    _assert_same_as_cold(project, tmp_path)


def test_a_failed_build_leaves_the_site_and_gives_the_spare_back(tmp_path: Path) -> None:
    """A broken link fails the build after the spare was brought half up to date: the
    published site is as it was, the spare is there for the next build, which is right."""
    project = make_project(tmp_path / "project")
    _build(project)
    _build(project, today="2026-11-24")
    published = _site(project / "site")
    item = write_item(
        project / "content", "zfcg", "2026-00091-lianjie", title="一份链接错了的公告", index_no=no(91),
        published="2026-11-20", genre="公告", body="详见[上一期](../xcny00001-2026-09999/)。",
    )
    result = run_build(project, **SHARDS)
    assert result.returncode != 0 and "生成后的网站检查未通过" in result.stderr
    assert REUSED.search(result.stderr), result.stderr[-2000:]  # it had taken the spare
    assert _site(project / "site") == published
    assert (project / ".site.spare").is_dir()
    assert not list(project.glob(".site.spare-*")) and not list(project.glob(".site.building-*"))
    item.write_text(item.read_text(encoding="utf-8").replace("详见[上一期](../xcny00001-2026-09999/)。", "详见上一期。"), encoding="utf-8")
    assert REUSED.search(_build(project))
    _assert_same_as_cold(project, tmp_path)


def test_two_builds_at_once_do_not_share_the_spare(tmp_path: Path) -> None:
    """The spare is renamed to a build's own name before use: of two builds, one gets it;
    a tree kept while a spare is there already is removed, never merged into it."""
    site = tmp_path / "site"
    site.mkdir()
    assert publish.take_spare(site) is None  # none yet: a build starts from an empty folder
    spare = publish.spare_dir(site)
    (spare / "doc").mkdir(parents=True)
    mine = publish.take_spare(site)
    assert mine is not None and mine.name == f".site.spare-{os.getpid()}" and (mine / "doc").is_dir()
    assert publish.take_spare(site) is None and not spare.exists()  # the other build: nothing to take
    other = tmp_path / ".site.building-1"
    (other / "x").mkdir(parents=True)
    publish.keep_spare(mine, site)  # a failed build gives its tree back
    publish.keep_spare(other, site)  # a spare is there already: this one goes
    assert (spare / "doc").is_dir() and not (spare / "x").exists() and not other.exists()
    deadline = time.monotonic() + 10  # removed by a process the build does not wait for
    while list(tmp_path.glob(".xxgk-old-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.spare", "site"]
    os.rename(spare, tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", spare)
    assert publish.take_spare(site) is None  # a link is not a tree of the site's own


def test_the_tree_keeps_what_is_its_source_and_replaces_the_rest(tmp_path: Path) -> None:
    source, spare = tmp_path / "source", tmp_path / "spare"
    (source / "a").mkdir(parents=True)
    for name, text in {"same": "1", "changed": "2", "a/new": "3", "folder-now": "4"}.items():
        (source / name).write_text(text)
    spare.mkdir()
    os.link(source / "same", spare / "same")
    (spare / "changed").write_text("old")
    (spare / "gone").write_text("x")
    (spare / "folder-now").mkdir()
    (spare / "folder-now" / "inner").write_text("x")
    (spare / "a").write_text("a file where a folder goes")
    same_inode = (spare / "same").stat().st_ino
    tree = SiteTree.spare(spare)
    made = sum(tree.link(str(source / rel), rel) for rel in ("same", "changed", "a/new", "folder-now"))
    assert made == 3
    assert tree.prune() == 1  # "gone"
    assert sorted(p.relative_to(spare).as_posix() for p in spare.rglob("*")) == ["a", "a/new", "changed", "folder-now", "same"]
    assert (spare / "same").stat().st_ino == same_inode
    assert all((spare / rel).stat().st_ino == (source / rel).stat().st_ino for rel in ("changed", "a/new", "folder-now"))


def test_a_copy_from_another_file_system_is_kept_while_it_equals_its_source(tmp_path: Path) -> None:
    """Where links cannot be made (``build/`` on another file system), files are copied;
    a rebuild keeps a copy whose size and time are its source's and copies a changed one."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("needs a second file system (/dev/shm)")
    source = Path(tempfile.mkdtemp(dir=shm))
    try:
        (source / "a.csv").write_text("1")
        (source / "b.csv").write_text("2")
        site = tmp_path / "site"
        first = SiteTree.at(site)
        assert first.link(str(source / "a.csv"), "d/a.csv") and first.link(str(source / "b.csv"), "d/b.csv")
        (source / "b.csv").unlink()
        (source / "b.csv").write_text("22")
        again = SiteTree.spare(site)
        assert not again.link(str(source / "a.csv"), "d/a.csv")  # unchanged: kept
        assert again.link(str(source / "b.csv"), "d/b.csv")  # changed: copied anew
        assert (site / "d/b.csv").read_text() == "22"
    finally:
        shutil.rmtree(source)


def test_a_page_of_a_served_folder_is_replaced_whole_not_rewritten_in_place(tmp_path: Path) -> None:
    """A preview's rebuild writes into the folder the server reads: a reader who opened the
    page before the rebuild wrote it gets the whole older page, never a truncated one."""
    from generator.fill import _Writer

    served = tmp_path / "site"
    page = served / "doc" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    older = "<html>" + "较早的页面" * 2000 + "</html>"
    page.write_text(older, encoding="utf-8")
    with page.open(encoding="utf-8") as reader:  # a request being answered
        _Writer(SiteTree.at(served)).write("doc/a/", "<html>新页面</html>")
        assert reader.read() == older
    assert page.read_text(encoding="utf-8") == "<html>新页面</html>"
    assert not [p for p in page.parent.iterdir() if p.name != "index.html"], "a temporary file was left behind"


def _assert_only_what_changed_was_made(log: str) -> None:
    """A one-edit rebuild's log: few pages rendered and shards indexed, most taken from the last site."""
    rendered, unchanged = map(int, re.search(r"shell pages (\d+) rendered, (\d+) unchanged", log).groups())
    indexed, kept = map(int, re.search(r"(\d+) indexed in .*?, (\d+) unchanged", log).groups())
    assert unchanged > 100 and rendered < 20, log
    assert kept >= 1 and indexed < kept, log


def test_a_cache_restored_in_ci_with_the_site_is_used(tmp_path: Path) -> None:
    """CI restores ``build/cache`` and ``site/`` from one archive into a fresh checkout
    (README, ``actions/cache``): new inodes and change times everywhere, modification
    times kept. The unchanged pages and search shards are still taken from the restored
    site, and the site equals a cold build; a site/ that is not the one the cache
    describes (an older one) is not used, and the build is still right."""
    project = make_project(tmp_path / "project")
    _build(project)
    archive = tmp_path / "archive"
    for folder in ("build/cache", "site", "content"):  # as tar keeps them: contents and modification times
        shutil.copytree(project / folder, archive / folder, copy_function=shutil.copy2, symlinks=True)
    shutil.rmtree(project)
    make_project(project, archive / "content")  # the next run's fresh checkout, at the same path
    for folder in ("build/cache", "site"):
        shutil.copytree(archive / folder, project / folder, copy_function=shutil.copy2, symlinks=True)
    _edit(_items(project)[3], "CI 中的修改。")
    log = _build(project)
    _assert_only_what_changed_was_made(log)
    _assert_same_as_cold(project, tmp_path)
    # The archive's site/ again, older than the cache now (it describes the site just built):
    # nothing is taken from it.
    shutil.rmtree(project / "site")
    shutil.copytree(archive / "site", project / "site", copy_function=shutil.copy2, symlinks=True)
    _edit(_items(project)[4], "再一次修改。")
    log = _build(project)
    assert re.search(r"shell pages \d+ rendered, 0 unchanged", log), log
    shutil.rmtree(tmp_path / "cold")
    _assert_same_as_cold(project, tmp_path)


def test_a_project_moved_elsewhere_keeps_its_cache(tmp_path: Path) -> None:
    """A project copied to another folder with its cache and site (another CI runner's
    folder, a renamed checkout): paths under the project are not part of the cache's keys,
    so an edit there still renders and indexes only what it changed."""
    first = make_project(tmp_path / "first")
    _build(first)
    project = tmp_path / "elsewhere" / "project"
    shutil.copytree(first, project, copy_function=shutil.copy2, symlinks=True)  # as `cp -a`
    shutil.rmtree(first)
    _edit(_items(project)[3], "搬家后的修改。")
    log = _build(project)
    _assert_only_what_changed_was_made(log)
    made = int(re.search(r"per-file results \d+ reused, (\d+) made", log).group(1))
    assert made < 20, log  # the edited file's results, not every file's
    _assert_same_as_cold(project, tmp_path)


def test_the_search_stage_store_keeps_only_this_sites_pages(tmp_path: Path) -> None:
    """The staged copies kept for re-indexing (build/cache/search-stage, which CI restores
    with the cache) of a deleted item go with it, after a rebuild and after a build that
    has no record of the last one; the other pages' stay."""
    project = make_project(tmp_path / "project")
    _build(project)
    store = project / "build" / "cache" / "search-stage"

    def kept() -> set[str]:
        return {p.parent.relative_to(store).as_posix() + "/" for p in store.rglob("key")}

    before = kept()
    assert len(before) > 100
    gone = _items(project)[8]
    meta = yaml.safe_load(gone.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---\n"))
    url = f"doc/{item_slug(meta, gone)}/"
    assert url in before
    gone.unlink()
    log = _build(project)
    after = kept()
    assert url not in after and after < before, log
    assert re.search(rf"search pages staged: \d+ anew, \d+ kept from the last build, {len(before - after)} dropped", log), log
    # What went is what the site no longer has (the item's page; also listing pages it filled, if any).
    assert not [u for u in before - after if (project / "site" / u / "index.html").exists()]
    # Without the last build's record (state.json gone), the store is walked instead.
    (project / "build" / "cache" / "state.json").unlink()
    write_item(project / "content", "zfcg", "2026-00091-qita", title="另一份采购公告", index_no=no(91), published="2026-11-21", genre="公告")
    _build(project)
    (project / "build" / "cache" / "state.json").unlink()
    before = kept()
    _items(project)[0].unlink()
    _build(project)
    after = kept()
    assert after < before and not [u for u in before - after if (project / "site" / u / "index.html").exists()]
