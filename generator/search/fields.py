"""What each indexed page tells Pagefind: facets, result metadata, the sort
date and the words that let part of a 文号/索引号 be searched (whole numbers
are looked up in ``lookup.py``'s table). One place for the facet list; the theme partial
and ``search.js`` read the keys defined here.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .. import caches
from ..model import PART_TITLE, Item, Key, Page, Site, iso_date
from ..pages.env import render
from ..validity import EXPIRED, REPEALED, effective_validity, lifecycle

# Facet key (ASCII, used in URLs and Pagefind filters) → label shown to readers.
FACETS: dict[str, str] = {
    "column": "栏目",
    "topic": "主题分类",
    "genre": "体裁分类",
    "publisher": "发布机构",
    "year": "年份",
    "validity": "有效性",
}
FRONT_KEY = "xxgk_search"  # the front-matter key marking a page as indexed
TAIL_TEMPLATE = "search_data.html.j2"
UNDATED = "0000-00-00"  # sort value of pages without a date: they sort last

# Brackets and separators people type in a 文号 or 索引号 in many forms:
# 〔2024〕 [2024] （2024） (2024) 【2024】 all mean the same number.
_BRACKETS = str.maketrans({c: "(" for c in "〔[（【〖［"} | {c: ")" for c in "〕]）】〗］"})
_DROP = re.compile(r"[\s\u3000·•]+")


def lookup_key(text: str) -> str:
    """The normalised form of a 文号 or 索引号: full-width folded (NFKC),
    brackets unified, spaces dropped, lower case: the key of the exact-lookup
    table (``lookup.py``). ``search.js`` has the same function (``lookupKey``);
    keep the two in step."""
    text = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    return _DROP.sub("", text).lower()


def _date(value: Any) -> str:
    date = iso_date(str(value))
    return date.isoformat() if date else ""


def _fields(filters: dict[str, str], date: str, meta: dict[str, str], words: list[str]) -> dict[str, Any]:
    if date:
        filters = {**filters, "year": date[:4]}
    return {
        "filters": {k: v for k, v in filters.items() if v and k in FACETS},
        "meta": {k: v for k, v in {**meta, "date": date}.items() if v},
        "sort": date or UNDATED,
        "words": " ".join(w for w in words if w),
    }


_FIELDS: Key[dict[str, dict[str, Any]]] = Key("search.fields")


def item_fields(site: Site, item: Item) -> dict[str, Any]:
    """Once per item and build: the item's page and the exact-lookup table both need them."""
    return site.per_item(_FIELDS, item, lambda i: _item_fields(site, i))


def _ended(site: Site, item: Item) -> dict[str, str]:
    """A repealed or expired document's result says so, and names the document replacing it."""
    validity = effective_validity(item, site)
    if validity not in (EXPIRED, REPEALED):
        return {}
    replacement = lifecycle(site).current_version(item)
    if replacement is None:
        return {"validity": validity}
    return {"validity": validity, "replaced_by": replacement.title, "replaced_url": replacement.url}


def _item_fields(site: Site, item: Item) -> dict[str, Any]:
    m = item.meta
    column = " / ".join(c.title for c in item.column.trail) if item.column else ""
    return _fields(
        {
            "column": column,
            "topic": str(m.get("topic") or "").split("\\")[0],
            "genre": str(m.get("genre") or ""),
            "publisher": site.config.canonical_publisher(str(m.get("publisher") or site.config.agency_name)),
            "validity": effective_validity(item, site),
        },
        _date(m.get("published")),
        # What a result shows (search.js): its 栏目 is the column facet's value, not repeated here.
        {"doc_no": item.doc_no, **_ended(site, item)},
        # No words: the index reads an item's 文号, 索引号 and 关键词 from the model (staged.item_text).
        [],
    )


def page_fields(site: Site, section: str, page: Page | Any | None, date: Any) -> dict[str, Any]:
    """The guide (section ``zhinan``), a 制度 page or an annual report (a
    ``Page`` or the reports feature's ``Report``: only ``meta`` is read)."""
    doc_no = str((getattr(page, "meta", None) or {}).get("doc_no") or "")
    return _fields(
        {"column": PART_TITLE[section], "publisher": site.config.agency_name},
        _date(date),
        {"doc_no": doc_no},
        [doc_no],
    )


def _page_fields(site: Site, kind: str, obj: Any) -> dict[str, Any] | None:
    if kind == "item" and isinstance(obj, Item):
        return item_fields(site, obj)
    if kind == "zhinan":
        return page_fields(site, kind, None, (obj.data.get("updated") if obj else None))
    if kind in ("zhidu", "ndbg"):
        return page_fields(site, kind, obj, getattr(obj, "published", None))
    return None


def page_front(site: Site, kind: str, obj: Any) -> dict[str, Any]:
    """The search feature's front matter: marks a content page as indexed (its
    content goes into ``data-pagefind-body``)."""
    return {FRONT_KEY: True} if _page_fields(site, kind, obj) is not None else {}


# Rendered tails by their fields (a preview rebuilds every page's front matter on each edit).
_tails: dict[str, str] = {}
caches.register(_tails.clear)


def item_tail(site: Site, item: Item) -> str:
    """What Pagefind reads of an item besides its text, for its staged copy (staged.py). Not
    printed in the item's page: readers see these values in its metadata table, and the
    index is made from the model (0.45 KB of every item page, 21 MB at 50 000 items, issue 11).
    The page's render digest covers every value here (pages/items.page_inputs), so a staged
    copy kept by that digest stays right."""
    return render(TAIL_TEMPLATE, s=item_fields(site, item))


def page_tail(site: Site, kind: str, obj: Any) -> str:
    """What Pagefind reads from a content page besides its text, as hidden HTML after the
    content; an item's is not in its page (:func:`item_tail`)."""
    fields = None if kind == "item" else _page_fields(site, kind, obj)
    if fields is None:
        return ""
    if not caches.kept_between_builds():  # a build renders each page once: keep nothing (memory, issue 11)
        return render(TAIL_TEMPLATE, s=fields)
    key = repr(fields)
    if key not in _tails:
        _tails[key] = render(TAIL_TEMPLATE, s=fields)
    return _tails[key]
