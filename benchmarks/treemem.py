"""Peak memory of a whole process tree ("every process together", issue 11).

A build's own peak (``ru_maxrss``) misses that Pagefind runs as a child while
the MkDocs process still holds its memory: what a machine must hold is the sum
of the resident sets of every process of the tree at the same moment. A thread
samples it from ``/proc`` every ``interval`` seconds while the command runs.

    .venv/bin/python benchmarks/treemem.py -- .venv/bin/python -m mkdocs build -f bench-out/n100000/mkdocs.yml

prints CPU (user + system of the tree), wall, the largest single process and the
largest sums: of resident sets (RSS; pages a forked child shares with its parent
count twice) and of proportional sets (PSS; each page once: what the machine holds). Used by ``speed_bench.py`` for every build it runs.

``--timeline FILE`` (before ``--``) also writes every sample, with the command's output lines
between them, each with the seconds since the start: which phase holds the peak, and how much of it
is the parent (the MkDocs process) and how much its children (Pagefind, the link check's workers).

    .venv/bin/python benchmarks/treemem.py --timeline bench-out/mem.txt -- .venv/bin/python -m mkdocs build ...
"""

from __future__ import annotations

import ctypes
import os
import platform
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


def _pss(pid: int) -> int:
    """Proportional set size: each shared page counted once across the processes sharing it
    (the link check's forked workers share most of their parent's pages)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


# kcmp(2)'s number (it has no wrapper in the C library) where we know it; elsewhere no check.
_KCMP = {"x86_64": 312, "aarch64": 272}.get(platform.machine())
_KCMP_VM = 1


def _borrows_memory(pid: int, parent: int) -> bool:
    """Whether ``pid`` runs in its parent's memory: a child between vfork() and exec()
    (Python's subprocess starts programs so). Its /proc shows the parent's whole address
    space, so counting it too showed a 1 GB process twice for one sample (issue 11's 100 000
    items: a 2 080 MB "peak" while git started, where the machine held 1 040 MB)."""
    if _KCMP is None:
        return False
    return _libc.syscall(_KCMP, pid, parent, _KCMP_VM, 0, 0) == 0


_libc = ctypes.CDLL(None, use_errno=True)


def _tree(root: int, parts: dict[str, int] | None = None) -> tuple[int, int]:
    """Bytes resident in ``root`` and all its descendants now, as (sum of RSS, sum of PSS).
    ``parts``, if given, receives the PSS of each process by ``pid:name`` (for a timeline)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    names: dict[int, str] = {}
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
        names[pid] = stat[stat.find(b"(") + 1 : stat.rfind(b")")].decode(errors="replace")
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * PAGE
    wanted = {root}
    changed = True
    while changed:  # descendants, whatever order /proc lists them in
        changed = False
        for pid, parent in parents.items():
            if parent in wanted and pid not in wanted:
                wanted.add(pid)
                changed = True
    pss = {pid: _pss(pid) for pid in wanted if pid in rss and not _borrows_memory(pid, parents[pid])}
    if parts is not None:
        parts.update({f"{pid}:{names[pid]}": size for pid, size in pss.items()})
    return sum(rss.get(pid, 0) for pid in wanted), sum(pss.values())


class TreeSampler:
    """Samples the tree's summed resident set while a process runs; the peaks in MB after :meth:`stop`."""

    def __init__(self, pid: int, interval: float = 0.15, timeline=None) -> None:  # type: ignore[no-untyped-def]
        self.pid, self.interval, self.rss, self.pss = pid, interval, 0, 0
        self.timeline = timeline  # a text file: one line a sample (see main)
        self.start = time.perf_counter()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._done.is_set():
            parts: dict[str, int] | None = {} if self.timeline is not None else None
            rss, pss = _tree(self.pid, parts)
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
            if self.timeline is not None and parts:
                each = " ".join(f"{name}={size / 2**20:.0f}" for name, size in parts.items())
                self.timeline.write(f"{time.perf_counter() - self.start:8.1f} MEM pss {pss / 2**20:.0f} rss {rss / 2**20:.0f} | {each}\n")
            self._done.wait(self.interval)

    def stop(self) -> tuple[float, float]:
        """(peak of the summed RSS, peak of the summed PSS), in MB."""
        self._done.set()
        self._thread.join()
        return self.rss / 2**20, self.pss / 2**20


def run_sampled(command: list[str], cwd: Path, env: dict[str, str], out, timeline=None) -> tuple[int, object, float, float]:  # type: ignore[no-untyped-def]
    """Run ``command``; returns (exit status, rusage of the tree, peaks of the tree's summed RSS and PSS in MB).
    ``timeline``: a text file receiving every sample and every output line, timed (``out`` then gets the output too)."""
    if timeline is None:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeSampler(process.pid)
    else:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        sampler = TreeSampler(process.pid, timeline=timeline)
        assert process.stdout is not None
        for line in process.stdout:  # until the command ends (its output closes)
            out.write(line)
            timeline.write(f"{time.perf_counter() - sampler.start:8.1f} LOG {line[:300].rstrip()}\n")
    # wait4 reaps the process: stop sampling first would lose its last moments, so
    # the sampler stops after; a reaped pid simply drops out of /proc.
    _, status, usage = os.wait4(process.pid, 0)
    return status, usage, *sampler.stop()


def main(argv: list[str], echo: Callable[[str], None] = print) -> int:
    command = argv[argv.index("--") + 1 :] if "--" in argv else argv
    if not command:
        raise SystemExit(__doc__)
    own = argv[: argv.index("--")] if "--" in argv else []
    timeline = open(own[own.index("--timeline") + 1], "w", buffering=1) if "--timeline" in own else None  # noqa: SIM115
    start = time.perf_counter()
    status, usage, tree_mb, pss_mb = run_sampled(command, Path.cwd(), dict(os.environ), sys.stdout, timeline)
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime  # type: ignore[attr-defined]
    load = Path("/proc/loadavg").read_text().split()[:3]
    echo(
        f"cpu {cpu:.1f} s, wall {wall:.1f} s, peak of one process {usage.ru_maxrss / 1024:.0f} MB, "  # type: ignore[attr-defined]
        f"peak of the tree together {tree_mb:.0f} MB RSS, {pss_mb:.0f} MB PSS (load {' '.join(load)})"
    )
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
