"""Search relevance on real Chinese text (issue 12): recall, precision at 10 and MRR per query class.

The evaluation set (``tests/fixtures/real/search/``: real disclosure pages and queries with their
expected pages, written before any tuning) is imported into an xxgk project, one item per page with
its real metadata (title, 索引号, 文号, 发布日期, 发布机构, 主题分类, 有效性), and put through the real
build: ``mkdocs build`` with the adapter, the extended Pagefind, shards as in production. Every query
then runs through the search page's own code (``search.js``, the file the site ships) in Debian
Chromium on pages served from 127.0.0.1, typed into the search box as a reader would; the result
list is read back, every page of it ("显示更多结果" until it is gone), and compared with the expected
pages.

    .venv/bin/python benchmarks/search_relevance.py                 # all queries
    .venv/bin/python benchmarks/search_relevance.py --class short   # one class
    .venv/bin/python benchmarks/search_relevance.py --show-misses   # also every wrong or missing page
    .venv/bin/python benchmarks/search_relevance.py --no-stock      # without the stock baseline

Measures (per query, then averaged per class and overall):
- recall: expected pages found (anywhere in the list) / expected pages;
- precision at 10: expected pages among the first 10 results / results among the first 10
  (a query answered with nothing has precision 1 if nothing was expected, else 0);
- MRR: 1 / rank of the first expected page (0 if none is found).
Targets (issue 12): recall ≥ 0.95 and precision at 10 ≥ 0.9 overall; no class below 0.9 recall.
Also printed: the build and indexing time, the index size, and per query the time from submitting
to the results (search.js's performance marks) and the bytes of index fetched. The project is built
under ``bench-out/relevance/`` (git-ignored) and rebuilt on every run.

The stock baseline, made in the same run (``--no-stock`` skips it): what an agency gets from stock
Pagefind on the same site. After xxgk's build, ``python -m pagefind --site site --output-subdir
stock-pagefind`` indexes the SAME built pages (the extended binary, its own jieba segmentation for
the pages' ``lang="zh-CN"``, default settings: no staged copies, no exclude selectors, no exact
文号/索引号 table, no publisher aliases), and every query goes, in the same Chromium on the same
127.0.0.1 server, to Pagefind's own JS API (``pagefind.js``: ``await pagefind.search(q)``, then each
result's ``data()`` for its URL), ALL results in Pagefind's order. Both lists are scored alike
(URLs that are no evaluation page, e.g. the guide, are dropped from both before scoring). Printed
side by side with ours, with the differences and ratios, the indexing time and index size of each,
and every query where stock does better than xxgk with both result lists.

Why that is fair: the baseline reads exactly the HTML a reader gets, from the same build, and keeps
the one thing of our theme a stock Pagefind user has too: ``data-pagefind-body`` on the content
pages (items, guide, 制度, reports). Pagefind's documentation tells every site to mark its main
content so; without it, Pagefind would index every page's navigation, header and footer (the
agency's name and every column name on all of them), and stock would lose precision for reasons
that have nothing to do with search design. Inside that element stock sees what the reader sees,
including the metadata table (索引号, 文号, 发布机构 as printed), which xxgk leaves out of its own index
(it takes those from the model). Our search text is not there to help it: the staged copies xxgk
indexes live in a temporary folder removed after indexing, item pages carry no hidden search text,
and the two pages that carry the search feature's hidden facet block (guide, a 制度 page) are no
evaluation pages. So the difference measured is what the design buys: overlapping Han bigrams
(``generator/search/tokens.py``), the exact 文号/索引号 lookup, publisher aliases and ``search.js``'s
ranking, against Pagefind's word segmentation and ranking.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from generator.config import topics  # noqa: E402
from generator.index_ledger import append, entry_for  # noqa: E402

EVAL = ROOT / "tests" / "fixtures" / "real" / "search"
MINI = ROOT / "tests" / "fixtures" / "mini" / "content"
OUT = ROOT / "bench-out" / "relevance"
TODAY = "2026-11-23"
CHROMIUM = "/usr/bin/chromium"
TARGET_RECALL, TARGET_PRECISION, TARGET_CLASS_RECALL = 0.95, 0.9, 0.9
STOCK_DIR = "stock-pagefind"  # the baseline's bundle, inside the built site (beside our pagefind/)
# Files of Pagefind's own UIs: xxgk deletes them from its bundle, the baseline's JS API does not
# load them; left out of both index sizes.
_PAGEFIND_UI = re.compile(r"pagefind-(?:\w+-)?ui\.(?:js|css)|pagefind-highlight\.js")
# Pages without a 索引号 get one of the evaluation site's own, in a form no query can hit
# (no year, seven-digit serial: "00226" is no prefix of "0000226").
OWN_INDEX = "EVAL{serial:07d}"
# Pages without a date (the 审查调查通报) get one, spread over 2016-2017 (sorting only).
UNDATED_FROM = dt.date(2016, 1, 1)
SITE_YML = """\
agency:
  name: 检索评测站
  org_code: EVAL00001
  region: 评测县
