"""Peak memory of a whole process tree ("every process together", issue 11).

A build's own peak (``ru_maxrss``) misses that Pagefind runs as a child while
the MkDocs process still holds its memory: what a machine must hold is the sum
of the resident sets of every process of the tree at the same moment. A thread
samples it from ``/proc`` every ``interval`` seconds while the command runs.

    .venv/bin/python benchmarks/treemem.py -- .venv/bin/python -m mkdocs build -f bench-out/n100000/mkdocs.yml

prints CPU (user + system of the tree), wall, the largest single process and the
largest sum. Used by ``speed_bench.py`` for every build it runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss(root: int) -> int:
    """Bytes resident in ``root`` and all its descendants now (one pass over /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:  # ended meanwhile
            continue
        # The command name may hold spaces and parentheses: fields follow the last ")".
        fields = stat[stat.rfind(b")") + 2 :].split()
        pid = int(entry)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * PAGE
    total, wanted = 0, {root}
    changed = True
    while changed:  # descendants, whatever order /proc lists them in
        changed = False
        for pid, parent in parents.items():
            if parent in wanted and pid not in wanted:
                wanted.add(pid)
                changed = True
    for pid in wanted:
        total += rss.get(pid, 0)
    return total


class TreeSampler:
    """Samples the tree's summed resident set while a process runs; ``peak_mb`` after :meth:`stop`."""

    def __init__(self, pid: int, interval: float = 0.15) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, _tree_rss(self.pid))
            self._done.wait(self.interval)

    def stop(self) -> float:
        self._done.set()
        self._thread.join()
        return self.peak / 2**20

    @property
    def peak_mb(self) -> float:
        return self.peak / 2**20


def run_sampled(command: list[str], cwd: Path, env: dict[str, str], out) -> tuple[int, object, float]:  # type: ignore[no-untyped-def]
    """Run ``command``; returns (exit status, rusage of the tree, peak of the tree's sum in MB)."""
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    sampler = TreeSampler(process.pid)
    # wait4 reaps the process: stop sampling first would lose its last moments, so
    # the sampler stops after; a reaped pid simply drops out of /proc.
    _, status, usage = os.wait4(process.pid, 0)
    return status, usage, sampler.stop()


def main(argv: list[str], echo: Callable[[str], None] = print) -> int:
    command = argv[argv.index("--") + 1 :] if "--" in argv else argv
    if not command:
        raise SystemExit(__doc__)
    start = time.perf_counter()
    status, usage, tree_mb = run_sampled(command, Path.cwd(), dict(os.environ), sys.stdout)
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime  # type: ignore[attr-defined]
    load = Path("/proc/loadavg").read_text().split()[:3]
    echo(
        f"cpu {cpu:.1f} s, wall {wall:.1f} s, peak of one process {usage.ru_maxrss / 1024:.0f} MB, "  # type: ignore[attr-defined]
        f"peak of the tree together {tree_mb:.0f} MB (load {' '.join(load)})"
    )
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
