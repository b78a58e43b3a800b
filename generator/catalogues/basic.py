"""The 主动公开基本目录 (条例第十二条): for every item its 索引、名称、内容概述、
生成日期, plus what readers filter by. One row per item, computed once."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import astuple, dataclass, fields

from .. import csv_export, kept_rows
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


def kept_entry(site: Site, item: Item) -> Entry:
    """:func:`entry`, kept by the item page's inputs (``pages.items.kept_apart``: it reads only
    what they cover), once per build: the downloads and the column's pages show it, and
    ``kept_apart`` hands a row made this build to its first reader only."""
    rows = site.memo(_ENTRIES, dict)
    row = rows.get(id(item))
    if row is None:
        row = rows[id(item)] = Entry(*kept_apart(site, item, "catalogue-entry", lambda: astuple(entry(site, item))))
    return row


def entry_digest(site: Site, item: Item) -> bytes:
    """A digest of the item's row (``pages.items.kept_digest``): the catalogue's files are
    named by their rows' digests, and read the rows only when they are made again."""
    return kept_digest(site, item, "catalogue-entry", lambda: astuple(entry(site, item)))


_NAMES = tuple(f.name for f in fields(Entry))
_SUMMARIES: Key[dict[str, str]] = Key("catalogue.summaries")
_ENTRIES: Key[dict[int, Entry]] = Key("catalogue.entries")  # the rows read this build, by id(item)


def _fields(row: Entry) -> dict[str, str]:
    # Same as dataclasses.asdict for these flat string rows, without its deep
    # copy of every value (seconds per rebuild at 10 000 items).
    return {name: getattr(row, name) for name in _NAMES}


def _csv_lines(rows: list[Entry]) -> list[str]:
    return list(csv_export.row_lines(_fields(row).values() for row in rows))


def _json_objects(rows: list[Entry]) -> list[str]:
    """Each row as ``json.dumps`` writes it in the list of rows, with the comma before it."""
    return ["," + json.dumps(_fields(row), ensure_ascii=False, separators=(",", ":")) for row in rows]


def _rows(site: Site, digests: dict[int, bytes], name: str, texts: Callable[[list[Entry]], list[str]]) -> str:
    """Every item's row as ``texts`` formats it, concatenated in the site's order; ``digests``:
    id(item) → its row's digest (:func:`entry_digest`). A title edit changes one row of the
    downloads: the others' texts are kept between builds (``kept_rows``), not read or made again."""
    items = site.items
    return kept_rows.joined(name, [digests[id(item)] for item in items], lambda at: texts([kept_entry(site, items[i]) for i in at]))


def to_csv(site: Site, digests: dict[int, bytes]) -> str:
    """The CSV of every row."""
    return csv_export.to_csv(HEADERS.values(), ()) + _rows(site, digests, "catalogue-csv", _csv_lines)


def to_json(site: Site, digests: dict[int, bytes]) -> str:
    """The JSON of every row: the same text as ``json.dumps`` of the whole document, whose rows come last."""
    data = {
        "title": f"{site.config.agency_name}主动公开基本目录",
        "agency": site.config.agency_name,
        "generated": site.today.isoformat(),
        "fields": HEADERS,
    }
    # Compact: with indent= json falls back to its pure-Python encoder (~0.7 s
    # at 10 000 items on every preview rebuild); without it, the C encoder.
    head = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return head[:-1] + ',"items":[' + _rows(site, digests, "catalogue-json", _json_objects)[1:] + "]}"
