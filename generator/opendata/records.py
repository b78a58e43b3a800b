"""What an item is, as data: the one record the per-item JSON, the feeds and
the JSON-LD are made from. Addresses are absolute when site.yml gives the
site's address (``website.url``), else relative to the site's root."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from ..model import Item, Site
from ..validity import effective_validity

# China Standard Time: a 发布日期 is a day in Beijing.
CST = dt.timezone(dt.timedelta(hours=8), "CST")
JSON_NAME = "index.json"  # beside the item page: doc/<slug>/index.json


def address(site: Site, url: str) -> str:
    """``url`` (site-relative) as the public address, when it is known."""
    return site.config.site_url + url


def day_time(value: dt.date) -> dt.datetime:
    return dt.datetime(value.year, value.month, value.day, tzinfo=CST)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def item_record(site: Site, item: Item) -> dict[str, Any]:
    """Every metadata field of the item as written, the derived ones (有效性, the
    publisher by default), its column, its attachments and its addresses. The per-item
    JSON is kept by the item page's inputs (``pages.items.kept_product``): read only what they cover."""
    # Not kept on the site: computed once per build, and holding it per item is memory (issue 11).
    return _record(site, item)


def _record(site: Site, item: Item) -> dict[str, Any]:
    page = address(site, item.url)
    written = {k: _plain(v) for k, v in item.meta.items() if k not in ("title", "index_no", "attachments")}
    column = item.column
    return {
        "index_no": item.index_no,
        "title": item.title,
        "url": page,
        "data": page + JSON_NAME,
        **written,
        "publisher": str(item.meta.get("publisher") or site.config.agency_name),
        "keywords": item.keywords,
        "validity": effective_validity(item, site) or None,
        "column": {"id": column.path, "title": column.title, "url": address(site, column.url)} if column else None,
        "attachments": [
            {
                "title": a.title,
                "file": a.file,
                "url": page + quote(a.file),
                "format": a.kind,
                "bytes": a.size,
            }
            for a in item.attachments
        ],
    }
