"""A synthetic disclosure site of N items, for benchmarks (not for tests).

:func:`make_site` makes a complete, buildable project the way the tests do
(``tests/conftest.py::make_project``: mkdocs.yml copied, generator/ and
overrides/ symlinked, the sample's site.yml (without its per_page: the default), guide, 制度 and report pages
copied) and replaces the sample items with ``n_items`` generated ones.

Everything is derived from the item's number, never from a random generator,
so two runs give byte-identical trees. The text is sliced from the real
documents in ``../shared/seeds`` beside the repository (paragraphs and headings of government
work plans). Items are spread round-robin over every leaf column and over
the years 2015–2026, each year with its own 索引号 serials, and carry the
front matter editors write (文号, 主题分类, 体裁分类, 关键词, …); each 行政规范性
文件 has its 政策解读 published the same day, and one item in 40 has an attachment.
``xxgk check`` passes on the result (with ``XXGK_TODAY=2026-11-23``).

    from benchmarks.synthetic import make_site
    project = make_site(Path("bench-out/n10000"), 10_000)   # → project root
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.config import SiteConfig, topics  # noqa: E402
from generator.index_ledger import append, entry_for  # noqa: E402
from generator.loader import build_columns  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"  # the real seed documents, beside the repository
TODAY = dt.date(2026, 11, 23)  # the sample's "today" (tests/conftest.py TODAY)
YEARS = tuple(range(2015, 2027))
# Genres per column id; other columns cycle through the common ones.
COLUMN_GENRES = {
    "zcjd": ("政策解读",),
    "ghjh": ("规划", "通知", "意见"),
    "gz": ("命令（令）", "决定"),
    "gfxwj": ("通知", "意见", "决定"),
}
COMMON_GENRES = ("通知", "公告", "通告", "意见", "报告", "通报", "函", "其他")
POLICY_COLUMNS = {"gz", "gfxwj", "qtwj"}  # items here carry 有效性 and 施行日期
DOC_NO_PREFIX = ("溪农发", "溪农办", "溪农函", "溪农字")
AUDIENCES = ("全社会", "农民", "企业", "农民专业合作社", "各乡镇人民政府", "县直有关单位")
FORMS = ("文字解读", "图解", "问答", "专家解读")
_ENUMERATOR = re.compile(r"^[(（]?[一二三四五六七八九十\d]+[)）、.．]\s*")


@dataclass(frozen=True)
class SeedText:
    headings: tuple[str, ...]  # short lines, cleaned: title material
    paragraphs: tuple[str, ...]  # long lines: body material


@cache
def seed_text(seeds: Path = SEEDS) -> SeedText:
    headings: list[str] = []
    paragraphs: list[str] = []
    for path in sorted(seeds.glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip().replace("\u3000", "")
            if len(line) >= 60:
                paragraphs.append(line)
            elif 6 <= len(line) <= 30:
                heading = _ENUMERATOR.sub("", line).rstrip("。:：;；,，")
                if len(heading) >= 6 and not re.search(r"\d{4}年\d+月|索引号|打印|关闭|发布日期|责任编辑|[•:：/]", heading):
                    headings.append(heading)
    if not paragraphs or not headings:
        raise SystemExit(f"no seed text found in {seeds}")
    return SeedText(tuple(dict.fromkeys(headings)), tuple(paragraphs))


def _topics() -> list[str]:
    return [f"{first}\\{second}" for first, seconds in topics().items() for second in seconds]


def _published(n: int, year: int) -> dt.date:
    # Spread over the year; the current year stops before TODAY.
    last = (TODAY - dt.date(year, 1, 1)).days if year == TODAY.year else 364
    return dt.date(year, 1, 1) + dt.timedelta(days=(n * 37) % (last + 1))


def _title(n: int, heading: str, genre: str, agency: str) -> str:
    if genre == "政策解读":
        return f"《关于{heading}的通知》政策解读"
    if genre in ("通知", "意见", "决定", "通告", "公告", "通报"):
        return f"{agency}关于{heading}的{genre}"
    if genre == "报告":
        return f"{agency}关于{heading}情况的报告"
    return heading


def _body(n: int, text: SeedText) -> str:
    paras = text.paragraphs
    count = 3 + n % 5
    start = (n * 7) % len(paras)
    chosen = [paras[(start + k) % len(paras)] for k in range(count)]
    parts = []
    for k, para in enumerate(chosen):
        if k and k % 2 == 0:
            parts.append(f"## {'一二三四五六七八九'[k // 2 - 1]}、{text.headings[(n + k) % len(text.headings)]}")
        parts.append(para)
    return "\n\n".join(parts) + "\n"


def _front(meta: dict) -> str:
    return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)


def write_items(project: Path, n_items: int) -> int:
    """Write ``n_items`` items into ``project/content/items``; returns how many."""
    config = SiteConfig.from_data(yaml.safe_load((project / "content" / "site.yml").read_text(encoding="utf-8")))
    leaves = [c for top in build_columns(config.column_specs) for c in top.walk() if c.is_leaf]
    text = seed_text()
    all_topics = _topics()
    serials = dict.fromkeys(YEARS, 0)
    # 行政规范性文件 of each round over the leaves: the 政策解读 of the same round
    # interprets it and is published the same day (三同步).
    regulations: dict[int, tuple[dt.date, str]] = {}
    items_root = project / "content" / "items"
    issued = []  # the 索引号 ledger, in issue order, as `xxgk new` would have kept it
    for n in range(n_items):
        column = leaves[n % len(leaves)]
        year = YEARS[(n // len(leaves)) % len(YEARS)]
        serials[year] += 1
        index_no = config.index_no.format(year, serials[year])
        published = _published(n, year)
        interprets = regulations.get(n // len(leaves)) if column.id == "zcjd" else None
        if interprets:
            published = interprets[0]
        genres = COLUMN_GENRES.get(column.id, COMMON_GENRES)
        genre = genres[n % len(genres)]
        heading = text.headings[(n * 11) % len(text.headings)]
        meta: dict = {"title": _title(n, heading, genre, config.agency_name), "index_no": index_no}
        if genre != "其他" and n % 3 != 2:
            meta["doc_no"] = f"{DOC_NO_PREFIX[n % len(DOC_NO_PREFIX)]}〔{year}〕{serials[year]}号"
        meta["written"] = (published - dt.timedelta(days=n % 9)).isoformat()
        meta["published"] = published.isoformat()
        meta["topic"] = all_topics[(n * 5) % len(all_topics)]
        meta["genre"] = genre
        meta["keywords"] = sorted({heading[:4], heading[-4:], column.title[:4]})
        meta["audience"] = AUDIENCES[n % len(AUDIENCES)]
        if column.id in POLICY_COLUMNS:
            meta["validity"] = "有效" if n % 10 else "废止"
            meta["effective"] = (published + dt.timedelta(days=30)).isoformat()
        if column.id == "gfxwj":
            regulations[n // len(leaves)] = (published, index_no)
        if interprets:
            meta["interprets"] = interprets[1]
            meta["form"] = FORMS[n % len(FORMS)]
        folder = items_root / column.path
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{published.isoformat()}-{index_no.rsplit('-', 1)[-1]}"
        if n % 40 == 39:
            attachment = f"{stem}-附件.pdf"
            (folder / attachment).write_bytes(b"%PDF-1.4\n% xxgk synthetic attachment\n" + heading.encode() * 20 + b"\n%%EOF\n")
            meta["attachments"] = [{"file": attachment, "title": f"附件：{heading}"}]
        (folder / f"{stem}.md").write_text(f"---\n{_front(meta)}---\n\n{_body(n, text)}", encoding="utf-8")
        issued.append(entry_for(index_no, f"content/items/{column.path}/{stem}.md", meta["title"], meta["published"]))
    ledger = project / "content" / "index-ledger.tsv"
    ledger.unlink(missing_ok=True)  # the sample's ledger, copied with its content
    append(project, issued)
    return n_items


def make_site(dest: Path, n_items: int, git: bool = False) -> Path:
    """A buildable project at ``dest`` (replaced if it exists) with ``n_items``
    generated items. ``git=True`` commits the content, so the 索引号 history
    check has a published record to compare with, as in a real repository."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import make_project  # the same project layout the tests build

    if dest.exists():
        shutil.rmtree(dest)
    project = make_project(dest)
    shutil.rmtree(project / "content" / "items")
    # The sample pages its few items by 20 to show paging; a large site has the default.
    site_yml = project / "content" / "site.yml"
    site_yml.write_text(re.sub(r"(?m)^per_page:.*\n", "", site_yml.read_text(encoding="utf-8")), encoding="utf-8")
    write_items(project, n_items)
    if git:
        run = {"cwd": project, "check": True, "capture_output": True}
        subprocess.run(["git", "init", "-q"], **run)
        subprocess.run(["git", "add", "content"], **run)
        subprocess.run(
            ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-qm", "synthetic"], **run
        )
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic xxgk project of N items.")
    parser.add_argument("dest", type=Path)
    parser.add_argument("n_items", type=int)
    parser.add_argument("--git", action="store_true", help="commit the content (索引号 history check)")
    args = parser.parse_args()
    print(make_site(args.dest, args.n_items, git=args.git))


if __name__ == "__main__":
    main()
