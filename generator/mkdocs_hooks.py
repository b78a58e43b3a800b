"""The only module that knows MkDocs: a ``hooks:`` adapter.

``mkdocs build`` / ``mkdocs serve`` load this file (see ``mkdocs.yml``). It
runs the xxgk core before MkDocs reads the docs folder, hands MkDocs the
generated nav, and after the build runs the post-build steps and publishes
the new site atomically. MkDocs 1.6 is the last release with hooks; keeping
them here keeps the rest of xxgk independent of it.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import resource
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from mkdocs import utils
from mkdocs.config import config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.toc import get_toc

from generator import (
    buildcache,
    caches,
    diskmemo,
    docs_tree,
    fast_render,
    fill,
    postbuild,
    preview,
    publish,
    sitemap,
    sitetree,
    split,
)
from generator.build import BUILD_DIR, DOCS_DIR, JINJA_CACHE, STATIC_DIR, Generated, generate
from generator.dates import today_from
from generator.diagnostics import ContentError, Problems
from generator.files import walk
from generator.pages.env import cache_bytecode
from generator.pages.html import Headings
from generator.shell import PLACEHOLDER

SHELLS_ENV = "XXGK_SHELLS"  # "0": every page through MkDocs (the reference the shell tests compare with)
# The toc settings the core reproduces when it renders pages itself (pages/html.py).
_TOC_FOLLOWED = {"slugify", "separator", "permalink", "title"}

log = logging.getLogger("mkdocs.xxgk")

@dataclass
class _Run:
    """What the adapter keeps between MkDocs events of one process."""

    command: str = "build"
    generated: Generated | None = None
    site_dir: Path | None = None  # where the site is published
    staging: Path | None = None  # where MkDocs writes this build's pages (the whole site when there is no spare)
    spare: Path | None = None  # the older tree this build brings up to date, taken from publish.take_spare
    ready: bool = False  # every step succeeded: publish on shutdown
    post_built: bool = False  # the post-build steps ran once (a preview skips them afterwards)
    engine: fill.Engine = field(default_factory=fill.Engine)
    cache: buildcache.BuildCache | None = None  # `mkdocs build` only: the preview keeps its own
    part: split.Part = field(default_factory=split.Part)  # a part of a split build, or its assembly
    root: Path | None = None
    problems: Problems | None = None  # serve: the errors the preview shows instead of pages
    nav: list | None = None  # serve: the last build's nav (pages built before a change would keep the old one)
    pages_key: str = ""  # `mkdocs build`: what every MkDocs page's HTML depends on besides its own source
    reused: dict[str, Path] = field(default_factory=dict)  # src_uri → the published page (or kept shell) it equals
    shell_keys: dict[str, str] = field(default_factory=dict)  # src_uri → digest, of the shells MkDocs renders this build
    relink: list[tuple[Path, Path]] = field(default_factory=list)  # (page's place, published page): linked after MkDocs
    kept_shells: dict[str, Path] = field(default_factory=dict)  # shell URL → its kept HTML (fill.compile_shells reads it there)
    unwritten: set[str] = field(default_factory=set)  # src_uri of the reused pages MkDocs skips (_quiet_skips)
    pages_reused: int = 0
    dirty: bool = False  # serve --dirty: the served folder is rebuilt in place, never emptied first
    served: fast_render.Served | None = None  # serve: the last good build, for fast renders
    changed: set[str] = field(default_factory=set)  # serve: files the watcher saw change since the last build
    lock: threading.Lock = field(default_factory=threading.Lock)  # the watcher's thread adds to ``changed``
    written: int = 0  # serve: files the last build wrote (docs tree, filled pages): 0, and its pages are as they were
    # serve, saves while a rebuild runs (``_render_fast``): rendered at once by the early thread
    behind_fast: bool = False  # the running rebuild follows a fast render: its pages are being served
    fast_lock: threading.Lock = field(default_factory=threading.Lock)  # one fast render at a time (they edit ``served``)
    rendered_early: dict[str, tuple[int, int]] = field(default_factory=dict)  # file → (mtime, size) rendered early
    early_problems: Problems | None = None  # a save during a rebuild that its own checks refuse
    rebuilds: int = 0  # rebuilds started: a pin made while rebuild n runs lasts until rebuild n + 1 is over
    pins: dict[str, tuple[int, bytes]] = field(default_factory=dict)  # URL → (rebuilds then, page) (``preview.wsgi``)


_run = _Run()


def on_startup(command: str, dirty: bool) -> None:
    _run.command = command
    _run.dirty = dirty
    caches.keep_between_builds(command == "serve")
    logging.getLogger("mkdocs.commands.build").addFilter(_quiet_skips)
    if dirty:
        # xxgk writes only the changed files of the docs tree, MkDocs rebuilds the pages whose
        # file changed, and a change of the navigation rebuilds every page (on_config): the
        # warning that a dirty build may leave navigation stale does not apply.
        logging.getLogger("mkdocs.commands.build").addFilter(
            lambda record: not str(record.msg).startswith("A 'dirty' build is being performed")
        )


def _quiet_skips(record: logging.LogRecord) -> bool:
    """MkDocs logs each page it writes nothing for; a reused page is written by us (on_post_page)."""
    message = str(record.msg)
    if not message.startswith(_SKIPPED):
        return True
    return message[len(_SKIPPED) :].partition("'")[0] not in _run.unwritten


_SKIPPED = "Page skipped: '"  # mkdocs/commands/build.py, _build_page: "Page skipped: '<src_uri>'. Generated empty output."


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


def _engine(config: MkDocsConfig) -> fill.Engine | None:
    """What the core needs to render pages as MkDocs would, or None when the
    Markdown settings ask for what it does not reproduce (then MkDocs renders every page)."""
    toc = config.mdx_configs.get("toc", {})
    if set(toc) - _TOC_FOLLOWED or toc.get("permalink") or os.environ.get(SHELLS_ENV) == "0":
        return None
    headings = Headings(**{k: toc[k] for k in ("slugify", "separator") if k in toc})
    return fill.Engine(headings)


class _ThemeLoader(jinja2.FileSystemLoader):
    """The theme's loader, listing its files without entering hidden folders. MkDocs lists
    every file of the theme to copy the static ones and drops each hidden path (``.*``,
    ``*/.*``); Material's ``.icons`` alone are ~14 000 files, listed and matched against
    each pattern on every build (~0.05 s). What MkDocs copies is the same."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                dirnames[:] = [name for name in dirnames if not name.startswith(".")]
                prefix = os.path.relpath(dirpath, searchpath).replace(os.sep, "/")
                found.update(name if prefix == "." else f"{prefix}/{name}" for name in filenames)
        return sorted(found)


