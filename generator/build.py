"""The core pipeline: content/ → model → checks → docs tree on disk.

Nothing here knows about MkDocs; ``mkdocs_hooks.py`` calls :func:`generate`
and the CLI calls :func:`load_and_check` and :func:`generate`. The features
of a build are loaded by name (``generator.feature.FEATURES``, minus those
site.yml switches off): the pipeline imports none of them.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import time
from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import buildcache, caches, diskmemo, identity
from .checks import run_checks
from .dates import today_from
from .diagnostics import ContentError, Problems
from .docs_tree import SyncStats
from .feature import FEATURES, BuildContext, load_features
from .fill import Plan, plan
from .loader import load_site
from .markup import theme_text
from .model import Site
from .pages import render_site
from .pages.env import cache_bytecode
from .pages.nav import assets, feature_entries, nav, nav_urls, not_in_nav, sidenav
from .security import content_security_policy

BUILD_DIR = "build"  # git-ignored; holds the generated docs tree
DOCS_DIR = "docs"
JINJA_CACHE = "cache/jinja"  # compiled templates (pages/env.py cache_bytecode)
STATIC_DIR = "static"  # the files that are not pages, when the adapter places them (docs_tree.place)


@dataclass
class Generated:
    ctx: BuildContext
    problems: Problems
    docs_dir: Path
    config: dict[str, Any]  # nav, extra, extra_css, extra_javascript, not_in_nav for MkDocs
    stats: SyncStats
    timings: dict[str, float] = field(default_factory=dict)
    plan: Plan = field(default_factory=Plan)  # the pages rendered from shells after the engine
    static_dir: Path | None = None  # where the files that are not pages were synced, if not into docs_dir
    static_files: list[str] = field(default_factory=list)  # their paths (docs_tree.place links them into the site)
    static_inodes: Sequence[int] = ()  # their inodes as the sync left them (DocsTree.inodes_of; -1: not known)

    @property
    def site(self) -> Site:
        return self.ctx.site


def check(
    root: Path,
    today: dt.date | None = None,
    base_ref: str | None = None,
    features: Iterable[str] | None = None,
    looks: MutableMapping[str, os.stat_result] | None = None,
) -> tuple[BuildContext, Problems]:
    """Load content with the build's features and run every check; never raises on bad content.
    ``looks``: the content files' status as the build cache saw it (:func:`~generator.loader.load_site`)."""
    site, problems, sources = load_site(root, looks)
    site.today = today or today_from()
    if not site.config.usable:
        # site.yml missing or unreadable: every other check would judge the content against
        # default columns and no 索引号 rule. Its error, and the files that cannot be read, only.
        kept = [p for p in problems.items if p.rule == "source.syntax" or p.path.endswith("site.yml")]
        return BuildContext(site=site, sources=sources, base_ref=base_ref), Problems(kept)
    names = [name for name in (FEATURES if features is None else features) if site.config.enabled(name)]
    ctx = BuildContext(site=site, features=load_features(names), sources=sources, base_ref=base_ref)
    for feature in ctx.features:
        if feature.load is not None:
            feature.load(site, problems)
    problems.extend(run_checks(ctx))
    return ctx, problems


def load_and_check(root: Path, today: dt.date | None = None, base_ref: str | None = None) -> tuple[Site, Problems]:
    """:func:`check`, for callers that need only the site."""
    ctx, problems = check(root, today, base_ref)
    return ctx.site, problems


def site_extra(ctx: BuildContext) -> dict[str, Any]:
    """What the theme overrides need, placed under ``extra.xxgk`` in the config.
    MkDocs's templates do not autoescape, so every text is escaped here, once."""
    site = ctx.site
    config = site.config
    images = identity.images(site.root, config)
    return {
        "agency": theme_text(config.agency_name),
        "site_name": theme_text(identity.site_name(config)),
        "site_url": theme_text(config.site_url),  # site.yml's (a preview serves under its own address)
        "emblem": images["emblem"].url if "emblem" in images else "",
        "conac": images["conac"].url if "conac" in images else "",
        # The plain texts of the footer, and where its 备案 numbers, mark and 找错 link lead.
        "footer": {key: theme_text(value) for key, value in config.footer.items() if isinstance(value, str)},
        "links": {key: theme_text(url) for key, url in identity.footer(config).items() if url},
        "language": theme_text(config.language),
        "features": [f.name for f in ctx.features],  # templates link a feature's pages only when it is on
        "sidenav": sidenav(ctx),
        "allowed_hosts": list(config.allowed_hosts),  # host names (schema pattern): nothing to escape
        "csp": theme_text(content_security_policy(config.allowed_hosts)),
    }


