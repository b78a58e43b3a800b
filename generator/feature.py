"""The seam between the core and the features.

A feature (annual reports, search, policy interpretation, catalogues, the
inspection report …) is one :class:`Feature` value that declares everything
it adds to the column: the content it loads, its checks, its pages, what it
adds to item pages and listings, its navigation entries, the URLs it keeps
out of the navigation, its CSS and JavaScript, its post-build steps (in an
explicit order) and its typed section of ``site.yml``.

The core (loader, model, checks, pages, build, docs tree, post-build,
publish, the MkDocs adapter) never imports a feature: it receives the
features as values, loaded by name from :data:`FEATURES`, the one ordered
list of the column's features. Removing a name from the list removes the
feature and nothing else breaks.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import Site
from .sources import Source

if TYPE_CHECKING:
    from .diagnostics import Problems
    from .docs_tree import DocsTree
    from .model import Column, Item

# The column's features, in the order their pages, notices, chips and checks
# apply. Each name is a module of ``generator/features/`` holding ``FEATURE``.
FEATURES: tuple[str, ...] = ("policy", "catalogues", "reports", "search", "feeds", "opendata", "inspection", "legacy")

# The four statutory parts a feature can add navigation entries under.
PARTS = ("zhinan", "zhidu", "fdzdgknr", "ndbg")

NavEntry = tuple[str, str]  # (title, docs path such as "ndbg/2024/index.md")


@dataclass
class Notice:
    """A banner shown near the top of an item page (e.g. 已废止, 政策解读)."""

    kind: str  # CSS modifier: "warning", "info", "link"
    html: str  # trusted HTML built by the feature that adds it (from escaped parts)


@dataclass
class ChipGroup:
    """A row of filter/link chips on a listing or the overview (e.g. 按有效性筛选)."""

    label: str  # aria-label of the row
    chips: list[tuple[str, str | None, int | None]]  # (text, site-relative url or None = current view, count)


@dataclass(frozen=True)
class PostStep:
    """A step run on the built HTML site before it is published."""

    name: str
    run: Callable[[Site, Path], Problems]
    # Lower runs first. Steps that add files (the search index, 100) come
    # before steps that read the whole finished site (the link check, 900).
    order: int = 500
    # In a build split into parts (generator/split.py): True runs in every part
    # on the part's own pages (the search index of its shards); False runs once,
    # when the parts are assembled (steps that read the whole site).
    in_parts: bool = False
    # A folder of the site the step brings up to date itself where a build starts from
    # the tree it replaced (``sitetree.py``): left to it, not emptied before the steps run,
    # and listed afresh for the link check. A file the step writes elsewhere goes through
    # ``sitetree.new_file`` (the check takes the site's other files from the build's tree).
    folder: str | None = None


@dataclass(frozen=True)
class LatePage:
    """A page rendered after the post-build steps (from their results, e.g. the
    link check), through a shell like item pages: its URL, template and front
    matter are known before MkDocs runs, its variables only afterwards."""

    url: str
    template: str
    front: Any  # pages.env.Front
    context: Callable[[], dict[str, Any]]  # the template's variables, read after the post-build steps


@dataclass(frozen=True)
class Review:
    """What a review (a check that reads the other checks' results) returns:
    its own problems, and the rule ids whose problems count as errors."""

    problems: Problems
    escalate: frozenset[str] = frozenset()


@dataclass(frozen=True, eq=False)
class Feature:
    name: str
    title: str  # what it is, for the README and messages
    # Its section of site.yml: the key and a dataclass whose field defaults are
    # the only defaults (tests/test_feature_seam.py compares them with the schema).
    settings_key: str | None = None
    settings: type | None = None
    # Reads its own content into the site (e.g. content/reports/), reporting parse problems.
    load: Callable[[Site, Problems], None] | None = None
    checks: tuple[Callable[[CheckContext], Problems], ...] = ()
    # Runs after every check of every feature, reading (never changing) their problems.
    review: Callable[[CheckContext, Problems], Review] | None = None
    pages: tuple[Callable[[BuildContext, DocsTree], None], ...] = ()
    item_notices: tuple[Callable[[Site, Item], list[Notice]], ...] = ()
    item_meta_rows: tuple[Callable[[Site, Item], list[tuple[str, str]]], ...] = ()
    listing_chips: tuple[Callable[[Site, Column | None, str], list[ChipGroup]], ...] = ()
    # Extra front matter of content pages: (site, kind, object) → {key: value};
    # kind is "item", "zhinan", "zhidu" or a feature's own page kind.
    page_front: tuple[Callable[[Site, str, Any], dict[str, Any]], ...] = ()
    # Per-page HTML of content pages, same arguments, escaped by construction (the
    # theme prints it raw): ``page_head`` goes into the page's <head> (Open Graph,
    # JSON-LD, canonical links), ``page_tail`` right after its content (the search
    # fields). Pages MkDocs renders carry them as front matter (``xxgk_head``,
    # ``xxgk_tail``, printed by overrides/main.html); pages filled into a shell get
    # them directly. For an item page, all three are computed again only when the
    # page's inputs change (``pages/items.py`` ``page_inputs``): one that reads
    # another item must add what it reads there.
    page_head: tuple[Callable[[Site, str, Any], str], ...] = ()
    page_tail: tuple[Callable[[Site, str, Any], str], ...] = ()
    # What a new item of a column starts with (``xxgk new``): key → value ("" = a key to fill in).
    new_item: Callable[[Site, Column], dict[str, Any]] | None = None
    # Navigation entries under the statutory parts: part slug → entries.
    nav: Callable[[Site], dict[str, list[NavEntry]]] | None = None
    not_in_nav: tuple[str, ...] = ()  # MkDocs not_in_nav patterns of its generated pages
    assets: tuple[str, ...] = ()  # CSS and JS under overrides/, e.g. "assets/xxgk/search.js"
    templates: Path | None = None  # a folder of Jinja templates joined to the site's one environment
    template_filters: dict[str, Callable[..., Any]] = field(default_factory=dict)
    template_globals: dict[str, Any] = field(default_factory=dict)
    post_build: tuple[PostStep, ...] = ()
    # Pages rendered after the post-build steps: (ctx) → the feature's late pages.
    late_pages: tuple[Callable[[BuildContext], list[LatePage]], ...] = ()
    # Joining what its ``in_parts`` steps wrote in the parts of a split build:
    # (the parts' site folders, the assembled site folder) → None.
    assemble: tuple[Callable[[list[Path], Path], None], ...] = ()


@dataclass(frozen=True)
class Features(Sequence[Feature]):
    """The features of one build, in order, with what the core asks of all of them."""

    all: tuple[Feature, ...] = field(default_factory=tuple)
    # each()'s answers: features are frozen, and it is asked ~3 times per item a build.
    _each: dict[str, tuple[Any, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        return self.all[index]

    def __len__(self) -> int:
        return len(self.all)

    def named(self, name: str) -> Feature | None:
        return next((f for f in self.all if f.name == name), None)

    def each(self, attribute: str) -> Iterable[Any]:
        """Every entry of a tuple attribute, feature by feature, in order."""
        found = self._each.get(attribute)
        if found is None:
            found = self._each[attribute] = tuple(entry for feature in self.all for entry in getattr(feature, attribute))
        return found

    def post_steps(self, in_parts: bool | None = None) -> list[PostStep]:
        """The post-build steps in order (``in_parts``: only those that do / do not run in parts)."""
        steps = [s for s in self.each("post_build") if in_parts is None or s.in_parts == in_parts]
        return sorted(steps, key=lambda step: step.order)

    def assets(self, suffix: str) -> list[str]:
        return [a for a in self.each("assets") if a.endswith(suffix)]


def load_features(names: Iterable[str] = FEATURES) -> Features:
    """The features named, in that order (imported by name: the core depends on none)."""
    return Features(tuple(importlib.import_module(f"generator.features.{name}").FEATURE for name in names))


@dataclass
class BuildContext:
    """The one per-build context: the loaded site, the features of this build
    and what the checks need (the YAML sources for line numbers, the git base
    of the published 索引号). Checks and page writers receive it."""

    site: Site
    features: Features = field(default_factory=Features)
    sources: dict[str, Source] = field(default_factory=dict)
    base_ref: str | None = None  # git ref holding the published 索引号; None = default

    @property
    def root(self) -> Path:
        return self.site.root

    @property
    def today(self) -> dt.date:
        return self.site.today

    def front(self, kind: str, obj: Any, html: bool = True) -> dict[str, Any]:
        """The features' extra front matter for a content page of ``kind``,
        with their per-page HTML under ``xxgk_head`` and ``xxgk_tail`` (unless
        ``html`` is false: the values only, for routing a page before rendering it)."""
        values = {k: v for fn in self.features.each("page_front") for k, v in fn(self.site, kind, obj).items()}
        if not html:
            return values
        for key, attribute in (("xxgk_head", "page_head"), ("xxgk_tail", "page_tail")):
            html = "".join(fn(self.site, kind, obj) for fn in self.features.each(attribute))
            if html:
                values[key] = html
        return values


CheckContext = BuildContext  # the checks' name for it: ``check(ctx: CheckContext) -> Problems``