def _theme_without_hidden_folders(config: MkDocsConfig) -> None:
    theme = config.theme
    get_env = type(theme).get_env

    def env() -> jinja2.Environment:
        made = get_env(theme)
        made.loader = _ThemeLoader(theme.dirs)  # get_env's own loader is a FileSystemLoader of the same folders
        return made

    theme.get_env = env  # type: ignore[method-assign]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Absolute: with `-f mkdocs.yml` MkDocs keeps the path as typed (click opens the file), and
    # paths under the root reach the build cache's keys (the emblem's, in every item page's),
    # so `mkdocs build -f mkdocs.yml` and a build by full path made each other's next build a
    # full one (issue 11: every item page rendered and every search shard indexed again).
    root = Path(os.path.abspath(config.config_file_path)).parent
    _theme_without_hidden_folders(config)
    _run.root = root
    # mkdocs.yml names an existing folder (MkDocs refuses a missing one before
    # any hook runs); the generated tree goes to build/docs, created if missing.
    config.docs_dir = str(root / BUILD_DIR / DOCS_DIR)
    engine = _engine(config)
    _run.engine = engine or fill.Engine()
    _run.cache = None
    try:
        _run.part = split.from_env(root)
    except split.PartError as exc:
        raise PluginError(str(exc)) from None
    if (_run.part.split or _run.part.assemble) and engine is None:
        raise PluginError("分段构建需要由外壳生成信息页面（mkdocs.yml 的 toc 设置不支持，或设置了 XXGK_SHELLS=0）")
    # A split build's parts and their assembly do not use the cache (their inputs include other machines' work).
    if _run.command in ("build", "gh-deploy") and not (_run.part.split or _run.part.assemble):
        cache = buildcache.BuildCache.open(root / BUILD_DIR, root, Path(config.site_dir), today_from().isoformat())
        if cache.unchanged:
            # Nothing the build reads changed since site/ was built: it is current.
            # SystemExit(0) ends `mkdocs build` successfully before MkDocs renders anything.
            log.info("xxgk: nothing changed since the last build; %s is current", config.site_dir)
            raise SystemExit(0)
        _run.cache = cache
    try:
        # Files that are not pages bypass MkDocs: linked into the site in on_post_build.
        static_dir = root / BUILD_DIR / STATIC_DIR
        version = _run.cache.version if _run.cache is not None else None
        looks = _run.cache.looks if _run.cache is not None else None  # the cache's look at content/: the loader's too
        generated = generate(
            root, docs_dir=Path(config.docs_dir), shells=engine is not None, static_dir=static_dir, code_version=version, looks=looks
        )
    except ContentError as exc:
        if _run.command != "serve":
            raise PluginError("内容检查未通过，网站没有生成：\n" + exc.problems.format()) from None
        return _show_problems(config, exc.problems)
    _run.problems = None
    _run.written = generated.stats.written + generated.stats.copied + generated.stats.removed
    for warning in generated.problems.warnings:
        log.warning(warning.format())
    _run.generated = generated
    split.attach(generated.site, _run.part)
    if _run.cache is not None:
        buildcache.attach(generated.site, _run.cache)
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
    if diskmemo.active():
        log.info("xxgk: %s", diskmemo.stats())
    if _run.command in ("build", "gh-deploy"):
        site_dir = Path(config.site_dir)
        staging = publish.staging_dir(site_dir)
        for stale in publish.clean_stale(site_dir):
            log.info("xxgk: tidied %s, left by a build that was killed", stale.name)
        publish.discard(staging)
        # MkDocs empties the folder it is given, so it gets a new one for its few hundred
        # files, which join the older tree after it (_site_tree). A split build's parts and
        # their assembly start from an empty tree: they have no cache to reuse pages from.
        spare = publish.take_spare(site_dir) if _run.cache is not None else None
        _run.site_dir, _run.staging, _run.spare, _run.ready = site_dir, staging, spare, False
        config.site_dir = str(staging)
    return config


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
    if _run.problems is not None:
        return Files([])
    _run.reused, _run.relink, _run.pages_reused, _run.shell_keys = {}, [], 0, {}
    _run.kept_shells, _run.unwritten = {}, set()
    if _run.cache is not None and _run.generated is not None:
        # A page's HTML is a function of its source and of what every page shares: the
        # settings the content decides (nav, extra, CSS/JS, site name/URL: the nav's titles,
        # prev/next links), the pages that exist (its links), and the code, theme and
        # mkdocs.yml (the cache's version: a change of them leaves nothing reusable).
        pages = sorted(f.src_uri for f in files.documentation_pages())
        _run.pages_key = buildcache.digest(_run.generated.config, config.site_url, config.site_name, pages)
    return files


