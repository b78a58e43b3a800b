"""The build cache in ``build/cache/`` (git-ignored, safe to delete): what the
last successful build was made from, so the next one redoes only what changed.

- **Version.** A hash of the code (``generator/``), the templates, the theme
  overrides, ``mkdocs.yml`` and the versions of the packages that render or
  index pages. When it differs, nothing of the cache is used.
- **Inputs.** A hash of the version, every file of ``content/`` (path, size,
  modification and change times, inode), "today", the 索引号 base and the git commit. When it
  equals the last published build's and ``site/`` is that build's, the build
  has nothing to do (:func:`unchanged`).
- **Pages.** Per page rendered from a shell, a digest of its render key and
  its shell: a page whose digest is unchanged is hard-linked from the
  published site instead of rendered (``fill.py``).
- **Search shards.** Per shard, a digest of its pages: an unchanged shard's
  index is linked from the published site instead of re-indexed
  (``search/indexer.py``).
- **Per file.** Parsed sources, rendered Markdown and schema results, by
  content (``generator/diskmemo.py``): the next build re-reads and re-checks
  only the files that changed.
- **Shells.** The HTML MkDocs rendered for each shell (``shells/<digest>.html``), by
  what it is made of and the version: an unchanged shell is not rendered again
  (a shell never reaches the published site, so it cannot be linked from there).
- **Staged search pages.** Each indexed page's copy for Pagefind (``search-stage/<url>``,
  ``search/indexer.py`` ``StageStore``), by its page digest: re-indexing a shard stages
  only its changed pages; a page the site no longer has loses its copy. Beside it, each
  shard's folder Pagefind reads (``search-runs/<shard>``: links to those copies), kept so that
  re-indexing a shard replaces only what changed in it.
- **Links.** The link check's parsed pages (``inspection/links.py``), keyed by
  path, size and modification time, so only rewritten pages are re-read.

The cache is written only after a build succeeded and its site was
published, and it refers to that site: a build that fails leaves it as it was.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import Any

from . import diskmemo
from .feature import FEATURES
from .files import walk
from .model import Key, Site

CACHE_DIR = "cache"  # under build/
STATE = "state.json"
SHELLS = "shells"  # under build/cache: the shells' HTML (BuildCache.shell)
FORMAT = 1
# Packages whose output the pages or the index depend on.
PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "nh3", "pagefind-bin-extended", "pyyaml")
# Environment variables the build reads (see README: Commands).
ENVIRONMENT = ("XXGK_TODAY", "XXGK_BASE_REF", "CI", "XXGK_SEARCH_SHARD_PAGES", "XXGK_SHELLS", "XXGK_PART", "XXGK_ASSEMBLE")
_GENERATOR = Path(__file__).resolve().parent
_KEY: Key[BuildCache] = Key("core.build_cache")
_CODE: Key[str] = Key("core.code_version")


def _hash_files(h: Any, root: Path, base: Path) -> None:
    if not root.exists():
        return
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            path = Path(dirpath, name)
            h.update(str(path.relative_to(base)).encode() + b"\0")
            h.update(path.read_bytes())


def code_version(root: Path) -> str:
    """The hash of everything but the content that shapes the output."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"format {FORMAT}\0".encode())
    _hash_files(h, _GENERATOR, _GENERATOR.parent)
    _hash_files(h, root / "overrides", root)
    mkdocs_yml = root / "mkdocs.yml"
    if mkdocs_yml.is_file():
        h.update(mkdocs_yml.read_bytes())
    for package in PACKAGES:
        try:
            h.update(f"{package} {importlib.metadata.version(package)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{package} -\0".encode())
    return h.hexdigest()


def site_code_version(site: Site) -> str:
    """:func:`code_version` of the site's project, once per build (hashing ``generator/`` and the
    overrides costs ~30 ms): the one the build cache computed when it opened, if it was put there."""
    return site.memo(_CODE, lambda: code_version(site.root))


