"""Chinese full-text search: search fields in the front matter of content
pages, the search page with its exact-number lookup table, and the Pagefind
index built after the site, shard by shard."""

from __future__ import annotations

from pathlib import Path

from ..feature import Feature, PostStep
from ..search import fields, page
from ..search.indexer import BUNDLE_DIR, build_search_index, merge_part_manifests
from ..search.settings import SearchSettings

FEATURE = Feature(
    name="search",
    title="站内全文检索",
    settings_key="search",
    settings=SearchSettings,
    page_front=(fields.page_front,),
    page_tail=(fields.page_tail,),
    pages=(page.write_search_page,),
    not_in_nav=("/search/",),
    assets=("assets/xxgk/search.css", "assets/xxgk/search.js"),
    templates=Path(page.__file__).parent / "templates",
    # Adds the index files to the site: before any step that reads the finished site.
    # Each part of a split build indexes its own pages; the assembly joins the manifests.
    # An unchanged shard's files stay in the tree the build brings up to date (``folder``).
    post_build=(PostStep("search-index", build_search_index, order=100, in_parts=True, folder=BUNDLE_DIR),),
    assemble=(merge_part_manifests,),
)
