"""benchmarks/treemem.py counts each address space once (issue 11's "every process together")."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import treemem  # noqa: E402


@pytest.mark.skipif(treemem._KCMP is None, reason="kcmp's number is not known on this machine")
def test_a_child_in_its_parents_memory_is_told_from_a_forked_one() -> None:
    # A process is its own address space (what a child between vfork and exec shares with
    # its parent, which /proc shows in full for both); a forked child has its own copy.
    assert treemem._borrows_memory(os.getpid(), os.getpid())
    child = os.fork()
    if child == 0:
        time.sleep(2)
        os._exit(0)
    try:
        assert not treemem._borrows_memory(child, os.getpid())
    finally:
        os.kill(child, 9)
        os.waitpid(child, 0)
