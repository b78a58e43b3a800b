"""``xxgk import``: what it recovers from real pages, and how fast it imports a large mirror.

1. **Fields**: the real legacy pages of ``tests/fixtures/real/legacy/`` (four
   sites, three CMS families) imported into a copy of the sample project; for
   each field of ``expected.yml`` (written by a human before the importer
   existed), how many pages state it and how many items hold exactly that, the
   worklist lines, and, after ``xxgk assign`` and a ``mkdocs build``, how many
   old addresses resolve (a line of ``redirects.map`` naming a page that exists,
   and a redirect page at the old path).
2. **Speed**: a mirror of N pages (default 5 000) synthesised from those real
   pages (each one's 索引号, dates, title and address varied, its images kept),
   imported with the command line's code; pages per second, peak memory, the
   ratio to the target (5 000 pages in 60 s), a second run (nothing changed),
   and a stock baseline measured in the same run: markdownify over every whole
   page, as a naive converter would do.

    .venv/bin/python benchmarks/import_bench.py            # N = 5 000
    .venv/bin/python benchmarks/import_bench.py 10000 --skip-build
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.import_fields import FIELDS, SITES, actual, compare, expected_pages, wanted  # noqa: E402
from generator import caches, cli  # noqa: E402
from generator.sources import load_markdown  # noqa: E402

OUT = ROOT / "bench-out" / "import"
TARGET_SECONDS = 60.0
TARGET_PAGES = 5000
COLUMNS = {"kaipu-ucap": "zcwj/qtwj", "trs": "yjgl", "hanweb": "tjxx"}
LEGACY_FORM = '  legacy:\n    - template: "000014349/{year}-{serial:05d}"\n'


def project(where: Path) -> Path:
    """A copy of the sample project (tests/conftest.py's make_project), in a git repository."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import make_project  # the same project layout the tests and synthetic.py build

    shutil.rmtree(where, ignore_errors=True)
    make_project(where)
    site = where / "content" / "site.yml"
    lines = site.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.lstrip().startswith("template:")) + 1
    site.write_text("".join([*lines[:at], LEGACY_FORM, *lines[at:]]), encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.org", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.org"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "sample"]):
        subprocess.run(["git", "-C", str(where), *args], check=True, env=env, capture_output=True)
    return where


def xxgk(root: Path, *args: str) -> str:
    caches.reset()
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = cli.main(["-C", str(root), *args])
    if status != 0:
        raise SystemExit(f"xxgk {' '.join(args)} failed:\n{out.getvalue()}")
    return out.getvalue()


def fields(skip_build: bool) -> None:
    root = project(OUT / "fields")
    for site in SITES:
        xxgk(root, "import", str(site), "--column", COLUMNS[site.parent.name])
    rows = (root / "import-worklist.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    items = {}
    for path in (root / "content" / "items").rglob("*.md"):
        meta = load_markdown(path).data
        url = meta.get("legacy_url") if isinstance(meta, dict) else None
        if url:
            items[url if isinstance(url, str) else url[0]] = meta
    pages = expected_pages()
    stated, exact = Counter(), Counter()
    for expected in pages:
        meta = items.get(expected.legacy_url, {})
        for field, ok in compare(meta, expected.page).items():
            exact[field] += ok
            stated[field] += wanted(expected.page, field) not in (None, [])
    print(f"real pages: {len(pages)} in {len(SITES)} sites ({', '.join(s.parent.name + '/' + s.name for s in SITES)}); imported {len(items)}")
    print(f"{'field':<12} {'stated':>6} {'found':>6} {'exact':>6}")
    for field in FIELDS:
        found = sum(1 for e in pages if actual(items.get(e.legacy_url, {}), field) not in (None, []))
        print(f"{field:<12} {stated[field]:>6} {found:>6} {exact[field]:>4}/{len(pages)}")
    by_field = Counter(row.split(",")[1] for row in rows)
    print(f"worklist lines: {len(rows)} ({', '.join(f'{k} {v}' for k, v in by_field.most_common())})")
    if skip_build:
        return
    xxgk(root, "assign")
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=root, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "XXGK_TODAY": "2026-11-23"},
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    site = root / "site"
    resolved = pages_here = 0
    for line in (site / "redirects.map").read_text(encoding="utf-8").splitlines():
        old, new = re.fullmatch(r'"(.*)" "(.*)";', line).groups()  # type: ignore[union-attr]
        resolved += (site / new.lstrip("/") / "index.html").is_file()
        pages_here += (site / old.lstrip("/")).is_file() or (site / old.lstrip("/") / "index.html").is_file()
    print(f"old links that resolve: {resolved}/{len(pages)} in redirects.map, {pages_here}/{len(pages)} redirect pages (build {time.perf_counter() - start:.1f} s)")