footer:
  sponsor: 检索评测站
  contact: 电话：0000-1111111
  site_code: "PC00000001"
  icp: 评ICP备00000001号
  police: 评公网安备 00000000000001号
index_no:
  template: "EVAL{serial:07d}"
  also_accept: [".+"]     # the pages' own 索引号, in their agencies' forms
inspection:
  empty_columns: 100
  stale_columns: 100
"""
# The 发布机构 alias table an agency would keep (site.yml ``publishers``): names the pages print
# for the agencies in the set (湖南能源监管办 is how the office signs hunb-12/13; the 福建 pages'
# 来源 field writes 福建生态环境厅). ``--no-publishers`` measures without it.
PUBLISHERS_YML = """publishers:
  - name: 国家能源局湖南监管办公室
    aliases: [湖南能源监管办]
  - name: 福建省生态环境厅
    aliases: [福建生态环境厅]
  - name: 国家发展和改革委员会
    aliases: [国家发展改革委, 发改委]
"""


def _load_eval() -> tuple[list[dict], list[dict]]:
    sys.path.insert(0, str(EVAL))
    import expected  # the evaluation set's own reader (stdlib only)

    return expected.load_pages(), expected.load_queries()


def _column(page: dict) -> str:
    """Where the page goes in the column tree (the default sub-columns)."""
    pid = page["id"]
    if pid.startswith("jw-"):
        return "jcgk"  # 审查调查通报: no statutory column fits; one of their own
    if page.get("column") == "文字解读":
        return "zcjd"
    if pid in ("cx-1", "yc-1"):
        return "yjgl"
    if pid == "wy-1":
        return "czyjs"
    return "zcwj/qtwj"


def _topic(value: str | None, known: set[str]) -> str | None:
    return value if value and value in known else None


def write_eval_items(project: Path, pages: list[dict]) -> dict[str, str]:
    """One item per page under ``project/content/items``, and their ledger; returns item path → page id."""
    known = {f"{first}\\{second}" for first, seconds in topics().items() for second in seconds} | set(topics())
    issued, ids, serial = [], {}, 0
    for n, page in enumerate(pages):
        published = (page.get("published") or "")[:10] or (UNDATED_FROM + dt.timedelta(days=n)).isoformat()
        index_no = page.get("index_no")
        if not index_no:
            serial += 1
            index_no = OWN_INDEX.format(serial=serial)
        meta: dict[str, object] = {"title": page["title"], "index_no": index_no, "published": published}
        if page.get("doc_no"):
            meta["doc_no"] = page["doc_no"]
        if page.get("publisher"):
            meta["publisher"] = page["publisher"].strip()
        if topic := _topic(page.get("topic"), known):
            meta["topic"] = topic
        if page.get("validity") in ("有效", "失效", "废止"):
            meta["validity"] = page["validity"]
        rel = f"content/items/{_column(page)}/{page['id']}.md"
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
        body = (page.get("body") or "").replace("\r", "")
        path.write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")
        issued.append(entry_for(index_no, rel, page["title"], published))
        ids[rel] = page["id"]
    append(project, issued)
    return ids


def make_eval_project(dest: Path, pages: list[dict], publishers: bool = True) -> Path:
    """A buildable project at ``dest`` (replaced) holding every evaluation page as an item."""
    from conftest import make_project  # the project layout the tests build

    if dest.exists():
        shutil.rmtree(dest)
    project = make_project(dest, MINI)
    (project / "content" / "site.yml").write_text(SITE_YML + (PUBLISHERS_YML if publishers else ""), encoding="utf-8")
    write_eval_items(project, pages)
    return project


def url_to_id(project: Path) -> dict[str, str]:
    """Site-absolute item URL → evaluation page id, from the model the build used."""
    from generator.loader import load_site

    site, _, _ = load_site(project)
    return {"/" + item.url: Path(item.rel).stem for item in site.items}


def build(project: Path, shard_pages: int | None) -> tuple[float, float]:
    """``mkdocs build`` (seconds, peak MB), through the benchmarks' shared runner."""
    from benchmarks.build_bench import mkdocs_build

    extra = {"XXGK_SEARCH_SHARD_PAGES": str(shard_pages)} if shard_pages else {}
    run = mkdocs_build(project, extra)
    return run.wall, run.peak_mb


