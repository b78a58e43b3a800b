"""A JSON document per item, beside its page (``doc/<slug>/index.json``): every
metadata field, the attachments with their addresses, and the page's address."""

from __future__ import annotations

import functools
import json

from ..docs_tree import DocsTree
from ..feature import BuildContext
from ..model import Item, Site
from ..pages.items import kept_product, page_digests
from .records import JSON_NAME, item_record

# Compact JSON, no indentation: a file per item is 50 000 files on a large site, and
# indentation was a quarter of each (issue 11); any JSON reader or ``python -m json.tool``
# shows it indented.


def write_item_json(ctx: BuildContext, tree: DocsTree) -> None:
    site = ctx.site
    digests = page_digests(site)
    for item in site.items:
        make = functools.partial(kept_product, site, item, "item-json", functools.partial(_text, site, item))
        digest = digests.get(id(item))
        if digest is None:
            tree.add(f"{item.url}{JSON_NAME}", make())
        else:  # made (from the memo) only when the file is not the one made for these inputs
            tree.add_kept(f"{item.url}{JSON_NAME}", digest, make)


def _encode(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def _text(site: Site, item: Item) -> str:
    return _encode(item_record(site, item))