def on_page_markdown(markdown: str, page, config: MkDocsConfig, files: Files) -> str:  # type: ignore[no-untyped-def]
    """`mkdocs build`: a page whose source and shared inputs are those of the published
    build is not converted again (the catalogue listings are ~50 KB of HTML each); its
    published HTML is written instead (``on_post_page``)."""
    cache = _run.cache
    if cache is None or not _run.pages_key:
        return markdown
    # The Markdown by a hash of its bytes: ``digest`` takes the repr of what it is given, and the
    # repr of ~200 pages' Markdown (3 MB at 10 000 items) cost ~0.03 s more a build.
    text = hashlib.blake2b(markdown.encode("utf-8", "surrogateescape"), digest_size=16).digest()
    key = buildcache.digest(_run.pages_key, page.file.src_uri, page.meta, text)
    if PLACEHOLDER in page.file.src_uri:  # a shell: kept in the cache, since it never reaches the site
        previous = cache.shell(key)
        if previous is None:
            _run.shell_keys[page.file.src_uri] = key  # kept once MkDocs has rendered it (on_post_page)
            return markdown
    elif (previous := cache.reusable(page.url, key)) is None:
        return markdown
    _run.reused[page.file.src_uri] = Path(previous)
    _run.pages_reused += 1
    page.meta["template"] = _REUSED_TEMPLATE  # nothing to render either: on_post_page returns the published HTML
    # Nor to convert: what ``Page.render`` makes of "" (a Markdown converter with every
    # extension, made for each page: ~0.5 ms, ~0.1 s of a rebuild), set at once.
    page.render = functools.partial(_render_nothing, page)
    return ""


