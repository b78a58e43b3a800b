"""``SiteTree.page_status``: the pages a build linked from the published site, with the status
it read to link them; the search's list of pages and the link check take them from there
instead of looking at ~10 000 pages again (issue 11)."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import make_project

from generator import sitetree
from generator.build import check
from generator.inspection.links import check_site
from generator.search.shards import indexed_pages
from generator.sitetree import SiteTree


def test_the_search_indexes_the_pages_the_site_holds_taking_linked_ones_from_the_tree(tmp_path: Path) -> None:
    """A page linked this build is there without a look; one written otherwise is looked for;
    a linked page whose folder went since (cleared through the tree) is not indexed."""
    ctx, _problems = check(make_project(tmp_path / "project"))
    site = ctx.site
    first, second, third, *rest = site.items
    site_dir, published = tmp_path / "site", tmp_path / "published"
    tree = SiteTree.at(site_dir)
    sitetree.attach(site, tree)
    for item in (first, second):
        source = published / item.url / "index.html"
        source.parent.mkdir(parents=True)
        source.write_text("<html></html>", encoding="utf-8")
        tree.linked_page(str(source), os.stat(source), item.url)
    written = Path(tree.new_file(f"{third.url}index.html"))  # rendered this build
    written.write_text("<html></html>", encoding="utf-8")
    items = {item.url for item in site.items}

    def indexed() -> set[str]:
        return {page.url for page in indexed_pages(site, site_dir) if page.url in items}

    assert indexed() == {first.url, second.url, third.url}
    tree.clear(first.url.rstrip("/"))
    assert indexed() == {second.url, third.url}
    assert rest and not any((site_dir / item.url).exists() for item in rest)


def test_a_page_placed_again_loses_the_status_the_link_check_would_take(tmp_path: Path) -> None:
    """``SiteTree.page_status`` vouches for a page only while nothing else went to its path: a
    page written, moved or linked there later, or its folder cleared, is looked at by the check."""
    published = tmp_path / "published"
    for url in ("a/", "b/", "c/", "d/"):
        (published / url).mkdir(parents=True)
        (published / url / "index.html").write_text("<html></html>", encoding="utf-8")
    tree = SiteTree.at(tmp_path / "site")
    for url in ("a/", "b/", "c/", "d/"):
        tree.linked_page(str(published / url / "index.html"), os.stat(published / url / "index.html"), url)
    assert set(tree.page_status) == {"a/", "b/", "c/", "d/"}
    Path(tree.new_file("a/index.html")).write_text("新", encoding="utf-8")
    tree.link(str(published / "c/index.html"), "b/index.html")
    tree.clear("c")
    assert set(tree.page_status) == {"d/"}
    assert check_site(tmp_path / "site", statuses=tree.page_status).pages == 3
