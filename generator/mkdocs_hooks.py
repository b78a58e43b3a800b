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
from mkdocs import utils
from mkdocs.config import config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from generator import caches, postbuild, preview, publish
from generator.build import Generated, generate
from generator.diagnostics import ContentError, Problems

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
    root: Path | None = None
    problems: Problems | None = None  # serve: the errors the preview shows instead of pages
    nav: list | None = None  # serve: the last build's nav (pages built before a change would keep the old one)


_run = _Run()


def on_startup(command: str, dirty: bool) -> None:
    _run.command = command
    if dirty:
        # xxgk writes only the changed files of the docs tree, MkDocs rebuilds the pages whose
        # file changed, and a change of the navigation rebuilds every page (on_config): the
        # warning that a dirty build may leave navigation stale does not apply.
        logging.getLogger("mkdocs.commands.build").addFilter(
            lambda record: not str(record.msg).startswith("A 'dirty' build is being performed")
        )


def _apply(config: MkDocsConfig, settings: dict) -> None:
    """The settings the content and the features decide (see ``build.mkdocs_settings``)."""
    config.nav = settings["nav"]
    config.extra["xxgk"] = settings["extra"]["xxgk"]
    # Features declare their CSS/JS and out-of-nav pages; mkdocs.yml holds only what an agency edits.
    config.extra_css = [*settings["extra_css"], *(c for c in config.extra_css if c not in settings["extra_css"])]
    ours = settings["extra_javascript"]
    config.extra_javascript = [*ours, *(s for s in config.extra_javascript if str(s) not in ours)]
    config.not_in_nav = config_options.PathSpec().validate(settings["not_in_nav"])


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    _run.root = root
    try:
        generated = generate(root, docs_dir=Path(config.docs_dir))
    except ContentError as exc:
        if _run.command != "serve":
            raise PluginError("内容检查未通过，网站没有生成：\n" + exc.problems.format()) from None
        return _show_problems(config, exc.problems)
    _run.problems = None
    for warning in generated.problems.warnings:
        log.warning(warning.format())
    _run.generated = generated
    _apply(config, generated.config)
    if _run.command == "serve":
        # MkDocs's live reload injects an inline script, which the policy would block.
        config.extra["xxgk"] = {**config.extra["xxgk"], "csp": ""}
        if _run.nav is not None and config.nav != _run.nav:
            utils.clean_directory(config.site_dir)  # every page shows the navigation: rebuild them all
        _run.nav = config.nav
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


def _show_problems(config: MkDocsConfig, problems: Problems, what: str = "内容检查未通过") -> MkDocsConfig:
    """A preview build of content with errors: MkDocs builds nothing (``on_files``), the
    server answers every page with the error page (``preview.wsgi`` in ``on_serve``), and
    the terminal lists every problem on every rebuild (our logger: MkDocs's filter of
    repeated messages sits on its build logger only)."""
    _run.problems = problems
    config.theme.static_templates = set()  # 404.html and sitemap.xml need the content's settings
    log.error(f"{what}，预览页显示这些问题，改好并保存后自动刷新：\n" + problems.format())
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    return Files([]) if _run.problems is not None else files


def on_post_build(config: MkDocsConfig) -> None:
    if _run.problems is not None:
        return  # the preview shows the content's errors; nothing was built
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
    start = time.perf_counter()
    problems = postbuild.run(generated.ctx, Path(config.site_dir))
    log.info("xxgk: post-build steps %.2f s (MkDocs peak memory %.0f MB)", time.perf_counter() - start, peak_mb)
    for warning in problems.warnings:
        log.warning(warning.format())
    if problems.errors and _run.command == "serve":
        _show_problems(config, problems, "生成后的网站检查未通过")  # e.g. a broken link: shown like content errors, checked again next time
        return
    if problems.errors:
        raise PluginError("生成后的网站检查未通过：\n" + problems.format())
    _run.post_built = True
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
    # While content has errors every page is the error page (generator/preview.py). Its reload
    # script waits on the epoch of the build the server shows (MkDocs keeps it in this attribute).
    server.set_app(preview.wsgi(server.get_app(), lambda: _run.problems, lambda: server._visible_epoch, _run.root))
    return server
