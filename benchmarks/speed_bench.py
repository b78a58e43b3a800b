"""Speed benchmark (issue 11): xxgk against a stock baseline built in the same run.

The baseline is what a stock setup would do with the same text: mkdocs-material
9.8.1 (no overrides, no hooks) building the same N Markdown bodies as pages kept
out of the navigation, then ``python -m pagefind --site site`` (the extended
binary, Chinese segmentation). Both run in fresh processes; CPU time is user +
system of the process and its children (``wait4``), which is steadier than wall
time on a shared machine; peak memory is the largest resident set of the
process or any child, and the peak of the sum of the resident sets of the
whole process tree at one moment (``treemem.py``: Pagefind runs beside the
MkDocs process, so this is what a machine must hold).

Printed, with xxgk/stock ratios where the issue sets a target:

- cold build (no build/, no site/): CPU and peak, against the stock build;
- rebuild with no change, after editing one item (in the middle of the site) and
  after editing the newest item: CPU, as a share of xxgk's cold build;
- site size on disk and HTML bytes per item page beyond its body;
- with ``--serve``: preview edit latency (``serve_bench.py``);
- with ``--big N``: a cold build of N items (e.g. 100 000), CPU as a multiple of the first size's.

    .venv/bin/python benchmarks/speed_bench.py                 # 10 000 items
    .venv/bin/python benchmarks/speed_bench.py 2000 --serve
    .venv/bin/python benchmarks/speed_bench.py 10000 --big 100000

Everything is written under ``bench-out/`` (git-ignored), relative to the repository.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.build_bench import (  # noqa: E402
    OUT,
    TODAY,
    Measure,
    as_fresh_clone,
    project_for,
    run,
    site_figures,
    stock_build,
    stock_project,
)
from benchmarks.serve_bench import edit, pick_item  # noqa: E402
from benchmarks.site_split import report as split_report  # noqa: E402


def xxgk_build(project: Path, label: str) -> Measure:
    env = {"NO_MKDOCS_2_WARNING": "1", "XXGK_TODAY": TODAY}
    return run([sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")], project, env, label)


def page_overhead(site: Path, n: int = 50) -> float:
    """Mean HTML bytes of an item page beyond its body (the <div class="xxgk-body"> blocks)."""
    sizes = []
    for page in sorted((site / "doc").glob("*/index.html"))[:n]:
        text = page.read_text(encoding="utf-8")
        body = sum(len(m.encode()) for m in re.findall(r'<div class="xxgk-body">.*?</div>', text, re.S))
        sizes.append(len(text.encode()) - body)
    return sum(sizes) / len(sizes) if sizes else 0.0


def newest_item(project: Path) -> Path:
    """The item with the latest 发布日期 (the synthetic items' file names start with it)."""
    return max((project / "content" / "items").rglob("*.md"), key=lambda path: path.name)


def edit_build(project: Path, item: Path, label: str) -> Measure:
    """A rebuild after editing ``item``, which is then put back (the next build sees the original)."""
    original = item.read_text(encoding="utf-8")
    try:
        edit(item, "bench")
        return xxgk_build(project, label)
    finally:
        item.write_text(original, encoding="utf-8")


# What a built site holds, as the issue counts it: "pages and index" must fit GitHub
# Pages' 1 GB at 50 000 items; the open-data files (per-item JSON, catalogues, feeds)
# come on top. Theme assets and schemas do not grow with the site.
FIXED_DIRS = ("assets", "schemas")
INDEX_DIRS = ("pagefind", "search/lookup")  # Pagefind's shards and the exact 文号/索引号 lookup


def site_parts(site: Path) -> dict[str, int]:
    """Bytes of a built site by part: pages (HTML), index, open data (everything else
    that grows with the items), fixed (assets, schemas)."""
    parts = {"pages": 0, "index": 0, "open data": 0, "fixed": 0}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        size = path.stat().st_size
        if rel.split("/", 1)[0] in FIXED_DIRS:
            parts["fixed"] += size
        elif any(rel.startswith(d + "/") for d in INDEX_DIRS):
            parts["index"] += size
        elif rel.endswith(".html"):
            parts["pages"] += size
        else:
            parts["open data"] += size
    return parts


def estimate(parts: dict[str, int], n_items: int, target: int = 50_000) -> tuple[float, float]:
    """(pages and index, whole site) in MB at ``target`` items: what grows scaled, the fixed part kept."""
    scale = target / n_items
    grown = (parts["pages"] + parts["index"]) * scale
    whole = grown + parts["open data"] * scale + parts["fixed"]
    return grown / 2**20, whole / 2**20


def _load() -> str:
    return "load " + " ".join(Path("/proc/loadavg").read_text().split()[:3])


def cold(project: Path) -> Measure:
    as_fresh_clone(project)
    return xxgk_build(project, "cold")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n_items", nargs="?", type=int, default=10_000)
    parser.add_argument("--serve", action="store_true", help="also measure the preview's edit latency")
    parser.add_argument("--big", type=int, default=0, help="also a cold build of this many items")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    project = project_for(args.n_items)
    stock = stock_project(project, OUT)

    print(f"N = {args.n_items}", flush=True)
    base = stock_build(stock)
    print(f"  stock mkdocs-material + pagefind: cpu {base.cpu:.1f} s, wall {base.wall:.1f} s, peak {base.peak_mb:.0f} MB, tree {base.tree_mb:.0f} MB RSS / {base.pss_mb:.0f} MB PSS", flush=True)
    first = cold(project)
    print(f"  xxgk cold build:                  cpu {first.cpu:.1f} s, wall {first.wall:.1f} s, peak {first.peak_mb:.0f} MB, tree {first.tree_mb:.0f} MB RSS / {first.pss_mb:.0f} MB PSS ({_load()})", flush=True)
    same = xxgk_build(project, "no-change")
    print(f"  xxgk rebuild, no change:          cpu {same.cpu:.2f} s", flush=True)
    item, _ = pick_item(project)
    # Every rebuild but the first after a cold build starts from the site the last one replaced
    # (.site.spare, publish.py): an edit and its undoing, not measured, as an editor's first rebuilds.
    edit_build(project, item, "warm")
    xxgk_build(project, "warm-restore")
    edited = edit_build(project, item, "one-edit")
    print(f"  xxgk rebuild, one item edited:    cpu {edited.cpu:.2f} s", flush=True)
    xxgk_build(project, "restore")  # the site of the original item again (not measured)
    # The item published last: what editors correct most (the newest search shards are small).
    recent = edit_build(project, newest_item(project), "one-recent-edit")
    print(f"  xxgk rebuild, newest item edited: cpu {recent.cpu:.2f} s", flush=True)
    pages, size_mb = site_figures(project / "site")
    _, stock_mb = site_figures(stock / "site")
    overhead = page_overhead(project / "site")

    print("\n| figure | xxgk | stock | ratio | target |")
    print("|---|---|---|---|---|")
    print(f"| cold build, CPU | {first.cpu:.1f} s | {base.cpu:.1f} s | {first.cpu / base.cpu:.2f} | ≤ 0.6 |")
    print(f"| cold build, peak memory | {first.peak_mb:.0f} MB | {base.peak_mb:.0f} MB | {first.peak_mb / base.peak_mb:.2f} | ≤ 1 GB |")
    print(f"| cold build, peak of every process together (RSS) | {first.tree_mb:.0f} MB | {base.tree_mb:.0f} MB | {first.tree_mb / base.tree_mb:.2f} | |")
    print(f"| cold build, peak of every process together (PSS) | {first.pss_mb:.0f} MB | {base.pss_mb:.0f} MB | {first.pss_mb / base.pss_mb:.2f} | |")
    print(f"| rebuild, no change, CPU | {same.cpu:.2f} s | | {same.cpu / first.cpu:.1%} of cold | ≤ 3 % |")
    print(f"| rebuild, one edit, CPU | {edited.cpu:.2f} s | | {edited.cpu / first.cpu:.1%} of cold | ≤ 5 % |")
    print(f"| rebuild, newest item edited, CPU | {recent.cpu:.2f} s | | {recent.cpu / first.cpu:.1%} of cold | ≤ 5 % |")
    print(f"| site on disk | {size_mb:.0f} MB, {pages} pages | {stock_mb:.0f} MB | {size_mb / stock_mb:.2f} | 50 000 items ≤ 1 GB |")
    print(f"| item page beyond its body | {overhead / 1024:.1f} KB | | | ≤ 12 KB |")
    parts = site_parts(project / "site")
    split = ", ".join(f"{name} {size / 2**20:.0f} MB" for name, size in parts.items())
    print(f"| site split | {split} | | | |")
    index_mb, whole_mb = estimate(parts, args.n_items)
    print(f"| 50 000 items, pages and index | {index_mb:.0f} MB | | | ≤ 1 024 MB |")
    print(f"| 50 000 items, whole site (with open data) | {whole_mb:.0f} MB | | | |")
    print("\nwhere the bytes are (benchmarks/site_split.py):")
    print("\n".join(split_report(project / "site", args.n_items)))
    if args.big:
        big = project_for(args.big)
        large = cold(big)
        print(f"| {args.big} items, cold CPU | {large.cpu:.1f} s | | {large.cpu / first.cpu:.2f} × N={args.n_items} | ≤ 11 × |")
        print(f"| {args.big} items, peak memory (one process) | {large.peak_mb:.0f} MB | | | |")
        print(f"| {args.big} items, peak of every process together (RSS) | {large.tree_mb:.0f} MB | | | ≤ 2 GB |")
        print(f"| {args.big} items, peak of every process together (PSS) | {large.pss_mb:.0f} MB | | | ≤ 2 GB |")
        print(f"  ({_load()})")
    if args.serve:
        print("\npreview (serve_bench.py):", flush=True)
        subprocess.run([sys.executable, str(Path(__file__).parent / "serve_bench.py"), str(args.n_items), "--edits", "3"], check=True)


if __name__ == "__main__":
    main()
