"""Chinese full-text search on Pagefind (issue 4), fully static.

- ``fields``: what a page tells the index (facets, result metadata, the sort
  date, exact-lookup tokens for 索引号 and 文号), as front matter the theme
  override ``overrides/partials/xxgk-search-data.html`` renders as
  ``data-pagefind-*`` attributes inside ``data-pagefind-body``.
- ``shards``: which pages are indexed, split into date-contiguous shards so
  Pagefind's memory stays bounded as the site grows.
- ``indexer``: the post-build step that runs the extended Pagefind CLI once per
  shard and writes ``pagefind/`` plus the shard manifest the browser reads.
- ``page``: the search page (``search/``).

The browser side is ``overrides/assets/xxgk/search.js``. Importing this package
registers nothing: ``generator/features/search.py`` does.
"""
