"""The 主动公开基本目录 (条例第十二条): for every item its 索引、名称、内容概述、
生成日期, plus what readers filter by. One row per item, computed once."""

from __future__ import annotations

import json
import re
from dataclasses import astuple, dataclass, fields

from .. import csv_export
from ..model import Item, Key, Site
from ..pages.items import kept_apart, kept_digest
from ..validity import effective_validity

SUMMARY_CHARS = 100
CSV_NAME = "zdgkml.csv"  # 主动公开目录
JSON_NAME = "zdgkml.json"
HEADERS = {
    "index_no": "索引号",
    "title": "名称",
    "summary": "内容概述",
    "created": "生成日期",
    "published": "发布日期",
    "publisher": "发布机构",
    "doc_no": "文号",
    "column": "栏目",
    "validity": "有效性",
    "url": "网址",
}
_BLOCK = re.compile(r"^[ \t]*(?:(?:#{1,6}|>|[-*+]|\d+[.)])[ \t]+|[-|: ]{3,}$)", re.M)
_INLINE = re.compile(r"<[^>]+>|!?\[([^\]]*)\]\([^)]*\)|[*_`~|]+")


@dataclass(frozen=True)
class Entry:
    index_no: str
    title: str
    summary: str
    created: str  # 生成日期: 成文日期, else 发布日期
    published: str
    publisher: str
    doc_no: str
    column: str
    validity: str
    url: str  # site-relative


def summary(item: Item) -> str:
    """``summary`` as written, else the opening of the body as plain text."""
    given = item.meta.get("summary")
    if isinstance(given, str) and given.strip():
        return given.strip()
    text = _INLINE.sub(lambda m: m.group(1) or "", _BLOCK.sub("", item.body[: SUMMARY_CHARS * 4]))
    text = " ".join(text.split())
    return text[:SUMMARY_CHARS] + ("…" if len(text) > SUMMARY_CHARS else "")


def site_summary(site: Site, item: Item) -> str:
    """:func:`summary`, once per item and build (the catalogue and the search's
    exact-lookup table both show it)."""
    return site.per_item(_SUMMARIES, item, summary)


def entry(site: Site, item: Item) -> Entry:
    column = " / ".join(c.title for c in item.column.trail) if item.column else ""
    return Entry(
        index_no=item.index_no or "",
        title=item.title,
        summary=site_summary(site, item),
        created=str(item.meta.get("written") or item.published_day),
        published=item.published_day,
        publisher=str(item.meta.get("publisher") or site.config.agency_name),
        doc_no=item.doc_no,
        column=column,
        validity=effective_validity(item, site),
        url=item.url,
    )


def _kept_entry(site: Site, item: Item) -> Entry:
    """:func:`entry`, kept by the item page's inputs (``pages.items.kept_apart``: it reads only what they cover)."""
    return Entry(*kept_apart(site, item, "catalogue-entry", lambda: astuple(entry(site, item))))


def entry_digest(site: Site, item: Item) -> bytes:
    """A digest of the item's row (``pages.items.kept_digest``): the catalogue's files are
    named by their rows' digests, and read the rows only when they are made again."""
    return kept_digest(site, item, "catalogue-entry", lambda: astuple(entry(site, item)))


def entries(site: Site) -> dict[int, Entry]:
    """id(item) → its row, for every item, newest first (cached on the site)."""
    return site.memo(_ENTRIES, lambda: {id(item): _kept_entry(site, item) for item in site.items})


_NAMES = tuple(f.name for f in fields(Entry))
_SUMMARIES: Key[dict[str, str]] = Key("catalogue.summaries")
_ENTRIES: Key[dict[int, Entry]] = Key("catalogue.entries")


def _fields(row: Entry) -> dict[str, str]:
    # Same as dataclasses.asdict for these flat string rows, without its deep
    # copy of every value (seconds per rebuild at 10 000 items).
    return {name: getattr(row, name) for name in _NAMES}


def to_csv(rows: list[Entry]) -> str:
    return csv_export.to_csv(HEADERS.values(), (_fields(row).values() for row in rows))


def to_json(site: Site, rows: list[Entry]) -> str:
    data = {
        "title": f"{site.config.agency_name}主动公开基本目录",
        "agency": site.config.agency_name,
        "generated": site.today.isoformat(),
        "fields": HEADERS,
        "items": [_fields(row) for row in rows],
    }
    # Compact: with indent= json falls back to its pure-Python encoder (~0.7 s
    # at 10 000 items on every preview rebuild); without it, the C encoder.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