_REUSED_TEMPLATE = "xxgk-reused.html"


def _render_nothing(page, config: MkDocsConfig, files: Files) -> None:  # type: ignore[no-untyped-def]
    """``Page.render`` of the empty Markdown (MkDocs 1.6.1, its last release): no content, no
    table of contents, no title from a heading, no anchors and no links to any."""
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


def on_env(env, config: MkDocsConfig, files: Files):  # type: ignore[no-untyped-def]
    # The empty template of the pages reused above (MkDocs honours a page's `template:`).
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({_REUSED_TEMPLATE: "reused"}), env.loader])
    if _run.root is not None:  # the theme's templates, compiled once (the core's own are kept the same way)
        cache_bytecode(_run.root / BUILD_DIR / JINJA_CACHE / "theme", env)
    return env


def on_post_page(output: str, page, config: MkDocsConfig) -> str:  # type: ignore[no-untyped-def]
    # MkDocs keeps every page, with its Markdown and HTML, to the build's end, and nothing
    # reads them once the page is rendered (its anchors, for MkDocs's own link check, are
    # kept apart): not held through the search index (issue 11: every process together).
    page.markdown = page.content = None
    previous = _run.reused.pop(page.file.src_uri, None)
    if previous is None:
        if (key := _run.shell_keys.pop(page.file.src_uri, None)) is not None and _run.cache is not None:
            _run.cache.keep_shell(key, output)
        return output
    # Nothing for MkDocs to write (it skips an empty page): a shell is read where it is kept
    # (fill.compile_shells), a page is linked from the published site (_site_tree). Writing
    # ~250 stand-ins into MkDocs's new folder, and removing them, cost ~0.15 s a rebuild.
    if PLACEHOLDER in page.file.src_uri:
        _run.kept_shells[page.url] = previous
    else:
        _run.relink.append((Path(page.file.abs_dest_path), previous))
    _run.unwritten.add(page.file.src_uri)
    return ""


def _site_tree(generated: Generated, built: Path) -> sitetree.SiteTree:
    """The tree this build's site goes into: the spare brought up to date, with MkDocs's
    files moved in from the folder it built (``built``), or that folder itself."""
    fill.compile_shells(generated.plan, built, _run.kept_shells)  # the shells never reach the site
    if _run.spare is None:
        tree = sitetree.SiteTree.at(built)
    else:
        tree = sitetree.SiteTree.spare(_run.spare)
        for dirpath, prefix, _dirnames, filenames in walk(str(built)):  # what MkDocs wrote
            for name in filenames:
                tree.move(os.path.join(dirpath, name), prefix + name)
        publish.discard(built)
        _run.staging = _run.spare
    for dest, previous in _run.relink:  # the pages MkDocs did not write: the published files themselves
        tree.link(str(previous), os.path.relpath(dest, built))
    return tree


