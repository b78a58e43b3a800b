"""Which pages are rendered from shells, and rendering them after MkDocs.

:func:`plan` (before MkDocs) routes every page of the docs tree: pages in the
navigation, and pages whose path no shell can stand in for, go to MkDocs as
Markdown; the others (item pages, paginated listings, year and validity
views) are rendered by the core into a shell (``generator/shell.py``), one
shell per page context, whose Markdown goes into the docs tree. Features'
late pages (``Feature.late_pages``) get their shells the same way.

:func:`fill_pages` (after MkDocs, before the post-build steps) compiles the
shells, removes them from the site and writes every routed page, one at a
time, straight to disk; a page whose render key and shell are those of the
previous build is linked from the published site instead of rendered
(``generator/buildcache.py``). :func:`fill_late` renders the late pages after
the post-build steps.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import caches
from .buildcache import BuildCache, digest
from .docs_tree import DocsTree, PageSpec, write_new
from .feature import BuildContext, LatePage
from .model import Key, Site
from .pages.env import render_cached, render_html
from .pages.html import Headings
from .shell import PLACEHOLDER, PageParts, Shell, ShellSpec, compile_shell, path_prefixes, shell_url, spec_for
from .sitetree import SiteTree

LATE_URLS: Key[frozenset[str]] = Key("core.late_urls")
ASSETS = "assets/"  # the theme's files: the chrome links into them


def late_urls(site: Site) -> frozenset[str]:
    """URLs of the pages rendered after the post-build steps (a link check may see links to them)."""
    return site.get(LATE_URLS, frozenset())


@dataclass(frozen=True)
class Engine:
    """What the shell path needs from the engine's configuration (the adapter reads it from MkDocs)."""

    headings: Headings = field(default_factory=Headings)


@dataclass
class Plan:
    pages: list[tuple[PageSpec, ShellSpec]] = field(default_factory=list)
    late: list[tuple[LatePage, ShellSpec]] = field(default_factory=list)
    shells: dict[str, ShellSpec] = field(default_factory=dict)  # by URL
    compiled: dict[str, Shell] = field(default_factory=dict)
    shell_digests: dict[str, str] = field(default_factory=dict)  # by URL: the rendered shell's text

    @property
    def enabled(self) -> bool:
        return bool(self.shells)


def _markdown(tree: DocsTree, spec: PageSpec) -> None:
    tree.add(f"{spec.url}index.md", render_cached(spec.url, spec.key, spec.template, url=spec.url, **spec.variables()))


def plan(ctx: BuildContext, tree: DocsTree, nav_urls: set[str], shells: bool) -> Plan:
    """Route the tree's pages (see the module's docstring); adds the shells' pages to ``tree``."""
    late = [page for fn in ctx.features.each("late_pages") for page in fn(ctx)]
    ctx.site.put(LATE_URLS, frozenset(page.url for page in late))
    result = Plan()
    if not shells:
        for spec in tree.pages.values():
            _markdown(tree, spec)
        for page in late:  # no step runs after the engine: rendered now, from what the checks found
            tree.add(f"{page.url}index.md", render_cached(page.url, (), page.template, url=page.url, **page.context()))
        return result
    mkdocs = {rel.removesuffix("index.md") for rel in tree.texts if rel.endswith("index.md")}
    shelled = {url: spec for url, spec in tree.pages.items() if url not in nav_urls}
    mkdocs |= set(tree.pages) - set(shelled)
    # A page whose own path leads to a page MkDocs renders has no stand-in:
    # MkDocs renders it too (which may lengthen other pages' anchors: repeat).
    while True:
        prefixes = path_prefixes(mkdocs | {ASSETS})
        moved = {url for url in shelled if PLACEHOLDER not in shell_url(url, prefixes)}
        moved |= {page.url for page in late if PLACEHOLDER not in shell_url(page.url, prefixes)}
        if not moved:
            break
        mkdocs |= moved
        for url in moved:
            shelled.pop(url, None)
        late = [page for page in late if page.url not in moved] + [page for page in late if page.url in moved and _late_markdown(tree, page)]
    for url in sorted(mkdocs & set(tree.pages)):
        _markdown(tree, tree.pages[url])

    # Item pages share their front matter's routing values (one dict per distinct set:
    # pages.items._routing): a shell found once for a dict and a path shape serves every page
    # with both (~3 µs a page). The dict is held here, so its id names no other while this runs.
    found: dict[tuple[str, int], tuple[dict, ShellSpec]] = {}

    def shell_for(url: str, front: dict) -> ShellSpec:
        key = (shell_url(url, prefixes), id(front))
        known = found.get(key)
        if known is None:
            spec = spec_for(url, front, prefixes)
            known = found[key] = (front, result.shells.setdefault(spec.url, spec))  # one object per shell, not per page
        return known[1]

    result.pages = [(spec, shell_for(url, spec.front)) for url, spec in shelled.items()]
    result.late = [(page, shell_for(page.url, page.front.values)) for page in late]
    for spec in result.shells.values():
        tree.add(f"{spec.url}index.md", spec.markdown())
    return result


