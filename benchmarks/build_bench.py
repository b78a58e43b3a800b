"""Build-time benchmark: ``mkdocs build`` of a synthetic site of N items.

Prints, per N: wall time and peak memory (largest resident set of the build
process and its children, from ``wait4``) of the real ``mkdocs build`` in a
fresh subprocess, cold (no ``build/`` cache, no ``site/``), its CPU time against the
stock baseline built in the same run (mkdocs-material + Pagefind on the same bodies,
``stock_build``; ``--no-stock`` skips it), the xxgk phase times it logs (load+check, render, sync,
post-build steps), the number of HTML pages and the size of ``site/``, and
the cost per item, so linear growth shows at a glance.

    .venv/bin/python benchmarks/build_bench.py                 # N = 1 000 and 10 000
    .venv/bin/python benchmarks/build_bench.py 2000 5000 10000 --repeat 3

Targets (issue 2, 2-core machine): 10 000 items in under 30 s and 1 GB.
Sites are written under ``bench-out/`` (git-ignored) and kept for reuse by
``serve_bench.py``. The machine may be shared: ``--repeat`` reports the best
and the median run.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import ROOT, make_site  # noqa: E402
from benchmarks.treemem import run_sampled  # noqa: E402

OUT = ROOT / "bench-out"
TODAY = "2026-11-23"
# What a synthetic project is made from: a change to any of them makes the projects again.
MADE_FROM = ("benchmarks/synthetic.py", "tests/conftest.py", "content/site.yml")
_PHASE = re.compile(r"(load_and_check|render|sync) ([\d.]+) s")
_POSTBUILD = re.compile(r"post-build steps ([\d.]+) s \(MkDocs peak memory (\d+) MB\)")

# The stock baseline (speed_bench.py, serve_bench.py): mkdocs-material, no overrides, no hooks.
STOCK_CONFIG = """site_name: stock
docs_dir: docs
site_dir: site
theme:
  name: material
  language: zh
  font: false
plugins: []
nav:
  - index.md
not_in_nav: |
  /items/