def on_post_build(config: MkDocsConfig) -> None:
    if _run.problems is not None:
        return  # the preview shows the content's errors; nothing was built
    generated = _run.generated
    assert generated is not None  # on_config ran
    # Peak memory of MkDocs itself, before post-build steps start their own processes.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    tree = _site_tree(generated, Path(config.site_dir))
    site_dir = Path(tree.root)
    sitetree.attach(generated.site, tree)
    if generated.static_dir is not None:
        placed = docs_tree.place(generated.static_dir, generated.static_files, tree, generated.static_inodes)
        generated.static_inodes = ()
        log.info("xxgk: static files %d, %d linked into the site in %.2f s", len(generated.static_files), placed, time.perf_counter() - start)
    if _run.pages_reused:
        log.info("xxgk: MkDocs pages: %d unchanged since the published build (not converted again)", _run.pages_reused)
    start = time.perf_counter()
    part = _run.part
    stats = fill.fill_pages(generated.plan, tree, _run.engine, _run.cache, split.page_filter(generated.site, part))
    _run.written += stats.rendered
    # What the older tree held and this build does not make goes before the steps read the
    # site (the link check walks it), but for the folders steps bring up to date themselves.
    pruned = tree.prune(keep=tuple(f"{step.folder}/" for step in generated.ctx.features.post_steps() if step.folder))
    log.info(
        "xxgk: shell pages %d rendered, %d unchanged, %.1f MB written in %.2f s (%d shells)",
        stats.rendered,
        stats.linked,
        stats.bytes / 1e6,
        time.perf_counter() - start,
        len(generated.plan.shells),
    )
    if _run.spare is not None:
        log.info("xxgk: the last site's tree brought up to date: %d files kept, %d linked anew, %d removed", tree.kept, tree.linked, pruned)
    # What MkDocs's pages and the filling held goes back to the system (glibc keeps freed
    # memory for reuse): the post-build steps run Pagefind beside this process. The memo stays
    # open to the end: staging the search pages reads items' rendered Markdown from it (saved
    # before Pagefind, a cold build rendered every body again: +5 s at 10 000 items).
    caches.release_memory()
    if _run.command == "serve" and _run.post_built:
        _preview_rebuild(generated, site_dir, peak_mb)
        _keep_for_fast_render(generated, site_dir)
        return
    if part.split:
        _finish_part(generated, site_dir, peak_mb)
        return
    if part.assemble:
        added = split.merge(part.assemble, site_dir)
        for join in generated.ctx.features.each("assemble"):
            join(list(part.assemble), site_dir)
        log.info("xxgk: assembled %d files from %d parts", added, len(part.assemble))
    sitemap.complete(generated.site, generated.plan, site_dir)
    start = time.perf_counter()
    problems = postbuild.run(generated.ctx, site_dir, in_parts=False if part.assemble else None)
    log.info("xxgk: post-build steps %.2f s (MkDocs peak memory %.0f MB)", time.perf_counter() - start, peak_mb)
    if problems.errors and _run.command == "serve":
        # e.g. a broken link: shown like content errors, checked again next time
        _show_problems(config, problems, "生成后的网站检查未通过")
        return
    _raise_on_errors(problems)
    fill.fill_late(generated.plan, tree, _run.engine)
    tree.prune()  # what the steps' own folders held and they did not keep
    if diskmemo.active():  # with the post-build steps' (staging the search pages reads rendered Markdown)
        log.info("xxgk: in all, %s", diskmemo.stats())
    _run.post_built = True
    _run.ready = True
    if _run.command == "serve":
        _keep_for_fast_render(generated, site_dir)


