"""Chinese full-text search on Pagefind (issue 4), fully static.

- ``fields``: what a page tells the index (facets, result metadata, the sort
  date, exact-lookup tokens for 索引号 and 文号), rendered by the core as
  hidden ``data-pagefind-*`` attributes after the page's content
  (``templates/search_data.html.j2``, the feature's ``page_tail``), inside
  ``data-pagefind-body``.
- ``shards``: which pages are indexed, split into date-contiguous shards so
  Pagefind's memory stays bounded as the site grows.
- ``indexer``: the post-build step that runs the extended Pagefind CLI once per
  shard and writes ``pagefind/`` plus the shard manifest the browser reads.
- ``page``: the search page (``search/``).

The browser side is ``overrides/assets/xxgk/search.js``. Importing this package
registers nothing: ``generator/features/search.py`` does.
"""
