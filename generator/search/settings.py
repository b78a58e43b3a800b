"""site.yml ``search``: the search index's settings, with their defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..model import Site

SHARD_PAGES_ENV = "XXGK_SEARCH_SHARD_PAGES"  # override for one run, e.g. in benchmarks


@dataclass(frozen=True)
class SearchSettings:
    # Measured ~230 KB per page in one Pagefind run (2 500 pages: 570 MB; 4 968
    # pages: 1 090 MB). 4 000 pages keep a run under ~0.9 GB however large the
    # site, so a whole `mkdocs build` stays under 1 GB.
    shard_pages: int = 4000


def shard_pages(site: Site) -> int:
    env = os.environ.get(SHARD_PAGES_ENV, "")
    return int(env) if env.isdigit() and int(env) > 0 else site.config.settings("search", SearchSettings).shard_pages