# ---- Running the queries in Chromium -------------------------------------------------------------


@dataclass
class Answer:
    query: dict
    found: list[str]  # page ids, in the order shown
    status: str
    ms: float  # submit → results shown (search.js marks)
    kb: float  # bytes of pagefind/ and search/lookup/ fetched for this query
    other: list[str] = field(default_factory=list)  # shown URLs that are no evaluation page


Runner = Callable[..., list[Answer]]  # (browser, base URL, queries, ids) -> answers


def run_queries(site: Path, queries: Iterable[dict], ids: dict[str, str], browser: object | None = None) -> list[Answer]:
    """Every query typed into the search page (one tab, Pagefind loaded once, as for a reader
    who searches several times); all results read back."""
    return _in_chromium(_run, site, queries, ids, browser)


def _in_chromium(runner: Runner, site: Path, queries: Iterable[dict], ids: dict[str, str], browser: object | None) -> list[Answer]:
    """``runner`` on ``site`` served from 127.0.0.1, in the given browser or a Debian Chromium of its own."""
    from conftest import serve

    base, server = serve(site)
    try:
        if browser is not None:
            return runner(browser, base, queries, ids)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            try:
                return runner(chromium, base, queries, ids)
            finally:
                chromium.close()
    finally:
        server.shutdown()


_MARKS = """() => { const m = (n) => performance.getEntriesByName(n).at(-1);
  return [m('xxgk-search-start'), m('xxgk-search-results')].map((e) => e ? e.startTime : 0); }"""


def _run(browser, base: str, queries: Iterable[dict], ids: dict[str, str]) -> list[Answer]:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    sizes: list[int] = []

    def finished(request) -> None:  # type: ignore[no-untyped-def]
        if "/pagefind/" in request.url or "/search/lookup/" in request.url:
            s = request.sizes()
            sizes.append(s["responseBodySize"] + s["responseHeadersSize"])

    page.on("requestfinished", finished)
    page.goto(base + "search/")
    page.wait_for_selector('[data-xxgk-search][data-pagefind="ready"]', timeout=60_000)
    answers = []
    for query in queries:
        sizes.clear()
        page.evaluate("performance.clearMarks()")
        page.fill("#xxgk-search-q", query["q"])
        page.press("#xxgk-search-q", "Enter")
        page.wait_for_selector('[data-xxgk-search][data-state="done"]', timeout=60_000)
        while page.is_visible("[data-xxgk-more]"):
            count = page.locator(".xxgk-result").count()
            page.click("[data-xxgk-more]")
            # (No wait_for_function: the page's CSP forbids evaluating strings.)
            for _ in range(400):
                if page.locator(".xxgk-result").count() > count or not page.is_visible("[data-xxgk-more]"):
                    break
                page.wait_for_timeout(25)
        hrefs = page.eval_on_selector_all(".xxgk-result__title a", "links => links.map(a => a.pathname)")
        start, shown = page.evaluate(_MARKS)
        found = [ids[h] for h in hrefs if h in ids]
        answers.append(
            Answer(query, found, page.inner_text("[data-xxgk-status]"), max(shown - start, 0), sum(sizes) / 1024,
                   [h for h in hrefs if h not in ids])
        )
    context.close()
    return answers


# ---- The stock baseline -------------------------------------------------------------------------


@dataclass
class Index:
    seconds: float  # wall
    cpu: float
    kb: float  # on disk, Pagefind's UI files left out
    pages: int
    lookup_kb: float = 0.0  # xxgk's exact 文号/索引号 table (search/lookup/)


def bundle_kb(folder: Path) -> float:
    files = (f for f in folder.rglob("*") if f.is_file() and not _PAGEFIND_UI.fullmatch(f.name))
    return sum(f.stat().st_size for f in files) / 1024