def _keep_for_fast_render(generated: Generated, site_dir: Path) -> None:
    """A preview's good build: what an edit of an item's file needs to show at once (``on_serve``)."""
    if _run.dirty and generated.plan.enabled:
        _run.served = fast_render.Served.of(generated.ctx, generated.plan, _run.engine, site_dir)


def _preview_rebuild(generated: Generated, site_dir: Path, peak_mb: float) -> None:
    """A preview rebuild after an edit (``mkdocs serve``): the changed pages are
    already written; the search index and the link check of the whole site would
    take most of the wait (tens of seconds at 10 000 items). They ran on the
    first preview build and run on every ``mkdocs build``."""
    log.info("xxgk: preview rebuild, post-build steps skipped (MkDocs peak memory %.0f MB)", peak_mb)
    fill.fill_late(generated.plan, sitetree.SiteTree.at(site_dir), _run.engine)
    _run.ready = True


def _raise_on_errors(problems) -> None:  # type: ignore[no-untyped-def]
    for warning in problems.warnings:
        log.warning(warning.format())
    if problems.errors:
        raise PluginError("生成后的网站检查未通过：\n" + problems.format())


def _finish_part(generated: Generated, site_dir: Path, peak_mb: float) -> None:
    """A part of a split build: its steps on its own pages, then keep only what it contributes."""
    part = _run.part
    split.prune_items(site_dir, generated.site, split.own_items(generated.site, part))
    if (tree := sitetree.of(generated.site, site_dir)) is not None:
        tree.forget()  # removed outside the tree: what it says of pages and files is not to be taken
    start = time.perf_counter()
    problems = postbuild.run(generated.ctx, site_dir, in_parts=True)
    log.info("xxgk: part %d/%d: steps %.2f s (MkDocs peak memory %.0f MB)", part.index, part.count, time.perf_counter() - start, peak_mb)
    _raise_on_errors(problems)
    split.prune(site_dir)
    _run.ready = True


def on_build_error(error: Exception) -> None:
    _run.ready = False
    _abandon()


def _abandon() -> None:
    """A build that did not succeed: the published site stays; the tree it was bringing up
    to date is the spare again (whatever it holds now, the next build compares it afresh)."""
    if _run.staging is not None and _run.staging != _run.spare:
        publish.discard(_run.staging)
    if _run.spare is not None and _run.site_dir is not None:
        publish.keep_spare(_run.spare, _run.site_dir)
    _run.staging = _run.spare = None


def on_shutdown() -> None:
    staging, site_dir = _run.staging, _run.site_dir
    if staging is None or site_dir is None:
        return
    if _run.ready and staging.exists():
        publish.swap_in(staging, site_dir)
        log.info("xxgk: published to %s", site_dir)
        if _run.cache is not None:
            _run.cache.save(site_dir)
        _run.staging = _run.spare = None
    else:
        _abandon()