def _variant(text: str, page: dict, n: int) -> str:
    """The page as the old site would have served its n-th document: number, dates, title and address varied."""
    stem = Path(page["file"]).stem
    text = text.replace(stem, f"{stem}_{n}")
    if page.get("index_no"):
        text = text.replace(page["index_no"], f"{page['index_no'][:15]}{n + 1:05d}")
    text = text.replace(page["title"], f"{page['title']}（第{n}号）")
    day = dt.date.fromisoformat(str(page["published"])[:10])
    moved = day + dt.timedelta(days=n % 365)
    for form in ("%Y-%m-%d", "%Y年%m月%d日"):
        text = text.replace(day.strftime(form), moved.strftime(form))
    return text


def synthesise(mirror: Path, count: int) -> int:
    shutil.rmtree(mirror, ignore_errors=True)
    pages = expected_pages()
    written = 0
    for n in range(count):
        expected = pages[n % len(pages)]
        source = expected.site / expected.page["file"]
        rel = Path(expected.page["file"])
        target = mirror / rel.parent / f"{rel.stem}_{n}{rel.suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_variant(source.read_text(encoding="utf-8"), expected.page, n), encoding="utf-8")
        for image in expected.page.get("images") or []:
            if not (target.parent / image).exists():
                shutil.copyfile(source.parent / image, target.parent / image)
        written += 1
    return written


def baseline(mirror: Path) -> float:
    """markdownify over every whole page (html.parser): what a naive conversion costs."""
    from markdownify import markdownify

    start = time.perf_counter()
    for path in mirror.rglob("*"):
        if path.suffix in (".htm", ".html", ".shtml"):
            markdownify(path.read_text(encoding="utf-8"))
    return time.perf_counter() - start


def speed(count: int) -> None:
    root = project(OUT / "speed")
    mirror = OUT / "mirror"
    start = time.perf_counter()
    synthesise(mirror, count)
    print(f"\nmirror: {count} pages synthesised from {len(expected_pages())} real ones in {time.perf_counter() - start:.1f} s")
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    runs = []
    for label in ("first import", "second import"):
        start = time.perf_counter()
        out = xxgk(root, "import", str(mirror), "--column", "zcwj/qtwj")
        runs.append(time.perf_counter() - start)
        print(f"{label}: {runs[-1]:.1f} s, {count / runs[-1]:.0f} pages/s — {out.splitlines()[0]}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    scaled = runs[0] * TARGET_PAGES / count
    print(f"peak memory {peak:.0f} MB (before the imports {rss0:.0f} MB)")
    print(f"target: {TARGET_PAGES} pages in {TARGET_SECONDS:.0f} s; this run scaled to {TARGET_PAGES}: {scaled:.1f} s = {scaled / TARGET_SECONDS:.2f} × the target")
    naive = baseline(mirror)
    print(f"stock baseline (markdownify of every whole page, no extraction, no files): {naive:.1f} s; import / baseline = {runs[0] / naive:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="?", type=int, default=TARGET_PAGES)
    parser.add_argument("--skip-build", action="store_true", help="no mkdocs build for the old-link figure")
    args = parser.parse_args()
    os.environ.setdefault("XXGK_TODAY", "2026-11-23")
    fields(args.skip_build)
    speed(args.pages)


if __name__ == "__main__":
    main()