def our_index(site: Path) -> Index:
    """xxgk's search index as the build made it (its shard runs: staging, Pagefind, texts restored)."""
    shards = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))["shards"]
    lookup = site / "search" / "lookup"
    return Index(sum(s["seconds"] for s in shards), sum(s.get("cpu", 0.0) for s in shards), bundle_kb(site / "pagefind"),
                 sum(s["pages"] for s in shards), bundle_kb(lookup) if lookup.is_dir() else 0.0)


def stock_index(project: Path) -> Index:
    """Stock Pagefind over the built site, as a stock user runs it (into ``site/stock-pagefind``)."""
    from benchmarks.build_bench import run

    site = project / "site"
    shutil.rmtree(site / STOCK_DIR, ignore_errors=True)
    done = run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", STOCK_DIR], project, label="stock-pagefind")
    pages = re.search(r"Indexed (\d+) pages", done.log)
    return Index(done.wall, done.cpu, bundle_kb(site / STOCK_DIR), int(pages.group(1)) if pages else 0)


# A page of our own on the same origin to load pagefind.js from: the site's pages carry a CSP
# (and search.js); the baseline needs neither.
_BLANK = "<!doctype html><html lang=zh-CN><meta charset=utf-8><title>stock Pagefind</title></html>"
_STOCK_LOAD = f"""async () => {{ window.stockPagefind = await import('/{STOCK_DIR}/pagefind.js');
  await window.stockPagefind.init(); }}"""
# One query: the search and the data of the first 10 results timed (what a first screen needs),
# then the data of every other result (for its URL).
_STOCK_QUERY = """async (q) => { const pf = window.stockPagefind; const start = performance.now();
  const search = await pf.search(q); const results = search ? search.results : [];
  const first = await Promise.all(results.slice(0, 10).map((r) => r.data()));
  const ms = performance.now() - start;
  const rest = await Promise.all(results.slice(10).map((r) => r.data()));
  return [[...first, ...rest].map((d) => d.url), ms]; }"""


def _settle(page, sizes: list[int]) -> None:  # type: ignore[no-untyped-def]
    """Wait until the requests' "finished" events have come (they arrive after the fetches resolve),
    so each query is charged its own bytes."""
    seen = -1
    while seen != len(sizes):
        seen = len(sizes)
        page.wait_for_timeout(100)


def run_stock_queries(site: Path, queries: Iterable[dict], ids: dict[str, str], browser: object | None = None) -> list[Answer]:
    """Every query through stock Pagefind's JS API in Chromium (one tab, Pagefind loaded once)."""
    return _in_chromium(_run_stock, site, queries, ids, browser)


def _run_stock(browser, base: str, queries: Iterable[dict], ids: dict[str, str]) -> list[Answer]:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    sizes: list[int] = []

    def finished(request) -> None:  # type: ignore[no-untyped-def]
        if f"/{STOCK_DIR}/" in request.url:
            s = request.sizes()
            sizes.append(s["responseBodySize"] + s["responseHeadersSize"])

    page.on("requestfinished", finished)
    page.route(base + "stock-search", lambda route: route.fulfill(body=_BLANK, content_type="text/html"))
    page.goto(base + "stock-search")
    page.evaluate(_STOCK_LOAD)  # loaded before the first query, as search.js's "ready"
    _settle(page, sizes)
    answers = []
    for query in queries:
        sizes.clear()
        urls, ms = page.evaluate(_STOCK_QUERY, query["q"])
        _settle(page, sizes)
        found = [ids[u] for u in urls if u in ids]
        answers.append(Answer(query, found, f"{len(urls)} results", ms, sum(sizes) / 1024, [u for u in urls if u not in ids]))
    context.close()
    return answers


# ---- Measures --------------------------------------------------------------------------------------


@dataclass
class Score:
    recall: float
    precision: float  # at 10
    rr: float  # reciprocal rank of the first expected page


def score(answer: Answer) -> Score:
    expected = set(answer.query["expected"])
    found = answer.found
    top = found[:10]
    recall = len(expected & set(found)) / len(expected) if expected else (1.0 if not found else 0.0)
    precision = len(expected & set(top)) / len(top) if top else (1.0 if not expected else 0.0)
    rank = next((i for i, pid in enumerate(found, 1) if pid in expected), 0)
    return Score(recall, precision, 1 / rank if rank else (1.0 if not expected and not found else 0.0))


@dataclass
class Summary:
    name: str
    queries: int
    recall: float
    precision: float
    mrr: float


