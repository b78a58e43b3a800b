"""What the generated MkDocs configuration says about the pages: the
navigation (the four parts and their sub-columns, never single items, so
build time stays linear), the pages kept out of it, and the CSS and JS."""

from __future__ import annotations

from typing import Any

from ..feature import PARTS, BuildContext
from ..markup import theme_text
from ..model import PART_TITLE, Column

# The core's generated pages that stay out of the navigation (which renders on every page).
CORE_NOT_IN_NAV = (
    "/index.md",
    "/doc/",
    "/sitemap/",
    "page/",
    "/fdzdgknr/**/[0-9][0-9][0-9][0-9]/",
    "_xxgk-shell*/",  # shells (generator/shell.py): removed from the site once compiled
)
CORE_ASSETS = ("assets/xxgk/xxgk.css", "assets/xxgk/xxgk.js")


def feature_entries(ctx: BuildContext) -> dict[str, list[tuple[str, str]]]:
    """Part slug → the (title, docs path) entries features add under it, in feature order."""
    out: dict[str, list[tuple[str, str]]] = {part: [] for part in PARTS}
    for feature in ctx.features:
        if feature.nav is not None:
            for part, entries in feature.nav(ctx.site).items():
                out[part].extend(entries)
    return out


def nav(ctx: BuildContext, entries: dict[str, list[tuple[str, str]]] | None = None) -> list[Any]:
    """MkDocs ``nav``: the four parts and the sub-columns, never single items.
    Material prints nav titles unescaped (nav, tabs, path): they are escaped here, once."""

    def column_nav(column: Column) -> Any:
        if column.is_leaf:
            return {theme_text(column.title): f"{column.url}index.md"}
        return {theme_text(column.title): [f"{column.url}index.md", *[column_nav(c) for c in column.children]]}

    entries = feature_entries(ctx) if entries is None else entries
    rules = [{theme_text(p.title): f"zhidu/{p.slug}/index.md"} for p in ctx.site.rules]
    extra = {part: [{theme_text(title): path} for title, path in found] for part, found in entries.items()}
    return [
        {PART_TITLE["zhinan"]: ["zhinan/index.md", *extra["zhinan"]] if extra["zhinan"] else "zhinan/index.md"},
        {PART_TITLE["zhidu"]: ["zhidu/index.md", *rules, *extra["zhidu"]]},
        {PART_TITLE["fdzdgknr"]: ["fdzdgknr/index.md", *[column_nav(c) for c in ctx.site.columns], *extra["fdzdgknr"]]},
        {PART_TITLE["ndbg"]: ["ndbg/index.md", *extra["ndbg"]]},
    ]


def not_in_nav(ctx: BuildContext) -> list[str]:
    return [*CORE_NOT_IN_NAV, *ctx.features.each("not_in_nav")]


def assets(ctx: BuildContext, suffix: str) -> list[str]:
    """The core's then the features' stylesheets (``.css``) or scripts (``.js``), each once."""
    found = [a for a in (*CORE_ASSETS, *ctx.features.each("assets")) if a.endswith(suffix)]
    return list(dict.fromkeys(found))


def nav_urls(entries: list[Any]) -> set[str]:
    """The URLs of the pages a ``nav`` (as :func:`nav` returns it) lists."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.add(value.removesuffix("index.md"))
        elif isinstance(value, dict):
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(entries)
    return found


def sidenav(ctx: BuildContext, entries: dict[str, list[tuple[str, str]]] | None = None) -> list[dict[str, Any]]:
    """The left navigation of desktop pages (``overrides/partials/xxgk-sidenav.html``):
    the four parts with what MkDocs's nav holds under each (制度 pages, sub-columns,
    the features' entries), as site-relative folder URLs. Titles are escaped here:
    the theme prints them raw. It is the same for every page (the template marks
    the current entry), so item pages share one rendering of it."""

    def entry(title: str, url: str, children: list[dict[str, Any]] | None = None, open_: bool = False) -> dict[str, Any]:
        return {"title": theme_text(title), "url": url, "children": children or [], "open": open_}

    def column(c: Column) -> dict[str, Any]:
        return entry(c.title, c.url, [column(child) for child in c.children])

    entries = feature_entries(ctx) if entries is None else entries
    extra = {part: [entry(title, path.removesuffix("index.md")) for title, path in found] for part, found in entries.items()}
    return [
        entry(PART_TITLE["zhinan"], "zhinan/", extra["zhinan"]),
        entry(PART_TITLE["zhidu"], "zhidu/", [entry(p.title, f"zhidu/{p.slug}/") for p in ctx.site.rules] + extra["zhidu"]),
        # Open on pages outside the four parts (items, home, search): the sub-columns are what readers look for.
        entry(PART_TITLE["fdzdgknr"], "fdzdgknr/", [column(c) for c in ctx.site.columns] + extra["fdzdgknr"], open_=True),
        entry(PART_TITLE["ndbg"], "ndbg/", extra["ndbg"]),
    ]