def _late_markdown(tree: DocsTree, page: LatePage) -> bool:
    tree.add(f"{page.url}index.md", render_cached(page.url, (), page.template, url=page.url, **page.context()))
    return False


@dataclass
class FillStats:
    rendered: int = 0
    linked: int = 0
    bytes: int = 0


def compile_shells(result: Plan, site_dir: Path, kept: Mapping[str, Path] | None = None) -> None:
    """Read the shells MkDocs rendered into ``site_dir`` (or, ``kept``: by URL, where a shell
    MkDocs did not render again is kept), then remove them from it."""
    for url in result.shells:
        path = kept.get(url) if kept else None
        text = (path or site_dir / url / "index.html").read_text(encoding="utf-8")
        result.compiled[url] = compile_shell(text, url)
        result.shell_digests[url] = digest(text)
    for url in result.shells:
        # The shell's folders, from its first placeholder folder down.
        before, after = url.split(PLACEHOLDER, 1)
        shutil.rmtree(site_dir / (before + PLACEHOLDER + after.split("/", 1)[0]), ignore_errors=True)


def page_parts(url: str, template: str, context: dict, engine: Engine) -> PageParts:
    front = context["front"].values
    content, toc = render_html(template, engine.headings, url=url, **context)
    return PageParts(
        title=front["title"],
        description=front.get("description"),
        content=content,
        toc=toc,
        head=front.get("xxgk_head", ""),
        tail=front.get("xxgk_tail", ""),
        url=url,
    )


class _Writer:
    """Writes pages into the site's tree, each as a new file where the tree may share
    the old one's inode with the published site (an older tree brought up to date)."""

    def __init__(self, tree: SiteTree) -> None:
        self.tree = tree

    def path(self, url: str) -> str:
        return self.tree.new_file(url + "index.html")

    def link(self, source: str, status: os.stat_result, url: str) -> None:
        self.tree.linked_page(source, status, url)

    def write(self, url: str, text: str) -> int:
        data = text.encode("utf-8")
        path = self.path(url)
        if self.tree.held is None:
            # A folder whose files are not known may be served while it is written (a preview's
            # rebuild): a page there is replaced whole, never truncated and written in place.
            write_new(path, data)
        else:  # a new build folder or the spare: nothing serves it, and new_file removed the old file
            with open(path, "wb") as out:
                out.write(data)
        return len(data)


# What the pages of a preview's site folder were rendered from (``mkdocs serve``
# rebuilds into the same folder): site folder → url → digest.
_served: dict[str, dict[str, str]] = {}
caches.register(_served.clear)


def fill_pages(
    result: Plan, tree: SiteTree, engine: Engine, cache: BuildCache | None = None, only: Callable[[str], bool] | None = None
) -> FillStats:
    """Render every page routed to a shell into the site's ``tree`` (after MkDocs;
    the shells are compiled already, :func:`compile_shells`). A page whose render
    key and shell are unchanged is linked from the published site (``cache``), or
    left in place in a preview's folder. ``only``: the pages to write (a part of a split build)."""
    stats = FillStats()
    writer = _Writer(tree)
    served = _served.setdefault(tree.root, {}) if cache is None else None
    # Each shell's digest by the shell object (one per shell, ``plan``): ``ShellSpec.url`` is
    # computed on each call, and this loop runs for every page (~10 000).
    shell_digests = {id(shell): result.shell_digests[shell.url] for shell in result.shells.values()}
    for spec, shell in result.pages:
        if only is not None and not only(spec.url):
            continue
        page_digest = digest(spec.template, spec.key, shell_digests[id(shell)])
        if cache is not None and (previous := cache.reusable_file(spec.url, page_digest)) is not None:
            writer.link(*previous, spec.url)
            stats.linked += 1
            continue
        if served is not None:
            if served.get(spec.url) == page_digest and os.path.exists(tree.path(spec.url + "index.html")):
                stats.linked += 1
                continue
            served[spec.url] = page_digest
        # Computed here, page by page, and dropped (item pages: their front matter too).
        parts = page_parts(spec.url, spec.template, spec.variables(), engine)
        stats.bytes += writer.write(spec.url, result.compiled[shell.url].fill(parts))
        stats.rendered += 1
    return stats


def fill_late(result: Plan, tree: SiteTree, engine: Engine) -> None:
    """Render the late pages (after the post-build steps)."""
    writer = _Writer(tree)
    for page, shell in result.late:
        parts = page_parts(page.url, page.template, {"front": page.front, **page.context()}, engine)
        writer.write(page.url, result.compiled[shell.url].fill(parts))

