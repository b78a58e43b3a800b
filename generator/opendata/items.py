"""A JSON document per item, beside its page (``doc/<slug>/index.json``): every
metadata field, the attachments with their addresses, and the page's address."""

from __future__ import annotations

import json

from ..docs_tree import DocsTree
from ..feature import BuildContext
from .records import JSON_NAME, item_record


def write_item_json(ctx: BuildContext, tree: DocsTree) -> None:
    for item in ctx.site.items:
        record = item_record(ctx.site, item)
        tree.add(f"{item.url}{JSON_NAME}", json.dumps(record, ensure_ascii=False, indent=2) + "\n")
