"""Full-text search (issue 4): search fields in the front matter of content
pages, the search page, and the Pagefind index built after the site."""

from __future__ import annotations

from typing import Any

from .. import postbuild, writer
from ..model import Item, Site
from ..search.fields import FRONT_KEY, item_fields, page_fields
from ..search.indexer import build_search_index
from ..search.page import write_search_page


def _front(site: Site, kind: str, obj: Any) -> dict[str, Any]:
    if kind == "item" and isinstance(obj, Item):
        return {FRONT_KEY: item_fields(site, obj)}
    if kind == "zhinan":
        return {FRONT_KEY: page_fields(site, kind, None, (obj.data.get("updated") if obj else None))}
    if kind in ("zhidu", "ndbg"):
        return {FRONT_KEY: page_fields(site, kind, obj, getattr(obj, "published", None))}
    return {}


writer.PAGE_FRONT.append(_front)
writer.PAGE_WRITERS.append(write_search_page)
postbuild.STEPS.append(build_search_index)
