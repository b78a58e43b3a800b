"""Files that are not pages (attachments, per-item JSON, CSV, feeds, search
lookups) bypass MkDocs: the core syncs them to build/static and hard-links
them into the new site (generator/docs_tree.py ``place``). The published site
then shares those files with build/static and with the next build, so no step
may rewrite one in place: an edit must leave every file of the site published
before it as it was, while the new site shows the edit."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import urllib.request
from pathlib import Path

import pytest
from conftest import make_project, run_build

ITEM = "content/items/tjxx/2026-00004-2025-nongye-nongcun-jingji-yunxing.md"
ITEM_URL = "doc/xcny00001-2026-00004/"
CSV = "2025-nongye-tongji.csv"  # an attachment of ITEM
PDF = "doc/xcny00001-2025-00013/溪农（兽药）罚〔2025〕4号.pdf"  # an attachment of another item


def _build(project: Path) -> str:
    result = run_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def _snapshot(site: Path, keep: Path) -> dict[str, str]:
    """Hard links to every file of ``site`` under ``keep`` (they see any in-place
    rewrite of the published files), and each file's digest now."""
    digests = {}
    for path in site.rglob("*"):
        if path.is_file():
            rel = path.relative_to(site).as_posix()
            (keep / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(path, keep / rel)
            digests[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str], str]:
    project = make_project(tmp_path_factory.mktemp("static") / "project")
    first_log = _build(project)
    kept = project.parent / "published-before"
    digests = _snapshot(project / "site", kept)
    item = project / ITEM
    # The title, and the 发布日期, which the page's routing values read (its sitemap entry and
    # sort date: kept in the build's memo by the page's inputs) and its search shard; and the
    # 主题分类. The item's listing rows, catalogue rows, exact-lookup rows and per-item JSON
    # are kept in the memo by the page's inputs too (pages/items.kept_product).
    text = item.read_text(encoding="utf-8").replace("title: ", "title: 修订：", 1)
    text = text.replace("topic: 国民经济管理、国有资产监管\\统计", "topic: 综合政务\\政务公开", 1)
    assert "topic: 综合政务" in text
    item.write_text(text.replace("published: 2026-03-25", "published: 2026-03-26", 1), encoding="utf-8")
    (item.parent / CSV).write_text("指标,数值\n修订,1\n", encoding="utf-8")
    edit_log = _build(project)
    assert "MkDocs pages: " in edit_log  # some were reused: the next test compares them with a cold build's
    assert "Page skipped" not in edit_log  # MkDocs writes nothing for them, and says nothing of it either
    (project.parent / "edit.log").write_text(edit_log, encoding="utf-8")
    return project, kept, digests, first_log


def test_engine_sees_only_pages(builds: tuple[Path, Path, dict[str, str], str]) -> None:
    project, _kept, _digests, log = builds
    docs = project / "build" / "docs"
    assert {p.suffix for p in docs.rglob("*") if p.is_file()} <= {".md", ""}  # "" : .gitkeep
    assert (project / "build" / "static" / ITEM_URL / CSV).is_file()
    assert "static files" in log
    # What MkDocs no longer copies is still published, byte for byte.
    sample_pdf = project / "content/items/xzzf/xzcf/溪农（兽药）罚〔2025〕4号.pdf"
    assert (project / "site" / PDF).read_bytes() == sample_pdf.read_bytes()
    assert json.loads((project / "site" / ITEM_URL / "index.json").read_text(encoding="utf-8"))


def test_edit_leaves_the_published_site_untouched(builds: tuple[Path, Path, dict[str, str], str]) -> None:
    _project, kept, digests, _log = builds
    changed = sorted(rel for rel, digest in digests.items() if hashlib.sha256((kept / rel).read_bytes()).hexdigest() != digest)
    assert changed == [], f"rewritten in place, under the previously published site: {changed}"


