"""Rendering the model into a standard MkDocs docs tree (Markdown + files).

The tree is plain Markdown with front matter and a little HTML, so any engine
that reads ``mkdocs.yml`` (MkDocs, ProperDocs, Zensical) can build it. Every
link is relative to the page that holds it. One module per concern:
``env`` (the Jinja environment, filters, links, writing a page), ``blocks``
(notices, chips, breadcrumbs), ``listing`` (pagination), ``items``,
``parts`` (the four parts' own pages, home, site map), ``nav`` (navigation,
pages out of it, assets). Features add their pages through ``Feature.pages``.
"""

from __future__ import annotations

from ..docs_tree import DocsTree
from ..feature import BuildContext
from . import env, items, listing, parts
from .nav import feature_entries


def render_site(ctx: BuildContext) -> DocsTree:
    """Every page of the column, as a docs tree (not yet on disk)."""
    env.join(ctx.features)
    tree = DocsTree()
    parts.write_home(ctx, tree)
    parts.write_guide(ctx, tree)
    rules = parts.write_rules(ctx, tree)
    parts.write_overview(ctx, tree)
    items.prepare(ctx)  # every item page's inputs and record: the listings read them
    listing.prepare(ctx)
    for column in ctx.site.all_columns():
        listing.write_column(ctx, column, tree)
    for item in ctx.site.items:
        items.write_item(ctx, item, tree)
    for write in ctx.features.each("pages"):
        write(ctx, tree)
    parts.write_empty_parts(tree)
    parts.write_sitemap(ctx, tree, rules, feature_entries(ctx))
    parts.write_schemas(tree)
    parts.write_identity(ctx, tree)
    items.keep_records(ctx.site)
    return tree
