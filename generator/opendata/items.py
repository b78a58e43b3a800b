"""A JSON document per item, beside its page (``doc/<slug>/index.json``): every
metadata field, the attachments with their addresses, and the page's address."""

from __future__ import annotations

import functools
import json

from .. import caches
from ..docs_tree import DocsTree
from ..feature import BuildContext
from ..model import Item, Site
from ..pages.items import kept_product
from .records import JSON_NAME, item_record

# The documents by URL, with the repr of their record (a preview rebuilds every record on
# each edit: repr is cheaper than encoding). Compact JSON, no indentation: a file per item
# is 50 000 files on a large site, and indentation was a quarter of each (issue 11); any
# JSON reader or ``python -m json.tool`` shows it indented.
_written: dict[str, tuple[str, str]] = {}
caches.register(_written.clear)


def write_item_json(ctx: BuildContext, tree: DocsTree) -> None:
    site = ctx.site
    for item in site.items:
        if not caches.kept_between_builds():  # a build: from the memo, by the page's inputs
            tree.add(f"{item.url}{JSON_NAME}", kept_product(site, item, "item-json", functools.partial(_text, site, item)))
            continue
        record = item_record(site, item)
        key = repr(record)
        kept = _written.get(item.url)
        if kept is None or kept[0] != key:
            kept = (key, _encode(record))
            _written[item.url] = kept  # a preview; a build holds none (memory, issue 11)
        tree.add(f"{item.url}{JSON_NAME}", kept[1])


def _encode(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def _text(site: Site, item: Item) -> str:
    return _encode(item_record(site, item))