def put_code_version(site: Site, version: str) -> None:
    """The build cache's :func:`code_version`, for :func:`site_code_version`."""
    site.put(_CODE, version)


def _git(root: Path, *args: str) -> str:
    try:
        run = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    return run.stdout.strip() if run.returncode == 0 else ""


def inputs_digest(root: Path, version: str, today: str, looks: dict[str, os.stat_result] | None = None) -> str:
    """Everything a build reads: the code's version, ``content/`` (by size, modification
    and change times and inode, which a save changes), the environment and git.
    ``looks``: filled with each file's status, by its path under ``content/`` ("items/a/b.md"),
    for the loader (:attr:`BuildCache.looks`): one look at each file a build."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{version}\0{today}\0".encode())
    for name in ENVIRONMENT:
        h.update(f"{name}={os.environ.get(name, '')}\0".encode())
    base = os.environ.get("XXGK_BASE_REF") or "HEAD"
    h.update(_git(root, "rev-parse", "HEAD", base).encode() + b"\0")
    lines = []
    for dirpath, folder, dirnames, filenames in walk(str(root / "content")):
        dirnames.sort()
        inside = os.path.join(dirpath, "")  # joined by hand below: os.path.join, ~10 000 calls, cost ~0.01 s
        for name in sorted(filenames):
            stat = os.lstat(inside + name)
            if looks is not None:
                looks[folder + name] = stat
            # The change time and inode too: a rewrite of the same size whose modification
            # time was put back (os.utime: copy and archive tools do) still changes them.
            lines.append(f"{folder}{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0{stat.st_ino}\0")
    h.update("".join(lines).encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def digest(*values: Any) -> str:
    """A short, stable digest of values with a deterministic ``repr`` (strings, numbers, tuples, dates)."""
    return hashlib.blake2b(repr(values).encode(), digest_size=12).hexdigest()


def _site_identity(site_dir: Path) -> str:
    """Which published site ``site_dir`` holds: its folder's modification time, which
    :meth:`BuildCache.save` sets when it publishes. Not the folder's inode or change time:
    CI restores ``site/`` with ``build/cache`` from one archive (README, ``actions/cache``),
    which keeps modification times and nothing else, so every restored cache was ignored
    (each page rendered and each shard indexed again). A file added or removed at the top
    of the folder changes the time, and the cache is then not used."""
    try:
        return str(os.stat(site_dir).st_mtime_ns)
    except FileNotFoundError:
        return ""


def _stamp(site_dir: Path) -> None:
    """Mark the site just published (:func:`_site_identity`): a whole second, so that an
    archive keeping times to the second keeps it exactly, and one no folder gets by itself
    (a file system's times carry nanoseconds)."""
    now = time.time_ns() // 1_000_000_000 * 1_000_000_000
    os.utime(site_dir, ns=(now, now))


@dataclass
class BuildCache:
    folder: Path
    version: str
    inputs: str = ""
    previous: Path | None = None  # the published site the cache describes, if it still does
    pages: dict[str, str] = field(default_factory=dict)  # url → digest, of the previous build
    shards: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → {"digest", "run": {...}}
    # What this build makes (saved once it is published).
    new_pages: dict[str, str] = field(default_factory=dict)
    new_shards: dict[str, dict[str, Any]] = field(default_factory=dict)
    new_shells: set[str] = field(default_factory=set)  # file names under SHELLS this build used
    site_identity: str = ""
    # Each content file's status as the inputs' digest saw it (inputs_digest), handed to the
    # loader so that it looks at no file twice (~10 000 stats at 10 000 items).
    looks: dict[str, os.stat_result] = field(default_factory=dict)

    @classmethod
    def open(cls, build_dir: Path, root: Path, site_dir: Path | None, today: str) -> BuildCache:
        folder = build_dir / CACHE_DIR
        version = code_version(root)
        looks: dict[str, os.stat_result] = {}
        cache = cls(folder, version, inputs_digest(root, version, today, looks), looks=looks)
        cache._read_state(site_dir)
        if not cache.unchanged:  # a build with nothing to do reads no memo
            diskmemo.open_memo(folder, diskmemo.version(version, root, FEATURES), root)
        return cache

    def _read_state(self, site_dir: Path | None) -> None:
        try:
            state = json.loads((self.folder / STATE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if state.get("version") != self.version or state.get("format") != FORMAT:
            return  # code, templates, configuration or packages changed: start afresh
        if site_dir is not None and state.get("site") == _site_identity(site_dir) and state.get("site"):
            self.previous = site_dir
            self.pages = state.get("pages", {})
            self.shards = state.get("shards", {})
            self.site_identity = state["site"]
        if state.get("inputs") == self.inputs and self.previous is not None:
            self.site_identity = "unchanged"

    @property
    def unchanged(self) -> bool:
        """Nothing the build reads changed since the published site was built."""
        return self.site_identity == "unchanged"

    def reusable(self, url: str, page_digest: str) -> str | None:
        """The previous build's file for an unchanged page, if it can be reused."""
        found = self.reusable_file(url, page_digest)
        return found[0] if found is not None else None

    def reusable_file(self, url: str, page_digest: str) -> tuple[str, os.stat_result] | None:
        """:meth:`reusable`, with the file's status (its inode: placing it needs no second look)."""
        self.new_pages[url] = page_digest
        if self.previous is not None and self.pages.get(url) == page_digest:
            # Strings, not Path: called for every page (a Path of each cost ~0.15 s at 10 000 items).
            path = os.path.join(self.previous, url, "index.html")
            try:
                found = os.stat(path)
            except OSError:
                return None
            if S_ISREG(found.st_mode):
                return path, found
        return None

    def shell(self, page_digest: str) -> str | None:
        """The HTML kept for a shell rendered from ``page_digest`` (by this code's version), if any."""
        path = os.path.join(self.folder, SHELLS, digest(self.version, page_digest) + ".html")
        self.new_shells.add(os.path.basename(path))
        return path if os.path.isfile(path) else None

    def keep_shell(self, page_digest: str, html: str) -> None:
        """Keep a shell MkDocs just rendered, for the next build (written whole, then renamed)."""
        folder = self.folder / SHELLS
        folder.mkdir(parents=True, exist_ok=True)
        name = digest(self.version, page_digest) + ".html"
        tmp = folder / (name + ".tmp")
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, folder / name)

    def shard(self, shard_id: str, shard_digest: str) -> dict[str, Any] | None:
        """The previous run of an unchanged shard (its index is in the previous site), else None."""
        old = self.shards.get(shard_id)
        if self.previous is not None and old and old.get("digest") == shard_digest:
            return old["run"]
        return None

    def remember_shard(self, shard_id: str, shard_digest: str, run: dict[str, Any]) -> None:
        self.new_shards[shard_id] = {"digest": shard_digest, "run": run}

    def save(self, site_dir: Path) -> None:
        """After the new site was published at ``site_dir``: it is what the cache now describes."""
        self.folder.mkdir(parents=True, exist_ok=True)
        _stamp(site_dir)
        state = {
            "format": FORMAT,
            "version": self.version,
            "inputs": self.inputs,
            "site": _site_identity(site_dir),
            "pages": self.new_pages,
            "shards": self.new_shards,
        }
        tmp = self.folder / (STATE + ".tmp")
        tmp.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.folder / STATE)
        shells = self.folder / SHELLS
        for name in os.listdir(shells) if shells.is_dir() else ():
            if name not in self.new_shells:  # a shell this build has not (a template or a column changed)
                os.unlink(shells / name)
        diskmemo.save()


def attach(site: Site, cache: BuildCache) -> None:
    site.put(_KEY, cache)


def of(site: Site) -> BuildCache | None:
    """The build cache of this build (None: a build without one, e.g. ``xxgk generate``)."""
    return site.get(_KEY, None)