def summarise(answers: list[Answer]) -> list[Summary]:
    """Per class (in the order the classes first appear), then overall (mean over queries)."""
    classes: dict[str, list[Score]] = {}
    for a in answers:
        classes.setdefault(a.query["class"], []).append(score(a))
    everything = [s for scores in classes.values() for s in scores]
    out = []
    for name, scores in [*classes.items(), ("overall", everything)]:
        out.append(
            Summary(
                name,
                len(scores),
                statistics.fmean(s.recall for s in scores),
                statistics.fmean(s.precision for s in scores),
                statistics.fmean(s.rr for s in scores),
            )
        )
    return out


def meets_targets(summaries: list[Summary]) -> list[str]:
    """What misses the issue's targets (empty if everything holds)."""
    misses = []
    for s in summaries:
        if s.name == "overall":
            if s.recall < TARGET_RECALL:
                misses.append(f"overall recall {s.recall:.3f} < {TARGET_RECALL}")
            if s.precision < TARGET_PRECISION:
                misses.append(f"overall precision@10 {s.precision:.3f} < {TARGET_PRECISION}")
        elif s.recall < TARGET_CLASS_RECALL:
            misses.append(f"class {s.name} recall {s.recall:.3f} < {TARGET_CLASS_RECALL}")
    return misses


def _ratio(ours: float, stock: float) -> str:
    return f"{ours / stock:.2f}" if stock else "-"


def report(answers: list[Answer], show_misses: bool) -> list[Summary]:
    summaries = summarise(answers)
    print(f"\n{'class':10} {'queries':>7} {'recall':>7} {'P@10':>7} {'MRR':>7}")
    for s in summaries:
        print(f"{s.name:10} {s.queries:7d} {s.recall:7.3f} {s.precision:7.3f} {s.mrr:7.3f}")
    _timing("per query (typed on the loaded search page)", answers)
    slow = sorted(answers, key=lambda a: -a.ms)[:3]
    print("slowest: " + ", ".join(f"{a.query['q']} {a.ms:.0f} ms" for a in slow))
    if show_misses:
        print()
        for a in answers:
            s = score(a)
            if s.recall < 1 or s.precision < 1:
                expected = set(a.query["expected"])
                missing = [x for x in a.query["expected"] if x not in a.found]
                wrong = [x for x in a.found[:10] if x not in expected]
                print(f"[{a.query['class']}] {a.query['q']!r}: recall {s.recall:.2f} P@10 {s.precision:.2f} "
                      f"({len(a.found)} found) {a.status}\n    missing {missing[:12]}\n    wrong in top 10 {wrong}")
    misses = meets_targets(summaries)
    print("\ntargets: " + ("all met" if not misses else "MISSED: " + "; ".join(misses)))
    return summaries


def _timing(label: str, answers: list[Answer]) -> tuple[float, float]:
    """Prints and returns the median time and the total bytes of index fetched per query."""
    times, kbs = sorted(a.ms for a in answers), sorted(a.kb for a in answers)
    print(f"{label}: median {statistics.median(times):.0f} ms, slowest {times[-1]:.0f} ms; "
          f"index fetched: median {statistics.median(kbs):.0f} KB, largest {kbs[-1]:.0f} KB, all queries {sum(kbs):.0f} KB")
    return statistics.median(times), sum(kbs)


def _ids(found: list[str]) -> str:
    return f"({len(found)}) " + (" ".join(found) or "nothing")