"""


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of mkdocs and its children: about the wall time on an idle machine
    peak_mb: float  # largest resident set of mkdocs or any child it waited for
    phases: dict[str, float] = field(default_factory=dict)


def stock_project(project: Path, out: Path) -> Path:
    """The baseline project: the same Markdown bodies (with their titles) as plain pages."""
    stock = out / f"stock-{project.name}"
    if stock.exists():
        shutil.rmtree(stock)
    docs = stock / "docs" / "items"
    docs.mkdir(parents=True)
    (stock / "docs" / "index.md").write_text("# stock\n", encoding="utf-8")
    for n, path in enumerate(sorted((project / "content" / "items").rglob("*.md"))):
        text = path.read_text(encoding="utf-8")
        front, _, body = text.removeprefix("---\n").partition("\n---\n")
        title = re.search(r"^title: (.*)$", front, re.M)
        (docs / f"{n:06d}.md").write_text(f"# {title.group(1) if title else n}\n\n{body}", encoding="utf-8")
    (stock / "mkdocs.yml").write_text(STOCK_CONFIG, encoding="utf-8")
    return stock


@dataclass
class Measure:
    cpu: float
    wall: float
    peak_mb: float
    log: str = ""
    tree_mb: float = 0.0  # the whole process tree together (sum of RSS)
    pss_mb: float = 0.0  # the same, each shared page once (sum of PSS)


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None, label: str = "command") -> Measure:
    """One command in a fresh process: CPU (with children), wall, peak; fails loudly.
    Its output stays in ``bench-<label>.log`` in ``cwd`` (each build's phase times)."""
    log_path = cwd / f"bench-{label}.log"
    start = time.perf_counter()
    with log_path.open("w") as out:
        status, usage, tree_mb, pss_mb = run_sampled(command, cwd, {**os.environ, **(env or {})}, out)
    wall = time.perf_counter() - start
    text = log_path.read_text(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{text[-3000:]}")
    return Measure(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, text, tree_mb, pss_mb)


def stock_build(stock: Path) -> Measure:
    shutil.rmtree(stock / "site", ignore_errors=True)
    env = {"NO_MKDOCS_2_WARNING": "1"}
    mkdocs = run([sys.executable, "-m", "mkdocs", "build", "-q"], stock, env, "mkdocs")
    pagefind = run([sys.executable, "-m", "pagefind", "--site", "site", "--quiet"], stock, label="pagefind")
    print(f"  stock parts: mkdocs cpu {mkdocs.cpu:.1f} s, pagefind cpu {pagefind.cpu:.1f} s", flush=True)
    peak = max(mkdocs.peak_mb, pagefind.peak_mb)
    return Measure(mkdocs.cpu + pagefind.cpu, mkdocs.wall + pagefind.wall, peak, tree_mb=max(mkdocs.tree_mb, pagefind.tree_mb), pss_mb=max(mkdocs.pss_mb, pagefind.pss_mb))


def as_fresh_clone(project: Path) -> None:
    """Remove what a build leaves (its cache, its site, the spare tree): the next build is cold."""
    for folder in ("build", "site", ".site.spare"):
        shutil.rmtree(project / folder, ignore_errors=True)


def project_for(n_items: int, out: Path = OUT, reuse: bool = True) -> Path:
    """The synthetic project of ``n_items`` under ``out`` (made, or reused if complete)."""
    project = out / f"n{n_items}"
    marker = project / ".bench-items"
    # A project made by another version of the generator of projects is made again: a stale one
    # once measured the 50-row listings default on the sample's old 20-row site.yml.
    made_by = hashlib.sha256(b"".join((ROOT / p).read_bytes() for p in MADE_FROM)).hexdigest()[:16]
    stamp = f"{n_items} {made_by}"
    if reuse and marker.is_file() and marker.read_text() == stamp:
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")  # the repository's current one
        return project
    start = time.perf_counter()
    make_site(project, n_items, git=True)
    marker.write_text(stamp)
    print(f"  wrote {n_items} items to {project} in {time.perf_counter() - start:.1f} s", flush=True)
    return project


def mkdocs_build(project: Path, extra_env: dict[str, str] | None = None) -> Run:
    """One ``mkdocs build`` in a fresh process; fails loudly if the build fails."""
    log = project / "build" / "bench.log"
    log.parent.mkdir(parents=True, exist_ok=True)  # build/ is git-ignored: a fresh project has none
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XXGK_TODAY": TODAY, **(extra_env or {})}
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")]
    start = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text()
    if process.returncode != 0:
        raise SystemExit(f"mkdocs build failed in {project}:\n{text[-3000:]}")
    phases = {name: float(value) for name, value in _PHASE.findall(text)}
    if post := _POSTBUILD.search(text):
        phases["postbuild"] = float(post.group(1))
        phases["mkdocs_mb"] = float(post.group(2))
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, phases)


def site_figures(site: Path) -> tuple[int, float]:
    """(HTML pages, total MB) of a built site."""
    pages, size = 0, 0
    for dirpath, _, filenames in os.walk(site):
        for name in filenames:
            size += os.stat(os.path.join(dirpath, name)).st_size
            pages += name.endswith(".html")
    return pages, size / 1024 / 1024


def bench(n_items: int, repeat: int, stock: bool) -> dict[str, float]:
    print(f"N = {n_items}", flush=True)
    project = project_for(n_items)
    runs = []
    for attempt in range(repeat):
        # Cold: with its cache and site a build of unchanged content does nothing.
        as_fresh_clone(project)
        run = mkdocs_build(project)
        runs.append(run)
        phases = ", ".join(f"{k} {v:.2f}" for k, v in run.phases.items())
        print(f"  run {attempt + 1}: {run.wall:6.1f} s (cpu {run.cpu:.1f} s)  {run.peak_mb:6.0f} MB   ({phases})", flush=True)
    pages, size = site_figures(project / "site")
    best = min(runs, key=lambda r: r.wall)
    median = statistics.median(r.wall for r in runs)
    peak = max(r.peak_mb for r in runs)
    print(
        f"  best {best.wall:.1f} s, median {median:.1f} s, peak {peak:.0f} MB; "
        f"{pages} HTML pages, site {size:.0f} MB; {best.wall / n_items * 1000:.2f} ms and "
        f"{peak / n_items * 1024:.0f} KB per item",
        flush=True,
    )
    cpu = min(r.cpu for r in runs)
    base = stock_build(stock_project(project, OUT)) if stock else None
    if base is not None:
        print(f"  stock mkdocs-material + Pagefind, same bodies: cpu {base.cpu:.1f} s, peak {base.peak_mb:.0f} MB; "
              f"xxgk / stock: cpu {cpu / base.cpu:.2f}, peak {peak / base.peak_mb:.2f}", flush=True)
    ratio = cpu / base.cpu if base else 0.0
    return {"n": n_items, "best": best.wall, "median": median, "cpu": cpu, "stock": ratio, "peak": peak, "pages": pages, "size": size, **best.phases}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000], help="numbers of items (default 1000 10000)")
    parser.add_argument("--repeat", type=int, default=1, help="builds per size; best and median are reported")
    parser.add_argument("--no-stock", action="store_true", help="without the stock baseline (its build per size)")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    results = [bench(n, args.repeat, not args.no_stock) for n in args.sizes]
    print("\n     N  best s  median s  cpu s  /stock  w/o post-build s  ms/item  peak MB  MkDocs MB  pages  site MB"
          "  load+check  render  sync  post-build")
    for r in results:
        post = r.get("postbuild", 0.0)
        print(
            f"{r['n']:6d}  {r['best']:6.1f}  {r['median']:8.1f}  {r['cpu']:5.1f}  {r['stock']:6.2f}  {r['best'] - post:16.1f}  {r['best'] / r['n'] * 1000:7.2f}"
            f"  {r['peak']:7.0f}  {r.get('mkdocs_mb', 0):9.0f}  {r['pages']:5d}  {r['size']:7.0f}"
            f"  {r.get('load_and_check', 0):10.2f}  {r.get('render', 0):6.2f}  {r.get('sync', 0):4.2f}  {post:10.2f}"
        )

if __name__ == "__main__":
    main()
