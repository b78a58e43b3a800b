"""A build split into parts (generator/split.py), simulated with processes as
GitHub Actions matrix jobs would run it: three parts build at once, each in its
own checkout, then a fourth build assembles them. The assembled site holds the
same files as an unsplit build, every HTML page the same, and a search index
whose shards cover every indexed page once, newest first and date-contiguous."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TODAY, make_project, run_build

PARTS = 3
ENV = {"NO_MKDOCS_2_WARNING": "1", "XXGK_TODAY": TODAY, "XXGK_SEARCH_SHARD_PAGES": "30"}


def _files(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file() and "pagefind" not in p.parts}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Path], str]:
    base = tmp_path_factory.mktemp("split")
    whole = make_project(base / "whole")
    assert run_build(whole, XXGK_SEARCH_SHARD_PAGES="30").returncode == 0
    parts = [make_project(base / f"part{k}") for k in range(1, PARTS + 1)]
    jobs = [
        subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "-f", str(p / "mkdocs.yml")],
            cwd=p,
            env={**os.environ, **ENV, "XXGK_PART": f"{k}/{PARTS}"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for k, p in enumerate(parts, 1)
    ]
    for job in jobs:
        out = job.communicate(timeout=600)[0]
        assert job.returncode == 0, out[-3000:]
    final = make_project(base / "final")
    result = run_build(final, XXGK_ASSEMBLE=",".join(str(p / "site") for p in parts), XXGK_SEARCH_SHARD_PAGES="30")
    assert result.returncode == 0, result.stderr[-3000:]
    return whole / "site", final / "site", [p / "site" for p in parts], result.stderr


def test_parts_hold_only_their_share(sites: tuple[Path, Path, list[Path], str]) -> None:
    whole, _, parts, _ = sites
    items = {p.parent.name for p in (whole / "doc").glob("*/index.html")}
    shares = [{p.parent.name for p in (part / "doc").glob("*/index.html")} for part in parts]
    assert all(shares) and set().union(*shares) == items and sum(len(s) for s in shares) == len(items)
    for part in parts:
        assert {e.name for e in part.iterdir()} <= {"doc", "pagefind"}


def test_assembled_site_is_the_unsplit_site(sites: tuple[Path, Path, list[Path], str]) -> None:
    whole, final, _, log = sites
    assert "assembled" in log and "link check" in log
    assert _files(final) == _files(whole)
    space = re.compile(r"\s+")
    differ = [
        f
        for f in sorted(_files(whole))
        if f.endswith(".html") and space.sub(" ", (whole / f).read_text(encoding="utf-8")) != space.sub(" ", (final / f).read_text(encoding="utf-8"))
    ]
    assert differ == []


def test_assembled_search_manifest(sites: tuple[Path, Path, list[Path], str]) -> None:
    whole, final, _, _ = sites
    one = json.loads((whole / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    joined = json.loads((final / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert sum(s["pages"] for s in joined["shards"]) == sum(s["pages"] for s in one["shards"])
    assert {s["id"][-3:] for s in joined["shards"]} == {f"-p{k}" for k in range(1, PARTS + 1)}
    # Newest first and date-contiguous: each shard ends no later than the next one starts.
    for newer, older in zip(joined["shards"], joined["shards"][1:], strict=False):
        assert newer["oldest"] >= older["newest"]
    for shard in joined["shards"]:
        assert (final / "pagefind" / shard["path"] / shard["meta"]).is_file()


def test_split_workflow_assembles_every_part() -> None:
    """.github/workflows/publish-split.yml: N matrix parts, and the assembly names each one."""
    import yaml
    from conftest import ROOT

    workflow = yaml.safe_load((ROOT / ".github/workflows/publish-split.yml").read_text(encoding="utf-8"))
    parts = workflow["jobs"]["part"]["strategy"]["matrix"]["part"]
    build = next(s for s in workflow["jobs"]["part"]["steps"] if s.get("run") == "make site")
    assert build["env"]["XXGK_PART"] == "${{ matrix.part }}/" + str(len(parts))
    assemble = next(s for s in workflow["jobs"]["assemble"]["steps"] if s.get("run") == "make site")
    assert assemble["env"]["XXGK_ASSEMBLE"].split(",") == [f"parts/site-part-{k}" for k in parts]