def mkdocs_settings(ctx: BuildContext) -> dict[str, Any]:
    """The MkDocs settings the content and the features decide (the rest is mkdocs.yml's)."""
    config = ctx.site.config
    images = identity.images(ctx.site.root, config)
    # The agency's identity: mkdocs.yml holds none (Material prints these raw: escaped once here).
    own: dict[str, Any] = {
        "site_name": theme_text(identity.site_name(config)),
        "site_description": theme_text(identity.description(config)),
    }
    if config.site_url:
        own["site_url"] = config.site_url
    if "favicon" in images:
        own["theme"] = {"favicon": images["favicon"].url}
    return {
        **own,
        "nav": nav(ctx, feature_entries(ctx)),
        "extra": {"xxgk": site_extra(ctx)},
        "extra_css": assets(ctx, ".css"),
        "extra_javascript": assets(ctx, ".js"),
        "not_in_nav": "\n".join(not_in_nav(ctx)),
    }


def generate(
    root: Path,
    docs_dir: Path | None = None,
    today: dt.date | None = None,
    base_ref: str | None = None,
    strict: bool = True,
    features: Iterable[str] | None = None,
    shells: bool = False,
    static_dir: Path | None = None,
    code_version: str | None = None,
    looks: MutableMapping[str, os.stat_result] | None = None,
) -> Generated:
    """Check the content and write the docs tree. Raises :class:`ContentError`
    (with every problem) when there are errors and ``strict`` is set.
    ``shells``: leave the pages out of the navigation to shells (``fill.py``),
    which the caller renders after the engine; else every page is Markdown.
    ``static_dir``: sync the files that are not pages there, for the caller to
    place into the built site (else they go into the docs tree, for the engine to copy).
    ``code_version``: the build cache's (``buildcache.code_version``), not computed again."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    with _model_kept():
        ctx, problems = check(root, today, base_ref, features, looks)
    if code_version is not None:
        buildcache.put_code_version(ctx.site, code_version)
    timings["load_and_check"] = time.perf_counter() - start
    if strict and problems.errors:
        raise ContentError(problems)
    start = time.perf_counter()
    cache_bytecode(root / BUILD_DIR / JINJA_CACHE)
    tree = render_site(ctx)
    settings = mkdocs_settings(ctx)
    routed = plan(ctx, tree, nav_urls(settings["nav"]), shells)
    timings["render"] = time.perf_counter() - start
    docs_dir = docs_dir or root / BUILD_DIR / DOCS_DIR
    start = time.perf_counter()
    stats = tree.sync(docs_dir, static_dir)
    timings["sync"] = time.perf_counter() - start
    statics = tree.static_paths() if static_dir is not None else []
    inodes = tree.inodes_of(statics)
    # The tree's texts (listings, per-item JSON, catalogues) are on disk now: give their memory back.
    del tree
    caches.release_memory()
    _write_engine_config(docs_dir.parent, settings)
    return Generated(ctx, problems, docs_dir, settings, stats, timings, routed, static_dir, statics, inodes)


_FEW_MADE = 200  # results made afresh (files parsed, fields rendered, checks run) below which no pass is made


@contextmanager
def _model_kept() -> Iterator[None]:
    """Load and check without the cyclic garbage collector, then collect once and exempt
    what is left (the model, alive to the end of the build) from its later passes: the
    model's millions of objects made each full pass cost ~0.08 s, seven times a build
    (0.6 s of a one-edit rebuild at 10 000 items). The one pass frees the cycles that
    loading made (a cold build parses every file), so they are neither kept nor frozen.
    A preview builds again in the same process: the last build's model is handed back
    to the collector first, so what it leaves in cycles is still freed."""
    earlier = gc.get_freeze_count()  # a preview's last model, garbage now
    gc.unfreeze()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # The first build of a process that made few results from scratch left little in
        # cycles: the pass (~0.05 s at 10 000 items, a scan of the whole model) is skipped, and
        # what it would free stays until the process ends or a preview's next build collects it.
        if earlier or not diskmemo.active() or diskmemo.made() > _FEW_MADE:
            gc.collect()
        gc.freeze()
        if enabled:
            gc.enable()


def _write_engine_config(build_dir: Path, settings: dict[str, Any]) -> None:
    """``build/mkdocs.yml``: the generated settings on top of the project's
    config, for engines that run no hooks (Zensical, ``mkdocs build -f``)."""
    # Paths in the inherited file resolve against build/: point them back at the project.
    theme = {"custom_dir": "../overrides", **settings.get("theme", {})}
    lines = [
        "# Generated by xxgk: do not edit. Build with: mkdocs build -f build/mkdocs.yml",
        "INHERIT: ../mkdocs.yml",
        "docs_dir: docs",
        "site_dir: ../site",
        "hooks: []",
        "watch: [../content, ../overrides]",
        # JSON is YAML: every value quoted safely.
        f"theme: {json.dumps(theme, ensure_ascii=False)}",
        *(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in settings.items() if key != "theme"),
    ]
    text = "\n".join(lines) + "\n"
    path = build_dir / "mkdocs.yml"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
