"""The CI workflows pass zizmor's static analysis (offline) with no finding, and
every publishing path builds with the README's command."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT

ZIZMOR = Path(sys.executable).with_name("zizmor")
WORKFLOWS = sorted([*ROOT.glob(".github/workflows/*.yml"), *ROOT.glob(".gitea/workflows/*.yml")])


def zizmor(*args: str) -> list[dict]:
    # Files, not folders: zizmor collects a folder's .github/workflows only, and would skip .gitea/.
    result = subprocess.run(
        [str(ZIZMOR), "--offline", "--no-progress", "--format", "json", *args, *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip(), result.stderr
    return json.loads(result.stdout)


def summary(findings: list[dict]) -> list[str]:
    out = []
    for f in findings:
        where = f["locations"][0]["symbolic"]["key"]["Local"]["given_path"]
        out.append(f"{f['ident']} ({f['determinations']['severity']}) in {where}")
    return out


def test_every_workflow_is_audited() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in WORKFLOWS}
    assert {".github/workflows/publish.yml", ".github/workflows/test.yml", ".gitea/workflows/publish.yml"} <= names


def test_workflows_have_no_zizmor_finding() -> None:
    assert summary(zizmor()) == []


def test_the_pedantic_audit_finds_only_unpinned_container_images() -> None:
    # The python:3.11-bookworm image is named by tag: its digest changes with every Debian
    # security rebuild, and no registry here can tell it. Everything else passes even the
    # pedantic persona (names, commented permissions, concurrency).
    assert {f["ident"] for f in zizmor("--persona", "pedantic")} <= {"unpinned-images"}


def test_actions_are_pinned_to_a_commit_with_the_release_in_a_comment() -> None:
    uses = [
        (path.name, line.strip())
        for path in WORKFLOWS
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.match(r"\s*(- )?uses:", line)
    ]
    assert uses, "no action found"
    for name, line in uses:
        assert re.fullmatch(r"(- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), f"{name}: {line}"
    # Gitea: plain `run:` steps only, so an intranet Gitea needs no action from the internet.
    for path in ROOT.glob(".gitea/workflows/*.yml"):
        assert "uses:" not in path.read_text(encoding="utf-8"), path


def steps_run(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job.get("steps", []))


def test_every_publishing_path_builds_with_make_site() -> None:
    github = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    assert re.search(r"^make site$", steps_run(github["jobs"]["build"]), re.M)
    gitea = yaml.safe_load((ROOT / ".gitea/workflows/publish.yml").read_text(encoding="utf-8"))
    gitea_run = steps_run(gitea["jobs"]["publish"])
    assert re.search(r"\bmake site$", gitea_run, re.M) and "make deploy" in gitea_run
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    pages = gitlab["pages"]
    assert any(re.search(r"\bmake site$", line) for line in pages["script"])
    assert "mv site public" in pages["script"] and pages["artifacts"]["paths"] == ["public"]
    assert "make deploy" in gitlab["deploy"]["script"]
    assert ".ci/run" in gitlab["test"]["script"][-1]
