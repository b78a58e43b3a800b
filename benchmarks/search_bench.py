"""Search benchmark (issue 4): the Pagefind index of a synthetic site of N items.

Prints, per N: the search index's shards (pages, Pagefind seconds and peak
memory of each run), the total indexing time and the largest peak, the index
size on disk, and, in Debian Chromium on 127.0.0.1 with a cold cache, the
bytes the first query downloads and the time from starting the query to
showing its results (between the marks search.js sets), for a few typical
queries: opened as ``search/?q=…`` (everything loads after the page), submitted
from the header box of an item page a second after the cursor went into it (the
box prefetches the index on focus), and typed into the open search page (which
loads Pagefind while the reader types).

    .venv/bin/python benchmarks/search_bench.py                  # N = 10 000 and 50 000
    .venv/bin/python benchmarks/search_bench.py 10000 --single   # also one unsharded index, for comparison

Targets (issue 4): first query under 300 KB and 300 ms; indexing under 30 s
and 1.5 GB at 10 000 items; memory bounded as the site grows (shown at 50 000).
Sites are built with ``mkdocs build`` under ``bench-out/search/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import socketserver
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.build_bench import OUT, TODAY, mkdocs_build, project_for  # noqa: E402
from benchmarks.speed_bench import Measure, run  # noqa: E402
from benchmarks.synthetic import ROOT  # noqa: E402
from generator.search.settings import SearchSettings  # noqa: E402

DEFAULT_SHARD_PAGES = SearchSettings().shard_pages

# A word in most synthetic pages, two rarer words, a 文号 that exists, one that does not.
QUERIES = ("政务公开", "乡村振兴", "预算", "溪农字〔2021〕204号", "溪农发〔2020〕3号")
CHROMIUM = "/usr/bin/chromium"


def dir_size(path: Path) -> tuple[int, int]:
    files, size = 0, 0
    for dirpath, _, names in os.walk(path):
        for name in names:
            files += 1
            size += os.stat(os.path.join(dirpath, name)).st_size
    return files, size


def shard_table(site: Path) -> list[dict]:
    return json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))["shards"]


def reindex(project: Path, shard_pages: int) -> tuple[float, float, int]:
    """Rebuild only the search index with another shard size: (seconds, peak MB, shards); prints
    each shard's run."""
    from generator.build import load_and_check
    from generator.search.indexer import build_search_index

    os.environ["XXGK_SEARCH_SHARD_PAGES"] = str(shard_pages)
    try:
        site, _ = load_and_check(project, dt.date.fromisoformat(TODAY))
        start = time.perf_counter()
        problems = build_search_index(site, project / "site")
        seconds = time.perf_counter() - start
    finally:
        del os.environ["XXGK_SEARCH_SHARD_PAGES"]
    assert not problems.errors, problems.format()
    shards = shard_table(project / "site")
    print_shards(shards)
    return seconds, max(s["peak_mb"] for s in shards), len(shards)


def print_shards(shards: list[dict]) -> None:
    for s in shards:
        print(f"    shard {s['id']:>12}: {s['pages']:6d} pages  {s['seconds']:6.1f} s  {s.get('cpu', 0):6.1f} s CPU  "
              f"{s['peak_mb']:6.0f} MB", flush=True)
    print(f"    in all: {sum(s['seconds'] for s in shards):.1f} s, {sum(s.get('cpu', 0) for s in shards):.1f} s CPU, "
          f"largest Pagefind peak {max(s['peak_mb'] for s in shards):.0f} MB; load average {os.getloadavg()[0]:.1f}", flush=True)


