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

Measures (per query, then averaged per class and overall):
- recall: expected pages found (anywhere in the list) / expected pages;
- precision at 10: expected pages among the first 10 results / results among the first 10
  (a query answered with nothing has precision 1 if nothing was expected, else 0);
- MRR: 1 / rank of the first expected page (0 if none is found).
Targets (issue 12): recall ≥ 0.95 and precision at 10 ≥ 0.9 overall; no class below 0.9 recall.
Also printed: the build and indexing time, the index size, and per query the time from submitting
to the results (search.js's performance marks) and the bytes of index fetched. The project is built
under ``bench-out/relevance/`` (git-ignored) and rebuilt on every run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import sys
import time
from collections.abc import Iterable
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


def run_queries(site: Path, queries: Iterable[dict], ids: dict[str, str], browser: object | None = None) -> list[Answer]:
    """Every query typed into the search page (one tab, Pagefind loaded once, as for a reader
    who searches several times); all results read back."""
    from conftest import serve

    base, server = serve(site)
    try:
        if browser is not None:
            return _run(browser, base, queries, ids)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            try:
                return _run(chromium, base, queries, ids)
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


def report(answers: list[Answer], show_misses: bool) -> list[Summary]:
    summaries = summarise(answers)
    print(f"\n{'class':10} {'queries':>7} {'recall':>7} {'P@10':>7} {'MRR':>7}")
    for s in summaries:
        print(f"{s.name:10} {s.queries:7d} {s.recall:7.3f} {s.precision:7.3f} {s.mrr:7.3f}")
    times = sorted(a.ms for a in answers)
    kbs = sorted(a.kb for a in answers)
    print(f"\nper query (typed on the loaded search page): median {statistics.median(times):.0f} ms, "
          f"slowest {times[-1]:.0f} ms; index fetched: median {statistics.median(kbs):.0f} KB, largest {kbs[-1]:.0f} KB")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--class", dest="cls", action="append", help="only queries of this class (repeatable)")
    parser.add_argument("--shard-pages", type=int, default=None, help="pages per Pagefind shard (default: production's)")
    parser.add_argument("--show-misses", action="store_true", help="list every query below recall or precision 1")
    parser.add_argument("--no-build", action="store_true", help="query the site built by the last run")
    parser.add_argument("--no-publishers", action="store_true", help="build without the 发布机构 alias table")
    args = parser.parse_args()
    pages, queries = _load_eval()
    queries = [q for q in queries if not args.cls or q["class"] in args.cls]
    project = OUT / "project"
    if not args.no_build:
        start = time.perf_counter()
        make_eval_project(project, pages, publishers=not args.no_publishers)
        print(f"{len(pages)} pages imported in {time.perf_counter() - start:.1f} s", flush=True)
        wall, peak = build(project, args.shard_pages)
        manifest = json.loads((project / "site" / "pagefind" / "shards.json").read_text(encoding="utf-8"))
        index_bytes = sum(f.stat().st_size for f in (project / "site" / "pagefind").rglob("*") if f.is_file())
        print(f"mkdocs build {wall:.1f} s, peak {peak:.0f} MB; Pagefind "
              f"{sum(s['seconds'] for s in manifest['shards']):.1f} s in {len(manifest['shards'])} shard(s), "
              f"index {index_bytes / 1024:.0f} KB", flush=True)
    else:
        # The built site keeps the search.js of its build: use the current one.
        shutil.copy(ROOT / "overrides" / "assets" / "xxgk" / "search.js", project / "site" / "assets" / "xxgk" / "search.js")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    answers = run_queries(project / "site", queries, url_to_id(project))
    report(answers, args.show_misses)


if __name__ == "__main__":
    main()
