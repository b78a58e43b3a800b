"""A JSON document per item, beside its page (``doc/<slug>/index.json``): every
metadata field, the attachments with their addresses, and the page's address."""

from __future__ import annotations

import json

from .. import caches
from ..docs_tree import DocsTree
from ..feature import BuildContext
from .records import JSON_NAME, item_record

# The documents by URL, with the repr of their record (a preview rebuilds every record on
# each edit: repr is cheaper than encoding). Compact JSON, no indentation: a file per item
# is 50 000 files on a large site, and indentation was a quarter of each (issue 11); any
# JSON reader or ``python -m json.tool`` shows it indented.
_written: dict[str, tuple[str, str]] = {}
caches.register(_written.clear)


def write_item_json(ctx: BuildContext, tree: DocsTree) -> None:
    for item in ctx.site.items:
        record = item_record(ctx.site, item)
        key = repr(record)
        kept = _written.get(item.url)
        if kept is None or kept[0] != key:
            kept = (key, json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
            if caches.kept_between_builds():  # a preview; a build holds none (memory, issue 11)
                _written[item.url] = kept
        tree.add(f"{item.url}{JSON_NAME}", kept[1])
