"""A field's text, as the page printed it, made a value of the item schema.

What cannot be made a value without guessing stays empty, with the reason
(and, where one exists, a suggestion) for the worklist. What is only a matter
of writing (a date in 年月日, 文号 brackets, spaces inside a 索引号) is fixed and
said so. The legacy 索引号 is kept: only width and spacing are normalised.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass

from ..checks.items import doc_no_fix
from ..config import SiteConfig, topics
from ..validity import VALIDITIES

_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[\sT-]*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?)?"
)
VALIDITY_WORDS = {
    "有效": "有效", "现行有效": "有效", "继续有效": "有效", "是": "有效",
    "失效": "失效", "已失效": "失效", "否": "失效",
    "废止": "废止", "已废止": "废止", "宣布废止": "废止",
}  # fmt: skip


@dataclass
class Outcome:
    """A field's value (None: nothing usable) and what the worklist should say about it."""

    value: object = None
    note: str = ""  # why it is empty, or what was changed
    suggestion: str = ""


def date_time(text: str) -> tuple[str, str] | None:
    """("YYYY-MM-DD", "HH:MM" or "HH:MM:SS" or "") of the first real date in ``text``."""
    for m in _DATE.finditer(text):
        try:
            day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            continue
        clock = ""
        if m["H"] is not None:
            try:
                t = dt.time(int(m["H"]), int(m["M"]), int(m["S"] or 0))
                clock = t.strftime("%H:%M:%S" if m["S"] is not None else "%H:%M")
            except ValueError:
                clock = ""
        return day.isoformat(), clock
    return None


# Dates CMS families put in page addresses: TRS t20190918_…, UCAP 2018-12/29/, Hanweb art/2016/11/22/.
_URL_DATES = (
    re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_"),
    re.compile(r"/((?:19|20)\d{2})-(\d{2})/(\d{2})/"),
    re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),
)


def url_date(url: str) -> str:
    """The date an old address carries, as a hint only (a page's path is not its 发布日期)."""
    for pattern in _URL_DATES:
        if m := pattern.search(url):
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            except ValueError:
                continue
    return ""


def published(candidates: list[str]) -> Outcome:
    """The first date stated; its time from any candidate that states the same day with a time
    (a dateline printing the day, a ``<meta name="PubDate">`` adding 14:46)."""
    parsed = [found for text in candidates if (found := date_time(text))]
    if not parsed:
        return Outcome(note=f"“{candidates[0]}”不是日期" if candidates else "页面上没有找到发布日期")
    day, clock = parsed[0]
    clock = clock or next((c for d, c in parsed[1:] if d == day and c), "")
    return Outcome(f"{day} {clock}" if clock else day)


def date_only(candidates: list[str], what: str) -> Outcome:
    for text in candidates:
        if found := date_time(text):
            return Outcome(found[0])
    return Outcome(note=f"“{candidates[0]}”不是日期" if candidates else f"页面上没有找到{what}")


def index_no(text: str) -> Outcome:
    """Kept as printed, except full-width characters and spaces (which no number contains)."""
    clean = "".join(unicodedata.normalize("NFKC", text).split())
    if not clean:
        return Outcome(note="页面上没有找到索引号")
    return Outcome(clean, note=f"原文“{text}”中的全角字符或空格已去掉" if clean != text else "")


def doc_no(text: str) -> Outcome:
    text = " ".join(text.split())
    fixed = doc_no_fix(text)
    return Outcome(fixed, note=f"年份括号改为〔〕，原文“{text}”") if fixed else Outcome(text)


def validity(text: str) -> Outcome:
    word = "".join(text.split())
    if word in VALIDITY_WORDS:
        return Outcome(VALIDITY_WORDS[word])
    return Outcome(
        note=f"有效性“{text}”不是 有效/失效/废止 之一",
        suggestion="按文件现状选填 " + "、".join(VALIDITIES) + "；部分条款被修改的文件仍为有效，可在修改它的文件中写 amends",
    )


def topic(text: str) -> Outcome:
    """A gov.cn 主题分类, written 一级\\二级; other separators and a lone second level
    are recognised when that names exactly one class."""
    known = topics()
    wanted = "".join(text.split()).replace("＼", "\\").replace("/", "\\").replace("／", "\\").replace(">", "\\")
    names = [*known, *(f"{a}\\{b}" for a, subs in known.items() for b in subs)]
    if wanted in names:
        return Outcome(wanted, note=f"原文写作“{text}”" if wanted != text else "")
    seconds = [f"{a}\\{b}" for a, subs in known.items() for b in subs if b == wanted]
    if len(seconds) == 1:
        return Outcome(seconds[0], note=f"原文只写了二级分类“{text}”")
    close = difflib.get_close_matches(wanted, names, n=3, cutoff=0.5)
    return Outcome(
        note=f"旧网站的主题分类“{text}”不在国家主题分类中",
        suggestion=("可选：" + "、".join(close)) if close else "从编辑指南的主题分类表中选一个",
    )


def keywords(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,，、;；]+", text) if w]


def name(text: str) -> str:
    """An agency's name as printed, runs of spaces (U+3000 too) made one."""
    return " ".join(text.split())


def publisher(text: str, config: SiteConfig) -> Outcome:
    """The name ``publishers`` in site.yml lists for this spelling."""
    written = name(text)
    canonical = config.canonical_publisher(written)
    if canonical != written:
        return Outcome(canonical, note=f"原文“{written}”按 site.yml 的 publishers 统一为“{canonical}”")
    if written != config.agency_name and config.publishers and not any(p.name == written for p in config.publishers):
        return Outcome(
            written,
            note=f"发布机构“{written}”不在 site.yml 的 publishers 中",
            suggestion="如果它是已列机构的简称或旧称，把它加到那个机构的 aliases 中，重新导入即统一",
        )
    return Outcome(written)


def title(candidates: list[tuple[str, str]], doc_title: str) -> Outcome:
    if candidates:
        return Outcome(" ".join(candidates[0][0].split()))
    # The <title> bar: "标题 - 网站名称" or "标题_栏目_网站名称": the first part.
    first = re.split(r"\s+[-|–—]\s+|_+|\s*\|\s*", doc_title.strip())[0].strip() if doc_title.strip() else ""
    if first:
        return Outcome(first, note=f"标题取自浏览器标题栏“{doc_title}”，已去掉网站名称", suggestion="核对标题")
    return Outcome(note="页面上没有找到标题")
