"""The only module that knows MkDocs: a ``hooks:`` adapter.

``mkdocs build`` / ``mkdocs serve`` load this file (see ``mkdocs.yml``). It
runs the xxgk core before MkDocs reads the docs folder, hands MkDocs the
generated nav, and after the build runs the post-build steps and publishes
the new site atomically. MkDocs 1.6 is the last release with hooks; keeping
them here keeps the rest of xxgk independent of it.
"""

from __future__ import annotations

import logging
import resource
import time
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup
from mkdocs.config import config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from generator import caches, postbuild, publish
from generator.build import Generated, generate
from generator.diagnostics import ContentError

log = logging.getLogger("mkdocs.xxgk")

@dataclass
class _Run:
    """What the adapter keeps between MkDocs events of one process."""

    command: str = "build"
    generated: Generated | None = None
    site_dir: Path | None = None  # where the site is published
    staging: Path | None = None  # where this build writes it first
    ready: bool = False  # every step succeeded: publish on shutdown
    post_built: bool = False  # the post-build steps ran once (a preview skips them afterwards)


_run = _Run()


def on_startup(command: str, dirty: bool) -> None:
    _run.command = command


def _apply(config: MkDocsConfig, settings: dict) -> None:
    """The settings the content and the features decide (see ``build.mkdocs_settings``)."""
    config.site_name = settings["site_name"]
    config.site_description = settings["site_description"]
    # A preview serves at the address `mkdocs serve` chose; a build uses the public one.
    if "site_url" in settings and _run.command != "serve":
        config.site_url = settings["site_url"]
    for key, value in settings.get("theme", {}).items():
        config.theme[key] = value
    config.nav = settings["nav"]
    config.extra["xxgk"] = settings["extra"]["xxgk"]
    # Features declare their CSS/JS and out-of-nav pages; mkdocs.yml holds only what an agency edits.
    config.extra_css = [*settings["extra_css"], *(c for c in config.extra_css if c not in settings["extra_css"])]
    ours = settings["extra_javascript"]
    config.extra_javascript = [*ours, *(s for s in config.extra_javascript if str(s) not in ours)]
    config.not_in_nav = config_options.PathSpec().validate(settings["not_in_nav"])


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    try:
        generated = generate(root, docs_dir=Path(config.docs_dir))
    except ContentError as exc:
        raise PluginError("内容检查未通过，网站没有生成：\n" + exc.problems.format()) from None
    for warning in generated.problems.warnings:
        log.warning(warning.format())
    _run.generated = generated
    _apply(config, generated.config)
    if _run.command == "serve":
        # MkDocs's live reload injects an inline script, which the policy would block.
        config.extra["xxgk"] = {**config.extra["xxgk"], "csp": ""}
    log.info(
        "xxgk: %d items; docs tree %d written, %d copied, %d removed, %d unchanged; %s",
        len(generated.site.items),
        generated.stats.written,
        generated.stats.copied,
        generated.stats.removed,
        generated.stats.unchanged,
        # Phase times, read by benchmarks/build_bench.py and useful when a preview feels slow.
        ", ".join(f"{phase} {seconds:.2f} s" for phase, seconds in generated.timings.items()),
    )
    if _run.command in ("build", "gh-deploy"):
        site_dir = Path(config.site_dir)
        staging = publish.staging_dir(site_dir)
        for stale in publish.clean_stale(site_dir):
            log.info("xxgk: removed %s, left by a build that was killed", stale.name)
        publish.discard(staging)
        _run.site_dir, _run.staging, _run.ready = site_dir, staging, False
        config.site_dir = str(staging)
    return config


_fragments: dict[tuple[str, ...], Markup] = {}
caches.register(_fragments.clear)


def _cached(*key: str, caller) -> Markup:  # type: ignore[no-untyped-def]
    """``{% call xxgk_cached(...) %}``: render a template fragment once per key."""
    if key not in _fragments:
        _fragments[key] = Markup(caller())
    return _fragments[key]


def on_env(env, config: MkDocsConfig, files):  # type: ignore[no-untyped-def]
    # A fresh cache per build: in `mkdocs serve` the nav may change between builds.
    _fragments.clear()
    env.globals["xxgk_cached"] = _cached
    return env


def on_post_build(config: MkDocsConfig) -> None:
    generated = _run.generated
    assert generated is not None  # on_config ran
    # Peak memory of MkDocs itself, before post-build steps start their own processes.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if _run.command == "serve" and _run.post_built:
        # A preview rebuild after an edit: the search index and the link check of
        # the whole site would take most of the wait (tens of seconds at 10 000
        # items). They ran on the first preview build and run on every mkdocs build.
        log.info("xxgk: preview rebuild, post-build steps skipped (MkDocs peak memory %.0f MB)", peak_mb)
        _run.ready = True
        return
    _run.post_built = True
    start = time.perf_counter()
    problems = postbuild.run(generated.ctx, Path(config.site_dir))
    log.info("xxgk: post-build steps %.2f s (MkDocs peak memory %.0f MB)", time.perf_counter() - start, peak_mb)
    for warning in problems.warnings:
        log.warning(warning.format())
    if problems.errors:
        raise PluginError("生成后的网站检查未通过：\n" + problems.format())
    _run.ready = True


def on_build_error(error: Exception) -> None:
    _run.ready = False
    if _run.staging is not None:
        publish.discard(_run.staging)


def on_shutdown() -> None:
    staging, site_dir = _run.staging, _run.site_dir
    if staging is None or site_dir is None:
        return
    if _run.ready and staging.exists():
        publish.swap_in(staging, site_dir)
        log.info("xxgk: published to %s", site_dir)
    else:
        publish.discard(staging)


def on_serve(server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
    # The docs folder is our output: watching it would rebuild twice per edit.
    # content/ and overrides/ are watched through `watch:` in mkdocs.yml.
    server.unwatch(config.docs_dir)
    return server
