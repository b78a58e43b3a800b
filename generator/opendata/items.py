"""A JSON document per item, beside its page (``doc/<slug>/index.json``): every
metadata field, the attachments with their addresses, and the page's address."""

from __future__ import annotations

import json

from .. import caches
from ..docs_tree import DocsTree
from ..feature import BuildContext
from .records import JSON_NAME, item_record

# The documents by URL, with the repr of their record: json.dumps with an indent runs
# in pure Python (a second per preview edit at 10 000 items), repr in C.
_written: dict[str, tuple[str, str]] = {}
caches.register(_written.clear)


def write_item_json(ctx: BuildContext, tree: DocsTree) -> None:
    for item in ctx.site.items:
        record = item_record(ctx.site, item)
        key = repr(record)
        kept = _written.get(item.url)
        if kept is None or kept[0] != key:
            kept = (key, json.dumps(record, ensure_ascii=False, indent=2) + "\n")
            if caches.kept_between_builds():  # a preview; a build holds none (memory, issue 11)
                _written[item.url] = kept
        tree.add(f"{item.url}{JSON_NAME}", kept[1])
