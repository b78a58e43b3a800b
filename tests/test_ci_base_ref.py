"""``.ci/base-ref``: the 索引号 base publish.yml gives the check, for an ordinary
push, a first push, a force push and a previous head that is gone — run against
real repositories, the "GitHub" side being a local repository served over file://."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import ROOT
from content_kit import git

SCRIPT = ROOT / ".ci" / "base-ref"


def commit(repo: Path, name: str) -> str:
    (repo / f"{name}.txt").write_text(name, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", name)
    return git(repo, "rev-parse", "HEAD").strip()


def base_ref(checkout: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], str]:
    env_file = checkout.parent / "github_env"
    env_file.write_text("", encoding="utf-8")
    result = subprocess.run(
        [str(SCRIPT), *args], cwd=checkout, capture_output=True, text=True, timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(checkout), "GITHUB_ENV": str(env_file)},
    )
    return result, env_file.read_text(encoding="utf-8")


def force_pushed(tmp_path: Path) -> tuple[Path, str]:
    """A checkout of main after a force push; returns it and the old head, which
    the server still has (as GitHub does) but which is on no branch."""
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    git(origin, "config", "uploadpack.allowAnySHA1InWant", "true")  # GitHub serves commits by id
    first = commit(origin, "a")
    old_head = commit(origin, "b")
    git(origin, "reset", "-q", "--hard", first)
    commit(origin, "c")
    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", f"file://{origin}", str(checkout))
    return checkout, old_head


def test_an_ordinary_push_compares_with_the_previous_head(tmp_path: Path) -> None:
    checkout, _ = force_pushed(tmp_path)
    before = git(checkout, "rev-parse", "HEAD~1").strip()
    result, env = base_ref(checkout, before, "false")
    assert result.returncode == 0, result.stderr
    assert env == f"XXGK_BASE_REF={before}\n"


def test_a_first_push_has_no_base(tmp_path: Path) -> None:
    checkout, _ = force_pushed(tmp_path)
    result, env = base_ref(checkout, "0" * 40, "false")
    assert result.returncode == 0
    assert env == f"XXGK_BASE_REF={'0' * 40}\n"
    assert "first push" in result.stdout


def test_a_manual_run_compares_with_head(tmp_path: Path) -> None:
    checkout, _ = force_pushed(tmp_path)
    assert base_ref(checkout)[1] == "XXGK_BASE_REF=HEAD\n"


def test_a_force_push_fetches_the_old_head_by_id(tmp_path: Path) -> None:
    checkout, old_head = force_pushed(tmp_path)
    assert subprocess.run(["git", "-C", str(checkout), "cat-file", "-e", old_head], capture_output=True).returncode != 0
    result, env = base_ref(checkout, old_head, "true")
    assert result.returncode == 0, result.stderr
    assert env == f"XXGK_BASE_REF={old_head}\n"
    assert git(checkout, "cat-file", "-t", old_head).strip() == "commit"


def test_a_previous_head_that_cannot_be_fetched_fails_the_job(tmp_path: Path) -> None:
    checkout, _ = force_pushed(tmp_path)
    result, env = base_ref(checkout, "0123456789abcdef0123456789abcdef01234567", "true")
    assert result.returncode == 1
    assert "::error::索引号 check" in result.stderr
    assert env == ""