def on_serve(server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
    # The docs folder is our output: watching it would rebuild twice per edit.
    # content/ and overrides/ are watched through `watch:` in mkdocs.yml.
    server.unwatch(config.docs_dir)
    # While content has errors every page is the error page (generator/preview.py). Its reload
    # script waits on the epoch of the build the server shows (MkDocs keeps it in this attribute).
    server.set_app(preview.wsgi(server.get_app(), _shown_problems, lambda: server._visible_epoch, _run.root, _pinned(server)))
    content = os.path.abspath(Path(config.config_file_path).parent / "content")
    _notified_watcher(server, [*config.watch, content])  # first: the fast render adds to its watch
    _render_fast(server, content)
    return server


def _notified_watcher(server, coming: list[str]) -> None:  # type: ignore[no-untyped-def]
    """The kernel's change notices (inotify) instead of MkDocs's polling watcher, which
    stats every watched file twice a second: at 10 000 items ~55 ms of CPU a round while
    the preview sits idle, and up to 0.5 s (plus the round) before an edit is seen.
    Only writes are watched: reading a file (as the build and the error page do) is no
    change. Elsewhere (no inotify, too few inotify watches) MkDocs's watcher stays."""
    try:
        from watchdog.events import (
            DirCreatedEvent,
            DirDeletedEvent,
            DirMovedEvent,
            FileClosedEvent,
            FileCreatedEvent,
            FileDeletedEvent,
            FileModifiedEvent,
            FileMovedEvent,
        )
        from watchdog.observers.inotify import InotifyObserver
    except (ImportError, OSError):  # not Linux
        return
    writes = [FileModifiedEvent, FileCreatedEvent, FileDeletedEvent, FileMovedEvent, FileClosedEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent]

    class Writes(InotifyObserver):
        def schedule(self, handler, path, *, recursive=False, event_filter=None, follow_symlink=False):  # type: ignore[no-untyped-def]
            return super().schedule(handler, path, recursive=recursive, event_filter=event_filter or writes, follow_symlink=follow_symlink)

    watched = dict(server._watched_paths)
    folders = sum(1 for path in {*watched, *map(os.path.abspath, coming)} if os.path.isdir(path) for _ in os.walk(path))
    try:
        limit = int(Path("/proc/sys/fs/inotify/max_user_watches").read_text())
    except (OSError, ValueError):
        return
    if folders > limit // 2:  # one watch a folder; leave room for the editor's own
        log.info("xxgk: %d folders to watch, inotify allows %d: polling for changes", folders, limit)
        return
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = Writes()
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)
    log.info("xxgk: watching %d folders with inotify, for writes only", folders)


def _shown_problems() -> Problems | None:
    """The errors the preview shows: a save's own, found while a rebuild ran, else the last build's."""
    return _run.early_problems or _run.problems


def _pinned(server):  # type: ignore[no-untyped-def]
    """The pinned page at a URL path, with MkDocs's reload script as it adds to every page."""

    def page(path: str) -> bytes | None:
        pin = _run.pins.get(path.encode("latin-1").decode("utf-8", "ignore"))
        return None if pin is None else server._inject_js_into_html(pin[1], server._visible_epoch)

    return page