def report_stock(ours: list[Answer], stock: list[Answer], ours_index: Index, stock_index: Index) -> None:
    """Our figures beside stock Pagefind's on the same pages and queries."""
    mine, theirs = summarise(ours), {s.name: s for s in summarise(stock)}
    print("\nagainst stock Pagefind on the same built pages (same queries, same measures):")
    print(f"{'':18} {'xxgk':^23} {'stock Pagefind':^23} {'xxgk - stock':^23}")
    print(f"{'class':10} {'queries':>7}" + f" {'recall':>7} {'P@10':>7} {'MRR':>7}" * 3)
    for s in mine:
        b = theirs[s.name]
        print(f"{s.name:10} {s.queries:7d} {s.recall:7.3f} {s.precision:7.3f} {s.mrr:7.3f} {b.recall:7.3f} {b.precision:7.3f} "
              f"{b.mrr:7.3f} {s.recall - b.recall:+7.3f} {s.precision - b.precision:+7.3f} {s.mrr - b.mrr:+7.3f}")
    a, b = mine[-1], theirs["overall"]
    print(f"overall xxgk / stock: recall {_ratio(a.recall, b.recall)}, P@10 {_ratio(a.precision, b.precision)}, "
          f"MRR {_ratio(a.mrr, b.mrr)}")
    ms, kb = _timing("\nstock, per query (pagefind.search and the first 10 results' data)", stock)
    our_ms, our_kb = statistics.median(x.ms for x in ours), sum(x.kb for x in ours)
    print(f"xxgk / stock: median time per query {_ratio(our_ms, ms)}, index fetched by all queries {_ratio(our_kb, kb)}\n"
          "(xxgk's time runs to the results drawn on the search page, stock's to the first 10 results' data; "
          "both fetch counts include every result read, in one tab: what one query loaded, the next reuses)")
    print(f"\n{'index':14} {'pages':>5} {'seconds':>8} {'cpu s':>6} {'KB':>7}")
    for name, x in (("xxgk", ours_index), ("stock Pagefind", stock_index)):
        print(f"{name:14} {x.pages:5d} {x.seconds:8.2f} {x.cpu:6.2f} {x.kb + x.lookup_kb:7.0f}"
              + (f"  (Pagefind {x.kb:.0f} KB + exact lookup {x.lookup_kb:.0f} KB)" if x.lookup_kb else ""))
    print(f"xxgk / stock: indexing {_ratio(ours_index.seconds, stock_index.seconds)} (wall), "
          f"{_ratio(ours_index.cpu, stock_index.cpu)} (CPU), size {_ratio(ours_index.kb + ours_index.lookup_kb, stock_index.kb)}"
          " (xxgk's time includes staging its copies and restoring the excerpt texts)")
    better = []
    for x, y in zip(ours, stock, strict=True):
        s, t = score(x), score(y)
        if t.recall > s.recall or t.precision > s.precision or t.rr > s.rr:
            better.append((x, y, s, t))
    print(f"\nqueries where stock does better than xxgk (recall, P@10 or MRR): {len(better)}")
    for x, y, s, t in better:
        print(f"[{x.query['class']}] {x.query['q']!r} expected {_ids(x.query['expected'])}\n"
              f"    xxgk : recall {s.recall:.2f} P@10 {s.precision:.2f} RR {s.rr:.2f}: {_ids(x.found)}\n"
              f"    stock: recall {t.recall:.2f} P@10 {t.precision:.2f} RR {t.rr:.2f}: {_ids(y.found)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--class", dest="cls", action="append", help="only queries of this class (repeatable)")
    parser.add_argument("--shard-pages", type=int, default=None, help="pages per Pagefind shard (default: production's)")
    parser.add_argument("--show-misses", action="store_true", help="list every query below recall or precision 1")
    parser.add_argument("--no-build", action="store_true", help="query the site built by the last run")
    parser.add_argument("--no-publishers", action="store_true", help="build without the 发布机构 alias table")
    parser.add_argument("--no-stock", action="store_true", help="without the stock Pagefind baseline")
    args = parser.parse_args()
    pages, queries = _load_eval()
    queries = [q for q in queries if not args.cls or q["class"] in args.cls]
    project = OUT / "project"
    site = project / "site"
    if not args.no_build:
        start = time.perf_counter()
        make_eval_project(project, pages, publishers=not args.no_publishers)
        print(f"{len(pages)} pages imported in {time.perf_counter() - start:.1f} s", flush=True)
        wall, peak = build(project, args.shard_pages)
        ours = our_index(site)
        print(f"mkdocs build {wall:.1f} s, peak {peak:.0f} MB; xxgk search index {ours.seconds:.1f} s, "
              f"{ours.kb:.0f} KB + exact lookup {ours.lookup_kb:.0f} KB", flush=True)
    else:
        # The built site keeps the search.js of its build: use the current one.
        shutil.copy(ROOT / "overrides" / "assets" / "xxgk" / "search.js", site / "assets" / "xxgk" / "search.js")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    ids = url_to_id(project)
    answers = run_queries(site, queries, ids)
    report(answers, args.show_misses)
    if not args.no_stock:
        stock = stock_index(project)
        print(f"\nstock Pagefind: {stock.pages} pages indexed in {stock.seconds:.1f} s, {stock.kb:.0f} KB", flush=True)
        report_stock(answers, run_stock_queries(site, queries, ids), our_index(site), stock)


if __name__ == "__main__":
    main()
