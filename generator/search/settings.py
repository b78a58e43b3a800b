"""site.yml ``search``: the search index's settings, with their defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..model import Site

SHARD_PAGES_ENV = "XXGK_SEARCH_SHARD_PAGES"  # override for one run, e.g. in benchmarks


@dataclass(frozen=True)
class SearchSettings:
    # Pagefind needs ~0.43 MB per synthetic page in one run of the staged index
    # (bigram words: 1 640 pages 700 MB, 3 300 pages 1 440 MB; benchmarks/search_bench.py
    # 10000 --shard-pages). 2 000 pages keep a run near 0.85 GB however large the
    # site, so a whole `mkdocs build` stays under 1 GB.
    shard_pages: int = 2000


# Pagefind runs beside the build process, which holds the site's model (~12 KB an item:
# ~1.3 GB at 100 000 items). Past this many items a run of 2 000 pages (~0.85 GB) would
# take the two over 2 GB (issue 11), so a run indexes at most LARGE_SITE_SHARD_PAGES
# (~0.43 GB). A step, not a formula of the size: shard boundaries stay put as items are
# added, and an edit re-indexes one shard, not all of them.
LARGE_SITE_ITEMS = 60_000
LARGE_SITE_SHARD_PAGES = 1000


def shard_pages(site: Site) -> int:
    env = os.environ.get(SHARD_PAGES_ENV, "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    pages = site.config.settings("search", SearchSettings).shard_pages
    return min(pages, LARGE_SITE_SHARD_PAGES) if len(site.items) > LARGE_SITE_ITEMS else pages
