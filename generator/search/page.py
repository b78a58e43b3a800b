"""The search page, ``search/``: a form that works as a bookmarkable URL
(``?q=…&topic=…&sort=date``); ``overrides/assets/xxgk/search.js`` looks a
pasted number up in the table of ``lookup.py``, runs the query on the Pagefind
bundle and fills in results and facets."""

from __future__ import annotations

import json

from ..docs_tree import DocsTree
from ..feature import BuildContext
from ..pages.env import front_matter, render
from ..pages.items import site_version
from .fields import FACETS
from .indexer import BUNDLE_DIR, MANIFEST
from .lookup import LOOKUP_DIR, write_lookup

URL = "search/"


def write_search_page(ctx: BuildContext, tree: DocsTree) -> None:
    """The page and its exact-lookup table (whose bucket size the page names)."""
    site = ctx.site
    digits = write_lookup(site, tree, site_version(ctx))
    example = next((i for i in site.items if i.doc_no and i.index_no), None)
    tree.add(
        f"{URL}index.md",
        render(
            "search.md.j2",
            front=front_matter(title="检索", xxgk_kind="search", hide=["navigation", "toc"]),
            url=URL,
            trail=[("检索", URL)],
            manifest=f"{BUNDLE_DIR}/{MANIFEST}",
            lookup=LOOKUP_DIR,
            lookup_digits=digits,
            facets=json.dumps(FACETS, ensure_ascii=False),
            example_doc_no=example.doc_no if example else "溪农发〔2024〕3号",
            example_index_no=example.index_no if example else f"{site.config.org_code}/2024-00001",
        ),
    )