class _Host(http.server.SimpleHTTPRequestHandler):
    """A static host as agencies run them: text files (HTML, JS, JSON, CSS) sent
    gzip-compressed; Pagefind's index files are compressed already."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            path.suffix not in (".html", ".js", ".json", ".css", ".svg")
            or "gzip" not in self.headers.get("Accept-Encoding", "")
            or not path.is_file()
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@dataclass
class QueryRun:
    query: str
    how: str  # "cold": search/?q=… opened with an empty cache; "prefetched": submitted from the header box of
    # an item page a second after focusing it (empty cache before); "typed": typed on the open search page
    results_ms: float  # from the search starting to its results showing
    results_kb: float  # bytes from pagefind/ and search/lookup/ until then (typed: after the query was typed)
    shown: int
    done_ms: float  # until the facet counts show
    done_kb: float
    preloaded_kb: float = 0.0  # typed: what the open page had loaded before the query


def first_queries(site: Path) -> list[QueryRun]:
    """Each query twice, each time in a new browser context (an empty cache):
    opened as ``search/?q=…`` (as from the header box of another page), and
    typed into the search page once it has loaded Pagefind (which it does
    while the reader types)."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Host, directory=str(site))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    marks_js = """() => ['xxgk-search-start', 'xxgk-search-results', 'xxgk-search-done'].map(
                     (m) => performance.timeOrigin + performance.getEntriesByName(m)[0].startTime)"""
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        item = next(iter(sorted((site / "doc").glob("*/index.html")))).parent.name
        for query in QUERIES:
            for how in ("cold", "prefetched", "typed"):
                context = browser.new_context()
                page = context.new_page()
                sizes: list[tuple[str, int, float]] = []  # (url, bytes, finished at, epoch ms)

                def finished(request, sizes=sizes) -> None:  # type: ignore[no-untyped-def]
                    s, t = request.sizes(), request.timing
                    sizes.append((request.url, s["responseBodySize"] + s["responseHeadersSize"], t["startTime"] + t["responseEnd"]))

                page.on("requestfinished", finished)
                preloaded = 0
                if how == "cold":
                    page.goto(base + "search/?q=" + quote(query))
                elif how == "prefetched":
                    # From an item page: the cursor goes into the header box (search.js
                    # prefetches the index), the reader types for a second, then submits.
                    page.goto(base + f"doc/{item}/")
                    page.focus("#xxgk-header-q")
                    page.wait_for_timeout(1000)
                    preloaded = len(sizes)
                    page.fill("#xxgk-header-q", query)
                    page.press("#xxgk-header-q", "Enter")
                else:
                    page.goto(base + "search/")
                    page.wait_for_selector('[data-xxgk-search][data-pagefind="ready"]', timeout=60_000)
                    page.wait_for_timeout(300)
                    preloaded = len(sizes)
                    page.fill("#xxgk-search-q", query)
                    page.press("#xxgk-search-q", "Enter")
                page.wait_for_selector('[data-xxgk-search][data-state="done"]', timeout=60_000)
                page.wait_for_timeout(300)  # let the last responses finish
                marks = page.evaluate(marks_js)
                assert all(url.startswith(base) for url, _, _ in sizes)
                index = [(n, at) for url, n, at in sizes[preloaded:] if "/pagefind/" in url or "/search/lookup/" in url]
                rows.append(
                    QueryRun(
                        query,
                        how,
                        marks[1] - marks[0],
                        sum(n for n, at in index if at <= marks[1] + 5) / 1024,
                        page.locator(".xxgk-result").count(),
                        marks[2] - marks[0],
                        sum(n for n, _ in index) / 1024,
                        sum(n for url, n, _ in sizes[:preloaded] if "/pagefind/" in url) / 1024,
                    )
                )
                context.close()
        browser.close()
    server.shutdown()
    return rows


def stock_index(site: Path) -> Measure:
    """The baseline, made in the same run: stock Pagefind (the extended binary, its own Chinese
    segmentation) over the same built pages in one run, written aside and removed again."""
    site = site.resolve()
    out = site.parent / "stock-pagefind"
    shutil.rmtree(out, ignore_errors=True)
    try:
        command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(out), "--quiet"]
        return run(command, site.parent, label="stock-pagefind")
    finally:
        shutil.rmtree(out, ignore_errors=True)


def report_queries(site: Path) -> None:
    for r in first_queries(site):
        extra = f" (Pagefind loaded before the query: {r.preloaded_kb:.0f} KB)" if r.how != "cold" else ""
        print(f"  {r.how:5} {r.query}: results ({r.shown} shown) after {r.results_ms:.0f} ms and {r.results_kb:.0f} KB;"
              f" facet counts after {r.done_ms:.0f} ms and {r.done_kb:.0f} KB{extra}", flush=True)


def bench(n_items: int, single: bool) -> None:
    print(f"N = {n_items}", flush=True)
    project = project_for(n_items, OUT / "search")
    run = mkdocs_build(project)
    site = project / "site"
    print(f"  mkdocs build {run.wall:.1f} s, peak memory {run.peak_mb:.0f} MB (MkDocs or any Pagefind run)")
    shards = shard_table(site)
    print_shards(shards)
    pages = sum(s["pages"] for s in shards)
    total = sum(s["seconds"] for s in shards)
    peak = max(s["peak_mb"] for s in shards)
    files, size = dir_size(site / "pagefind")
    print(f"  index: {pages} pages in {len(shards)} shards, {total:.1f} s, largest Pagefind peak {peak:.0f} MB; "
          f"{size / 1024 / 1024:.1f} MB on disk in {files} files", flush=True)
    stock = stock_index(site)
    cpu = sum(s.get("cpu", 0) for s in shards)
    print(f"  stock Pagefind on the same pages: {stock.cpu:.1f} s CPU, peak {stock.peak_mb:.0f} MB; xxgk / stock: "
          f"CPU {cpu / stock.cpu:.2f}, peak {peak / stock.peak_mb:.2f} (targets: 30 s, 1 GB)", flush=True)
    report_queries(site)
    if single:
        seconds, peak_single, _ = reindex(project, 10**9)
        print(f"  one unsharded index instead: {seconds:.1f} s, Pagefind peak {peak_single:.0f} MB", flush=True)
        reindex(project, DEFAULT_SHARD_PAGES)  # leave the site as the build made it


def bench_index_only(n_target: int, source: Path) -> None:
    """Index ``n_target`` item pages made from a built site's item pages
    (copies dated 12 years earlier per round, each with its own URL and a
    word of its own), with the same shard plan and Pagefind runs as a build,
    then run the same queries on it. MkDocs itself is not run: this measures
    the search step at a size where building the site first would take most
    of an hour on this machine."""
    from generator.search.indexer import BUNDLE_DIR, STAGE_DIR, _index_shard, _write_manifest, pagefind_binary
    from generator.search.shards import IndexedPage, plan_shards

    site = OUT / "search" / f"pages{n_target}"
    shutil.rmtree(site, ignore_errors=True)
    originals = sorted((source / "doc").glob("*/index.html"))
    pages: list[IndexedPage] = []
    start = time.perf_counter()
    for n in range(n_target):
        html = originals[n % len(originals)].read_text(encoding="utf-8")
        round_ = n // len(originals)
        # An item page holds no search data (a build stages it from the model: search.fields.item_tail);
        # here its sort date and year facet are made from its 发布日期 (the other facets are left out).
        match = re.search(r'<time datetime="(\d{4})(-\d\d-\d\d)', html)
        year = int(match.group(1)) - 12 * round_
        date = f"{year:04d}{match.group(2)}"
        data = f'<div class="xxgk-search-data" hidden><span data-pagefind-sort="date:{date}"></span><span data-pagefind-filter="year[data-f1]" data-f1="{year}"></span></div>'
        html = html.replace("</body>", data + "</body>", 1)
        if round_:
            html = html.replace("</h1>", f" 第{round_}轮副本</h1>", 1)
        url = f"doc/p{n:06d}/"
        (site / url).mkdir(parents=True)
        (site / url / "index.html").write_text(html, encoding="utf-8")
        pages.append(IndexedPage(url, date))
    print(f"  wrote {n_target} item pages in {time.perf_counter() - start:.0f} s", flush=True)
    env = os.environ.get("XXGK_SEARCH_SHARD_PAGES", "")
    shards = plan_shards(pages, int(env) if env.isdigit() else DEFAULT_SHARD_PAGES)
    binary = pagefind_binary()
    runs = []
    for shard in shards:
        run, error = _index_shard(binary, site, site / STAGE_DIR / shard.id, site / BUNDLE_DIR / shard.id, shard)
        assert not error, error
        runs.append(run)
        print(f"    shard {shard.id:>12}: {len(shard.pages):6d} pages  {run.seconds:6.1f} s  {run.cpu:6.1f} s CPU  "
              f"{run.peak_mb:6.0f} MB", flush=True)
    shutil.rmtree(site / STAGE_DIR, ignore_errors=True)
    _write_manifest(site / BUNDLE_DIR, runs)
    files, size = dir_size(site / BUNDLE_DIR)
    print(f"  index of {n_target} pages: {len(shards)} shards, {sum(r.seconds for r in runs):.0f} s, largest Pagefind peak "
          f"{max(r.peak_mb for r in runs):.0f} MB, {size / 1024 / 1024:.0f} MB on disk in {files} files", flush=True)
    # The search page and the theme's assets from the built site, then the same queries.
    for folder in ("search", "assets"):
        shutil.copytree(source / folder, site / folder)
    shutil.copy(ROOT / "overrides" / "assets" / "xxgk" / "search.js", site / "assets" / "xxgk" / "search.js")
    report_queries(site)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 50_000], help="numbers of items")
    parser.add_argument("--single", action="store_true", help="also time one unsharded index (needs ~2 GB per 10 000)")
    parser.add_argument("--shard-pages", type=int, nargs="*", default=[],
                        help="re-index an already built site with these shard sizes and query each (no MkDocs build); 0: query it as it is")
    parser.add_argument("--index-only", action="store_true",
                        help="for each N, index N item pages copied from the built 10 000-item site (no MkDocs build)")
    args = parser.parse_args()
    (OUT / "search").mkdir(parents=True, exist_ok=True)
    for n in args.sizes:
        if args.index_only:
            print(f"N = {n} (search index only)", flush=True)
            bench_index_only(n, OUT / "search" / "n10000" / "site")
            continue
        if not args.shard_pages:
            bench(n, args.single)
            continue
        project = OUT / "search" / f"n{n}"
        # The built site keeps the search.js and search.css of its build: use the current ones.
        for name in ("search.js", "search.css"):
            shutil.copy(ROOT / "overrides" / "assets" / "xxgk" / name, project / "site" / "assets" / "xxgk" / name)
        if args.shard_pages == [0]:
            print(f"N = {n}, the index as built", flush=True)
            report_queries(project / "site")
            continue
        for size in args.shard_pages:
            seconds, peak, count = reindex(project, size)
            print(f"N = {n}, shards of at most {size} pages: {count} shards, {seconds:.1f} s, peak {peak:.0f} MB", flush=True)
            report_queries(project / "site")
        reindex(project, DEFAULT_SHARD_PAGES)


if __name__ == "__main__":
    main()