def test_new_site_shows_the_edit_and_shares_the_rest(builds: tuple[Path, Path, dict[str, str], str]) -> None:
    project, kept, _digests, _log = builds
    site = project / "site"
    assert (site / ITEM_URL / CSV).read_text(encoding="utf-8") == "指标,数值\n修订,1\n"
    assert json.loads((site / ITEM_URL / "index.json").read_text(encoding="utf-8"))["title"].startswith("修订：")
    # An unchanged attachment is the same file as in the site before (linked, not copied again).
    assert (site / PDF).stat().st_ino == (kept / PDF).stat().st_ino


def test_removed_attachment_leaves_the_site(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    _build(project)
    item = project / ITEM
    text = item.read_text(encoding="utf-8")
    block = f"attachments:\n  - file: {CSV}\n    title: 2025年溪川县农业农村主要指标\n"
    assert block in text
    item.write_text(text.replace(block, ""), encoding="utf-8")
    (item.parent / CSV).unlink()
    _build(project)
    assert not (project / "site" / ITEM_URL / CSV).exists()
    assert not (project / "build" / "static" / ITEM_URL / CSV).exists()


def test_rebuild_after_an_edit_equals_a_cold_build(builds: tuple[Path, Path, dict[str, str], str], tmp_path: Path) -> None:
    """What the edit build reused (pages MkDocs did not convert again, shell pages,
    static files, search shards) makes the same site as a build from nothing."""
    project, _kept, _digests, _log = builds
    fresh = make_project(tmp_path / "fresh", project / "content")
    _build(fresh)

    def files(site: Path) -> dict[str, bytes]:
        # Pagefind names its filter files differently from one run to the next, even of the same pages.
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file() and "pagefind" not in p.parts}

    edited, cold = files(project / "site"), files(fresh / "site")
    # The edit reached every site-wide product that shows the item (and each equals the cold build's below).
    title = "修订：2025年溪川县农业农村经济运行情况".encode()
    showing = {rel for rel, data in edited.items() if title in data}
    assert {f"{ITEM_URL}index.json", "fdzdgknr/tjxx/index.html", "xxgkml/tjxx/index.html", "xxgkml/zdgkml.csv", "xxgkml/zdgkml.json"} <= showing
    assert any(rel.startswith("search/lookup/") for rel in showing), showing
    assert json.loads(edited[f"{ITEM_URL}index.json"])["topic"] == "综合政务\\政务公开"
    assert sorted(set(edited) ^ set(cold)) == []
    assert [rel for rel in cold if edited[rel] != cold[rel]] == []
    # The index's records, by page (the edit build staged only the edited page anew: search-stage).
    assert _records(project / "site") == _records(fresh / "site")
    assert re.search(r"search pages staged: 1 anew, 1\d\d kept", _edit_log(project))
    # In the edited page's shard, indexed again, the other pages' records are the published ones, linked.
    fragments = _fragments(project / "site")
    shard = fragments[f"/{ITEM_URL}"].parent
    links = {url: path.stat().st_nlink for url, path in fragments.items() if path.parent == shard}
    assert links.pop(f"/{ITEM_URL}") == 1 and len(links) > 50 and min(links.values()) > 1
    # The other pages' routing values and parsed files came from the memo, not computed again
    # (made: the edited file's own results and its bucket's, and the 索引号 and policy checks: the edit
    # changes the 发布日期 they read).
    reused, made = map(int, re.search(r"per-file results (\d+) reused, (\d+) made", _edit_log(project)).groups())
    assert reused > 200 and made < 12
    # Nor did the steps after MkDocs (staging the search pages reads their rendered Markdown from the memo).
    reused, made = map(int, re.search(r"in all, per-file results (\d+) reused, (\d+) made", _edit_log(project)).groups())
    assert made < 12


def _edit_log(project: Path) -> str:
    return (project.parent / "edit.log").read_text(encoding="utf-8")


def _records(site: Path) -> dict[str, dict]:
    records = {url: _record(path) for url, path in _fragments(site).items()}
    assert len(records) > 100
    return records


def _fragments(site: Path) -> dict[str, Path]:
    return {_record(path)["url"]: path for path in (site / "pagefind").rglob("*.pf_fragment")}


def _record(path: Path) -> dict:
    return json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))


