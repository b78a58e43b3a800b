"""A killed build leaves nothing behind for long: the next build removes the
folders of dead builds (and keeps a live one's), and Pagefind never outlives
the build that started it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_build


def test_the_next_build_removes_folders_of_killed_builds_only(project: Path) -> None:
    dead_staging = project / ".site.building-999999"
    dead_old = project / ".xxgk-old-site-999998"
    live = project / f".site.building-{os.getppid()}"  # a live process: another build running
    for folder in (dead_staging, dead_old, live):
        (folder / "doc").mkdir(parents=True)
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "site/index.html").is_file()
    result = run_build(project, today="2026-11-24")  # a second build (another day) replaces the first one's site
    assert result.returncode == 0, result.stdout + result.stderr
    assert not dead_staging.exists()
    deadline = time.monotonic() + 10  # a replaced site is removed by a process the build does not wait for
    while list(project.glob(".xxgk-old-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not dead_old.exists()
    assert live.exists()
    assert (project / "site/index.html").is_file()


CHILD = """
import sys
from pathlib import Path
from generator.search import indexer
from generator.search.shards import Shard
work = Path(sys.argv[1])
indexer._index_shard(Path(sys.argv[2]), work, work / "stage", work / "out", Shard("s1"))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc and PR_SET_PDEATHSIG")
def test_killing_the_build_kills_pagefind(tmp_path: Path) -> None:
    """The indexer runs Pagefind exactly as a build does; a stand-in that
    would run for a minute shows whether it dies with a SIGKILLed build."""
    fake = tmp_path / "pagefind_extended"
    fake.write_text("#!/bin/sh\nexec sleep 60\n")
    fake.chmod(0o755)
    (tmp_path / "stage").mkdir()
    build = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path), str(fake)], cwd=Path(__file__).parent.parent)
    deadline = time.monotonic() + 30
    while not _children(build.pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    children = _children(build.pid)
    assert children, "the stand-in indexer never started"
    build.send_signal(signal.SIGKILL)
    build.wait()
    time.sleep(0.5)
    assert not [pid for pid in children if Path(f"/proc/{pid}").exists() and _state(pid) != "Z"], "Pagefind outlived the build"


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (OSError, IndexError):
        return "gone"
