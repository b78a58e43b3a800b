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


def shard_pages(site: Site) -> int:
    env = os.environ.get(SHARD_PAGES_ENV, "")
    return int(env) if env.isdigit() and int(env) > 0 else site.config.settings("search", SearchSettings).shard_pages