def test_preview_serves_an_attachment_and_its_new_version(tmp_path: Path) -> None:
    """``xxgk serve`` links the files that are not pages into its own folder too, and
    an edited attachment is served anew after the rebuild (a new file, a new link)."""
    from test_browser_preview import Preview

    project = make_project(tmp_path / "project")
    server = Preview(project)
    try:
        url = f"{server.url}{ITEM_URL}{CSV}"
        original = (project / "content/items/tjxx" / CSV).read_bytes()
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.read() == original
        (project / "content/items/tjxx" / CSV).write_text("指标,数值\n预览,2\n", encoding="utf-8")
        server.wait_for("static files", 120, count=2)
        server.wait_for("Reloading browsers", 120, count=1)
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.read().decode("utf-8") == "指标,数值\n预览,2\n"
    finally:
        server.stop()


def test_a_sync_prunes_what_the_last_complete_one_did_not_leave(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build skips walking build/docs and build/static when their set of files is the last
    complete sync's (a digest left in the folder); a sync that stopped half-way leaves no
    digest, so a file it wrote does not stay to become a page of the next build."""
    from generator import caches, docs_tree

    monkeypatch.setattr(caches, "_between_builds", {"keep": False})  # as in `mkdocs build`: a new process each time

    def tree(*rels: str) -> docs_tree.DocsTree:
        made = docs_tree.DocsTree()
        for rel in rels:
            made.add(rel, f"# {rel}\n")
        return made

    docs = tmp_path / "docs"
    tree("a.md", "b/index.md").sync(docs)
    failing = tree("a.md", "b/index.md", "stray.md")
    (tmp_path / "target.pdf").write_bytes(b"%PDF")
    (tmp_path / "link.pdf").symlink_to(tmp_path / "target.pdf")
    failing.copy("b/link.pdf", tmp_path / "link.pdf")  # refused after the texts are written
    with pytest.raises(docs_tree.OutsideTree):
        failing.sync(docs)
    assert (docs / "stray.md").exists()
    tree("a.md", "b/index.md").sync(docs)
    assert not (docs / "stray.md").exists()
    assert tree("a.md").sync(docs).removed == 1 and not (docs / "b").exists()


def test_the_theme_files_mkdocs_copies_are_listed_without_its_hidden_folders(tmp_path: Path) -> None:
    """The adapter's theme loader does not enter hidden folders (Material's ~14 000 icons)
    when MkDocs lists the theme's files to copy; what MkDocs copies is exactly the same."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from generator import mkdocs_hooks

    project = make_project(tmp_path / "project")
    config = load_config(str(project / "mkdocs.yml"))
    stock = Files([])
    stock.add_files_from_theme(config.theme.get_env(), config)
    mkdocs_hooks._theme_without_hidden_folders(config)
    ours = Files([])
    ours.add_files_from_theme(config.theme.get_env(), config)
    listed = [(f.src_uri, f.abs_src_path) for f in ours]
    assert listed == [(f.src_uri, f.abs_src_path) for f in stock]
    assert any(uri.startswith("assets/xxgk/") for uri, _ in listed) and any(uri.startswith("assets/javascripts/") for uri, _ in listed)


def test_a_sitemap_no_edit_reaches_is_the_published_file(tmp_path: Path) -> None:
    """An edit of a body changes no sitemap entry: the published sitemap and its compressed copy
    are linked into the new site, not made again; an edit of a 发布日期 (its lastmod) makes them
    again (the builds above: their site equals a cold build's, sitemap.xml.gz included)."""
    project = make_project(tmp_path / "project")
    _build(project)
    site = project / "site"
    before = {name: (site / name).stat().st_ino for name in ("sitemap.xml", "sitemap.xml.gz")}
    item = project / ITEM
    item.write_text(item.read_text(encoding="utf-8") + "\n补充一段正文。\n", encoding="utf-8")
    _build(project)
    assert {name: (site / name).stat().st_ino for name in before} == before
    item.write_text(item.read_text(encoding="utf-8").replace("published: 2026-03-25", "published: 2026-03-26", 1), encoding="utf-8")
    _build(project)
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{ITEM_URL}</loc><lastmod>2026-03-26</lastmod>" in text
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == text