def _stat(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _fast(changed: set[str], shown: set[str]) -> fast_render.Outcome | None:
    """A fast render of ``changed`` (one at a time: it edits the served model), its pages pinned."""
    with _run.fast_lock:
        served = _run.served
        if served is None or not changed:
            return None
        stats = {path: _stat(path) for path in changed}  # before reading: a later save is seen again
        fast = fast_render.render(served, changed, shown)
        if fast is not None:
            for url, page in fast.pages.items():
                _run.pins[url] = (_run.rebuilds, page)
            if not fast.problems.errors:
                _run.rendered_early.update((p, s) for p, s in stats.items() if s is not None)
        return fast


def _render_fast(server, path: str) -> None:  # type: ignore[no-untyped-def]
    """Hugo's fast render mode for ``mkdocs serve --dirty`` (``generator/fast_render.py``):
    an edit of item files shows on their pages before the full rebuild, which runs
    right after and reloads the browser again (listings, catalogues, checks across files).

    MkDocs 1.6 (its last release, so these stay put) rebuilds in ``server.builder`` and
    answers the browser's reload poll once ``_visible_epoch`` passes the page's epoch;
    page requests wait while ``_visible_epoch != _wanted_epoch`` (a build is running)."""
    import watchdog.events

    server.watch(path)  # mkdocs.yml's `watch: [content]` adds it again: one watch, counted twice

    saved = threading.Event()

    def collect(event) -> None:  # type: ignore[no-untyped-def]
        if not event.is_directory:
            paths = {p for p in (event.src_path, getattr(event, "dest_path", "")) if p}
            with _run.lock:
                _run.changed.update(paths)
            saved.set()

    def early() -> None:
        """A save while a rebuild behind a fast render runs (50–60 s at 100 000 items): MkDocs
        builds one at a time, so its builder would see it only after that rebuild. Rendered
        here at once instead, pinned (the running rebuild then writes the page it read,
        older); the next rebuild, which MkDocs runs next, brings them everywhere."""
        while True:
            saved.wait()
            time.sleep(server.build_delay)  # as MkDocs: the editor's save may be several writes
            saved.clear()
            if not _run.behind_fast:
                continue  # MkDocs's builder takes them (``_run.changed``)
            with _run.lock:  # the saves since the running rebuild's builder started, less those rendered here
                changed = {path for path in _run.changed if _run.rendered_early.get(path, False) != _stat(path)}
            if not changed:
                continue
            start = time.perf_counter()
            shown = {p.path for p in problems.errors} if (problems := _shown_problems()) is not None else set()
            try:
                fast = _fast(changed, shown)
            except Exception:  # the rebuild behind (MkDocs's thread) reports what went wrong
                log.exception("xxgk: a save during the rebuild could not be rendered at once")
                continue
            if fast is None or not _run.behind_fast:
                continue  # for the next rebuild's builder
            _run.early_problems = fast.problems if fast.problems.errors else None
            what = f"{len(fast.problems.errors)} error(s) in" if fast.problems.errors else f"fast render of {', '.join(fast.urls)} in"
            log.info("xxgk: saved during the rebuild: %s %.2f s", what, time.perf_counter() - start)
            with server._epoch_cond:  # the browsers reload now; the rebuild goes on
                server._wanted_epoch += 1
                server._visible_epoch = server._wanted_epoch
                server._epoch_cond.notify_all()

    threading.Thread(target=early, name="xxgk-early-render", daemon=True).start()

    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = collect  # type: ignore[method-assign]
    server.observer.add_handler_for_watch(handler, server._watch_refs[path])
    rebuild = server.builder

    def full() -> None:
        _run.rebuilds += 1
        started = _run.rebuilds
        try:
            rebuild()
        finally:
            _run.behind_fast = False
            with _run.fast_lock:  # this rebuild read every save made before it started: their pins go
                _run.pins = {url: pin for url, pin in _run.pins.items() if pin[0] >= started}

    def builder() -> None:
        with _run.lock:
            changed, _run.changed = _run.changed, set()
        with _run.fast_lock:  # saves the early thread rendered, unchanged since: the rebuild below brings them everywhere
            done = {path for path in changed if _run.rendered_early.get(path, False) == _stat(path)}
            _run.rendered_early.clear()
        start = time.perf_counter()
        # While the error page shows, only an edit of every file it names may end it at once.
        shown = {p.path for p in problems.errors} if (problems := _shown_problems()) is not None else set()
        _run.early_problems = None
        rest = changed - done
        fast = _fast(rest, shown) if rest else None
        if fast is None and (rest or not done):
            full()
            return
        if fast is None:
            pass  # every save was rendered during the last rebuild, and is served
        elif fast.problems.errors:
            _run.problems = fast.problems  # every page is the error page at once (``preview.wsgi``)
            log.info("xxgk: fast check found %d error(s) in %.2f s; full rebuild follows", len(fast.problems.errors), time.perf_counter() - start)
        else:
            _run.problems = None
            log.info("xxgk: fast render of %s in %.2f s; full rebuild follows", ", ".join(fast.urls), time.perf_counter() - start)
        with server._epoch_cond:  # the browsers reload now, and pages are served during the rebuild
            server._visible_epoch = server._wanted_epoch
            server._epoch_cond.notify_all()
        shown_fast = fast.problems.sorted() if fast is not None else []
        _run.behind_fast = True
        saved.set()  # saves made during the fast render are the early thread's now
        full()
        if (_run.problems.sorted() == shown_fast) if _run.problems is not None else (not shown_fast and _run.written == 0):
            return  # the full rebuild shows what the fast one did (the same errors; a fix back to the last build)
        with server._epoch_cond:  # MkDocs then makes this epoch visible: the browsers reload again
            server._wanted_epoch += 1

    server.builder = builder
