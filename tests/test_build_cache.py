"""The build cache (generator/buildcache.py): a build with no change does
nothing, an edit re-renders only the pages that show it and re-indexes only
the search shard that holds it, and a change of configuration, template or
code leaves nothing of the cache in use. Builds run without build/ at first
(a fresh clone, or a deleted cache): the build creates it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, make_project, run_build

from generator.buildcache import code_version

SHARDS = {"XXGK_SEARCH_SHARD_PAGES": "30"}  # several date-contiguous shards on the sample


def _build(project: Path) -> str:
    result = run_build(project, **SHARDS)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def _shells(log: str) -> tuple[int, int]:
    m = re.search(r"shell pages (\d+) rendered, (\d+) unchanged", log)
    assert m, log
    return int(m.group(1)), int(m.group(2))


def _shards(log: str) -> tuple[int, int]:
    m = re.search(r"search index: \d+ pages in (\d+) shard\(s\), (\d+) indexed .*?, (\d+) unchanged", log)
    assert m, log
    return int(m.group(2)), int(m.group(3))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("cache") / "project")
    assert not (project / "build").exists()
    log = _build(project)
    rendered, unchanged = _shells(log)
    assert rendered > 100 and unchanged == 0
    assert (project / "build" / "cache" / "state.json").is_file()
    return project


def _newest_item(project: Path) -> Path:
    return max((project / "content" / "items").rglob("*.md"), key=lambda p: p.name)


def test_no_change_builds_nothing(project: Path) -> None:
    before = {p: p.stat().st_ino for p in (project / "site").rglob("index.html")}
    log = _build(project)
    assert "nothing changed since the last build" in log
    assert "Building documentation" not in log
    assert {p: p.stat().st_ino for p in (project / "site").rglob("index.html")} == before


def test_one_edit_renders_what_shows_it_and_one_shard(project: Path) -> None:
    item = _newest_item(project)
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace("\n---\n", "\n---\n\n本页已更新：缓存测试。\n", 1), encoding="utf-8")
    log = _build(project)
    rendered, unchanged = _shells(log)
    assert rendered == 1 and unchanged > 100  # the body shows on the item page only
    indexed, kept = _shards(log)
    assert indexed == 1 and kept >= 2, log  # the newest shard, not the others
    slug = next(p for p in (project / "site" / "doc").glob("*/index.html") if "缓存测试" in p.read_text(encoding="utf-8"))
    assert slug
    manifest = json.loads((project / "site" / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert len(manifest["shards"]) == indexed + kept
    for shard in manifest["shards"]:
        assert (project / "site" / "pagefind" / shard["path"] / shard["meta"]).is_file()
    # A title shows on the item page, its column's listing and year view, a
    # validity view, and the pages whose notices or links name the item: a few, not all.
    item.write_text(re.sub(r"^title: (.*)$", r"title: \1（修订）", item.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    rendered, unchanged = _shells(_build(project))
    assert 2 <= rendered <= 12 and unchanged > 100


def test_configuration_change_uses_nothing_of_the_cache(project: Path) -> None:
    config = project / "mkdocs.yml"
    # mkdocs.yml holds no agency data (site.yml does): change what the theme prints on every page instead.
    text = config.read_text(encoding="utf-8")
    assert "name: 切换到高对比度" in text
    config.write_text(text.replace("name: 切换到高对比度", "name: 缓存失效测试"), encoding="utf-8")
    log = _build(project)
    rendered, unchanged = _shells(log)
    assert unchanged == 0 and rendered > 100
    indexed, kept = _shards(log)
    assert kept == 0 and indexed >= 3
    # Every page prints the palette toggle's name: the new one shows on shell-filled pages too.
    listing = project / "site" / "fdzdgknr" / "zcwj" / "qtwj" / "index.html"
    assert "缓存失效测试" in listing.read_text(encoding="utf-8")
    assert all("缓存失效测试" in p.read_text(encoding="utf-8") for p in (project / "site" / "fdzdgknr").rglob("page/*/index.html"))


def test_deleted_cache_and_docs_are_rebuilt(project: Path) -> None:
    shutil.rmtree(project / "build")
    rendered, unchanged = _shells(_build(project))
    assert unchanged == 0 and rendered > 100


def test_code_or_template_change_changes_the_version(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "overrides", root / "overrides")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    before = code_version(root)
    assert code_version(root) == before
    main = root / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8") + "\n{# changed #}\n", encoding="utf-8")
    assert code_version(root) != before
