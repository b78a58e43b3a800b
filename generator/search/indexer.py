"""The post-build step: run the extended Pagefind CLI on the built site, once
per shard, and write the manifest the browser reads (``pagefind/shards.json``).

Each shard is a folder of its pages' staged copies (``staged.py``; same paths,
so Pagefind records the real URLs; with a build cache, kept between builds:
``StageStore.stage_run``); Pagefind indexes it into ``pagefind/<shard>/``. Runs are sequential: peak memory is one shard's. A
shard whose pages are all unchanged since the published build (the build
cache, ``generator/buildcache.py``) is not indexed again: its folder is
linked from the published site.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import buildcache, sitetree, split
from ..config import Publisher
from ..diagnostics import Problem, Problems
from ..model import Item, Site
from .fields import item_tail
from .settings import shard_pages
from .shards import IndexedPage, Shard, indexed_pages, plan_shards
from .staged import html_text, item_text, restore_texts, staged_page

log = logging.getLogger("mkdocs.xxgk.search")

BUNDLE_DIR = "pagefind"
MANIFEST = "shards.json"
STAGE_DIR = ".xxgk-search-stage"
STAGE_STORE = "search-stage"  # under build/cache: StageStore
STAGE_RUNS = "search-runs"  # under build/cache: each shard's folder Pagefind reads (StageStore.stage_run)
RUN_PAGES = ".pages"  # in a shard's folder: the pages that may be in it
ItemTail = Callable[[Item], str]  # an item's search data (fields.item_tail), for its staged copy
# Inside data-pagefind-body, what is not worth indexing: labels and values of
# the metadata table (索引号/文号/关键词 are indexed through the hidden search
# fields instead), the dateline with its print button, generated notices,
# file types and sizes, and the tables and download links of annual reports
# (numbers and row labels; their text sections are indexed). <nav> and <form> Pagefind skips itself.
EXCLUDE_SELECTORS = (
    "table.xxgk-meta:not(.xxgk-office)",
    ".xxgk-office th",
    ".xxgk-dateline",
    ".xxgk-updated",
    ".xxgk-notice",
    ".xxgk-filetype",
    ".xxgk-filesize",
    ".xxgk-report__scroll",
    ".xxgk-report__downloads",
    ".xxgk-report__format",
    "button",
)
# Pagefind cuts each shard's word index into chunks of about this many word
# locations, and a query fetches, per word and shard, the chunk holding the
# word. Its default (20 000) makes chunks of ~20 KB, and a rare word then costs
# 20 KB per shard; at 4 000 a chunk is ~5 KB, the cost of the longer chunk list
# in the metadata being a few KB per shard. (PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE
# is Pagefind 1.5's own setting; tests/test_search_index.py checks it still acts.)
INDEX_CHUNK_LOCATIONS = 4000
# Files of Pagefind's own UIs, which we do not use (search.js is our UI).
_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


@dataclass
class ShardRun:
    shard: Shard
    seconds: float  # the whole step: the staged copies, Pagefind, the page records' texts
    peak_mb: float  # Pagefind's
    reused: bool = False  # linked from the previous build: seconds, peak and cpu are that build's
    cpu: float = 0.0  # CPU seconds of the step (Pagefind's and ours): the figure a busy machine does not inflate


def shard_digest(shard: Shard, site_dir: Path, pages: dict[str, str], publishers: tuple[Publisher, ...] = ()) -> str:
    """What a shard's index is made from: its pages, by their render digest
    (pages rendered from shells) or their bytes (the few pages MkDocs renders),
    and the publishers table (its other names are tokens of the pages naming an
    agency). The tokenisation itself is code: a change of it changes the cache's version."""
    h = hashlib.blake2b(digest_size=12)
    h.update(repr(publishers).encode())
    for page in shard.pages:
        known = pages.get(page.url)
        if known is None:
            known = hashlib.blake2b((site_dir / page.url / "index.html").read_bytes(), digest_size=12).hexdigest()
        h.update(f"{page.url}\0{page.date}\0{known}\0".encode())
    return h.hexdigest()


def _die_with_parent(parent: int) -> Callable[[], None]:
    """In the child, before Pagefind starts: Linux kills it if the build is
    killed (even with SIGKILL), so no orphaned indexer outlives a build. A build
    killed between the fork and the prctl has already gone: the child sees a
    new parent and ends itself."""

    def child() -> None:
        if sys.platform.startswith("linux"):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
            if os.getppid() != parent:
                os._exit(1)

    return child


PR_SET_PDEATHSIG = 1


def _started_beside(args: list[str]) -> tuple[list[str], Callable[[], None] | None]:
    """Pagefind's command, and what runs in the child before it (None: nothing).
    A Python function run in the child (``preexec_fn``) needs a full fork of this process,
    which holds the site's model (~1.3 GB at 100 000 items), before Pagefind replaces it:
    its memory is then counted twice for a moment, at each of ~100 shards. util-linux's
    ``setpriv`` (in every Debian) sets the same death signal in a child started without
    copying this process (vfork); the function stays for systems without it.
    A build killed before ``setpriv`` set the signal is already gone then, and the signal
    never comes: so, as the function does, a shell between them checks that its parent is
    still this process before it becomes Pagefind (tests/test_build_leftovers.py caught it)."""
    setpriv = shutil.which("setpriv") if sys.platform.startswith("linux") else None
    sh = shutil.which("sh")
    if setpriv and sh:
        guard = 'test "$PPID" = "$0" && exec "$@"'  # $0: this process's id; "$@": Pagefind's command
        return [setpriv, "--pdeathsig", "KILL", "--", sh, "-c", guard, str(os.getpid()), *args], None
    return args, _die_with_parent(os.getpid())


def pagefind_binary() -> Path:
    """The extended binary (Chinese word segmentation), never the standard one."""
    from pagefind_bin_extended import get_executable

    return get_executable()


def build_search_index(site: Site, site_dir: Path) -> Problems:
    problems = Problems()
    try:
        binary = pagefind_binary()
    except (ImportError, FileNotFoundError) as exc:
        problems.add(
            Problem(
                "requirements.txt",
                None,
                "pagefind",
                f"找不到 Pagefind 扩展版程序（{exc}），全文检索无法生成",
                "运行 .venv/bin/pip install 'pagefind[extended]==1.5.2' 后重新生成。",
                rule="search.binary",
            )
        )
        return problems
    bundle = site_dir / BUNDLE_DIR
    stage_root = site_dir / STAGE_DIR
    shutil.rmtree(stage_root, ignore_errors=True)
    part = split.of(site)
    shards = plan_shards(indexed_pages(site, site_dir), shard_pages(site), part.suffix)
    cache = buildcache.of(site)
    items = {item.url: item for item in site.items}
    store = _stage_store(site, cache)
    runs: list[ShardRun] = []
    digests = {s.id: shard_digest(s, site_dir, cache.new_pages, site.config.publishers) if cache is not None else "" for s in shards}
    olds = {s.id: cache.shard(s.id, digests[s.id]) if cache is not None else None for s in shards}
    tree = sitetree.of(site, site_dir)
    if tree is not None:
        # An older tree brought up to date: an unchanged shard's folder is linked file by
        # file where it differs; everything else of the bundle goes before Pagefind writes.
        tree.prune(f"{BUNDLE_DIR}/", keep=tuple(f"{BUNDLE_DIR}/{i}/" for i, old in olds.items() if old is not None))
    else:
        shutil.rmtree(bundle, ignore_errors=True)
    try:
        for shard in shards:
            digest, old = digests[shard.id], olds[shard.id]
            if old is not None and cache is not None and cache.previous is not None:
                previous = cache.previous / BUNDLE_DIR / shard.id
                if tree is not None:
                    tree.reconcile(str(previous), f"{BUNDLE_DIR}/{shard.id}")
                else:
                    shutil.copytree(previous, bundle / shard.id, copy_function=os.link)
                runs.append(ShardRun(shard, old["seconds"], old["peak_mb"], reused=True, cpu=old.get("cpu", 0.0)))
                cache.remember_shard(shard.id, digest, old)
                continue
            # The published site's bundle of this shard, made by this code (the cache holds it only then).
            kept = cache.previous / BUNDLE_DIR / shard.id if cache is not None and cache.previous is not None else None
            # Kept between builds beside the store (stage_run); without one, made and removed here.
            stage = store.runs / shard.id if store is not None else stage_root / shard.id
            run, error = _index_shard(
                binary, site_dir, stage, bundle / shard.id, shard, items, site.config.publishers, store,
                functools.partial(item_tail, site), kept,
            )
            if error:
                problems.add(
                    Problem(
                        f"site/{BUNDLE_DIR}/{shard.id}",
                        None,
                        "",
                        f"全文检索索引生成失败：{error}",
                        "查看上面 Pagefind 的输出；修正后重新生成。",
                        rule="search.pagefind",
                    )
                )
                return problems
            runs.append(run)
            if cache is not None:
                cache.remember_shard(shard.id, digest, {"seconds": run.seconds, "peak_mb": run.peak_mb, "cpu": run.cpu})
    finally:
        shutil.rmtree(stage_root, ignore_errors=True)
    _write_manifest(bundle, runs)
    fresh = [r for r in runs if not r.reused]
    log.info(
        "xxgk: search index: %d pages in %d shard(s), %d indexed in %.1f s (Pagefind peak memory per shard: %s), %d unchanged",
        sum(len(s.pages) for s in shards),
        len(shards),
        len(fresh),
        sum(r.seconds for r in fresh),
        ", ".join(f"{r.shard.id}: {r.peak_mb:.0f} MB" for r in fresh) or "-",
        len(runs) - len(fresh),
    )
    if store is not None:
        store.drop_runs({shard.id for shard in shards})
    if store is not None and cache is not None:
        pruned = store.prune(cache.pages if cache.previous is not None else None)
        if store.kept + store.made + pruned:
            log.info("xxgk: search pages staged: %d anew, %d kept from the last build, %d dropped", store.made, store.kept, pruned)
    return problems


def _stage_page(source: Path, target: Path, item: Item | None, publishers: tuple[Publisher, ...], tail: ItemTail) -> str:
    """Write the copy of a page Pagefind reads (``staged.py``; an item's text and search data from
    the model, without reading its page; any other page's from its HTML) and return the page's
    readable text. Made page by page: a whole site's would not fit in memory."""
    if item is not None:
        page, text = tail(item), item_text(item, publishers)
    else:
        page = source.read_text(encoding="utf-8")
        text = html_text(page)
    target.write_text(staged_page(page, text), encoding="utf-8")
    return text.readable


@dataclass
class StageStore:
    """Staged pages kept between builds (``build/cache/search-stage/<url>``: the staged page,
    its readable text and the key it was made from), so re-indexing a shard after an edit
    stages only the pages that changed (~0.9 ms a page otherwise; a shard has up to 2 000).
    The key is the page's digest in the build cache (everything its HTML is made from),
    the publishers table and the cache's version (code, tokeniser included)."""

    folder: Path
    base: str  # the digest of the cache's version and the publishers table
    pages: dict[str, str]  # url → digest in the build cache, of this build's pages (pages without one are staged anew)
    kept: int = 0
    made: int = 0

    def stage(self, url: str, source: Path, target: str, item: Item | None, publishers: tuple[Publisher, ...], tail: ItemTail) -> str | None:
        """Put the staged page of ``url`` at ``target``; return its readable text, or None when the
        page was kept (its text is then the store's, read only if asked: :class:`_KeptTexts`).
        ``target`` may hold the page already, a link to the store's copy left by the last run."""
        page = self.pages.get(url)
        key = buildcache.digest(self.base, page) if page is not None else None  # only for the shards indexed
        kept = os.path.join(self.folder, url)
        if key is not None:
            try:
                with open(os.path.join(kept, "key"), encoding="ascii") as fh:
                    same = fh.read() == key
            except OSError:
                same = False
            if same:
                copy = os.path.join(kept, "index.html")
                try:
                    there, want = os.stat(target), os.stat(copy)
                    if (there.st_ino, there.st_dev) == (want.st_ino, want.st_dev):
                        self.kept += 1
                        return None
                except OSError:
                    pass
                try:
                    _replace_link(copy, target)
                    self.kept += 1
                    return None
                except OSError:
                    pass
        # Never written through: ``target`` may be a link to the store's copy of an older text.
        Path(target).unlink(missing_ok=True)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        text = _stage_page(source, Path(target), item, publishers, tail)
        self.made += 1
        if key is not None:
            folder = Path(kept)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "key").unlink(missing_ok=True)  # invalid until all three are written
            # The staged file is written once and only read afterwards: the store may share it.
            (folder / "index.html.new").unlink(missing_ok=True)
            os.link(target, folder / "index.html.new")
            os.replace(folder / "index.html.new", folder / "index.html")
            (folder / "text").write_text(text, encoding="utf-8")
            (folder / "key").write_text(key, encoding="ascii")
        return text

    def stage_run(
        self, run: Path, pages: list[IndexedPage], site_dir: Path, items: dict[str, Item], publishers: tuple[Publisher, ...], tail: ItemTail
    ) -> Mapping[str, str]:
        """Bring ``run`` (``build/cache/search-runs/<shard>``, the folder Pagefind reads for one
        shard, kept between builds) to exactly the shard's ``pages``, and return their texts.
        A page already there as a link to the store's current copy is left alone: making a folder
        for each of a shard's ~500 pages, and removing it after, cost ~0.15 s of an edit's rebuild.
        ``RUN_PAGES`` lists every page that may be in the folder (written before the folder
        changes): a page that left the shard is found there and removed, even after a build
        killed half way; without the list, the folder is made afresh."""
        listed = run / RUN_PAGES
        try:
            there = [url for url in listed.read_text(encoding="utf-8").split("\n") if url]
        except (OSError, ValueError):
            shutil.rmtree(run, ignore_errors=True)
            there = []
        wanted = [page.url for page in pages]
        run.mkdir(parents=True, exist_ok=True)
        _write_list(listed, sorted({*there, *wanted}))
        keep = set(wanted)
        for url in there:
            if url not in keep:  # the page's file only: a page's folder may hold another page's
                Path(run, url, "index.html").unlink(missing_ok=True)
        texts = _KeptTexts(self.folder)
        root, source = str(run), str(site_dir)
        for url in wanted:
            text = self.stage(url, Path(source, url, "index.html"), os.path.join(root, url, "index.html"), items.get(url), publishers, tail)
            if text is not None:
                texts.made[url] = text
        if len(there) != len(wanted) or set(there) != keep:
            _write_list(listed, sorted(keep))
        return texts

    @property
    def runs(self) -> Path:
        return self.folder.parent / STAGE_RUNS

    def drop_runs(self, shards: set[str]) -> None:
        """Remove the folders of shards this build's plan no longer has."""
        try:
            names = os.listdir(self.runs)
        except OSError:
            return
        for name in names:
            if name not in shards:
                shutil.rmtree(self.runs / name, ignore_errors=True)

    def prune(self, previous: Iterable[str] | None) -> int:
        """Drop the kept pages of pages this build no longer has (a deleted or moved item), so
        the store, which CI restores with the cache, holds this site's pages and no more.
        ``previous``: the last build's pages (the cache's record), the only ones to look at;
        None, when there is no such record: every page kept is looked at."""
        if previous is None:
            previous = [os.path.relpath(d, self.folder) + "/" for d, _, names in os.walk(self.folder) if "key" in names]
        gone = [self.folder / url for url in previous if url not in self.pages]
        gone = [folder for folder in gone if folder.is_dir()]  # pages that were never indexed have none
        for folder in gone:
            shutil.rmtree(folder, ignore_errors=True)
        return len(gone)


class _KeptTexts(Mapping[str, str]):
    """The readable texts of a shard's pages: those staged now, and the store's for the pages
    it kept, read when asked (``restore_texts`` asks only for pages with a new record)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: dict[str, str] = {}

    def __getitem__(self, url: str) -> str:
        text = self.made.get(url)
        if text is not None:
            return text
        try:
            return (self.folder / url / "text").read_text(encoding="utf-8")
        except OSError:
            raise KeyError(url) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.made)

    def __len__(self) -> int:
        return len(self.made)


def _replace_link(source: str, target: str) -> None:
    """``target`` made a link to ``source`` (through a new name: never half there)."""
    tmp = target + ".new"
    Path(tmp).unlink(missing_ok=True)
    try:
        os.link(source, tmp)
    except FileNotFoundError:
        if not os.path.isfile(source):
            raise
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.link(source, tmp)
    os.replace(tmp, target)


def _write_list(path: Path, urls: list[str]) -> None:
    tmp = path.with_name(path.name + ".new")
    tmp.write_text("".join(f"{url}\n" for url in urls), encoding="utf-8")
    os.replace(tmp, path)


def _stage_store(site: Site, cache: buildcache.BuildCache | None) -> StageStore | None:
    if cache is None:
        return None
    return StageStore(cache.folder / STAGE_STORE, buildcache.digest(cache.version, site.config.publishers), cache.new_pages)


def _index_shard(
    binary: Path,
    site_dir: Path,
    stage: Path,
    output: Path,
    shard: Shard,
    items: dict[str, Item] | None = None,
    publishers: tuple[Publisher, ...] = (),
    store: StageStore | None = None,
    tail: ItemTail = lambda item: "",
    kept: Path | None = None,
) -> tuple[ShardRun, str]:
    start, cpu_start = time.perf_counter(), time.process_time()
    texts: Mapping[str, str]
    if store is not None:
        texts = store.stage_run(stage, shard.pages, site_dir, items or {}, publishers, tail)
    else:
        texts = {}
        for page in shard.pages:
            target = stage / page.url / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            texts[page.url] = _stage_page(site_dir / page.url / "index.html", target, (items or {}).get(page.url), publishers, tail)
    args = [
        str(binary),
        "--site",
        str(stage),
        "--output-path",
        str(output),
        "--exclude-selectors",
        ", ".join(EXCLUDE_SELECTORS),
        "--quiet",
    ]
    # cwd: the shard's folder, which holds its staged pages only (and their list): no stray pagefind.yml changes the run.
    env = {**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK_LOCATIONS)}
    command, before = _started_beside(args)
    process = subprocess.Popen(command, cwd=stage, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=before)
    peak = _PeakWatch(process.pid)
    try:
        assert process.stdout is not None
        output_text = process.stdout.read()
        process.stdout.close()
        _, status, usage = os.wait4(process.pid, 0)
    except BaseException:  # interrupted (Ctrl-C, an error): never leave Pagefind running
        process.kill()
        process.wait()
        raise
    process.returncode = os.waitstatus_to_exitcode(status)
    peak_mb = peak.stop() or usage.ru_maxrss / 1024
    run = ShardRun(shard, 0.0, peak_mb)
    if process.returncode == 0:
        for name in _UNUSED:
            (output / name).unlink(missing_ok=True)
        restore_texts(output, texts, kept)
    run.seconds = time.perf_counter() - start
    run.cpu = time.process_time() - cpu_start + usage.ru_utime + usage.ru_stime
    if process.returncode != 0:
        return run, output_text.strip()[-800:] or f"Pagefind 退出码 {process.returncode}"
    return run, ""


class _PeakWatch:
    """Pagefind's own peak memory. ``ru_maxrss`` from ``wait4`` is wrong for a
    forked child: it counts the parent's pages the child held before ``exec``
    (the whole build process, 1.3 GB at 30 000 items). The kernel's high-water
    mark of the running program (``VmHWM`` in ``/proc/<pid>/status``) starts
    afresh at ``exec``; it only grows, so the last reading before the program
    ends is its peak (up to the last ``INTERVAL``). The last, not the largest:
    a reading taken between fork and exec shows the parent's."""

    INTERVAL = 0.05  # seconds

    def __init__(self, pid: int) -> None:
        self.path = f"/proc/{pid}/status"
        self.kb = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        try:
            with open(self.path, encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        self.kb = int(line.split()[1])
                        return
        except (OSError, ValueError):
            pass

    def _watch(self) -> None:
        while not self.done.is_set():
            self._read()
            self.done.wait(self.INTERVAL)

    def stop(self) -> float:
        """Peak in MB (0 where /proc is not available)."""
        self.done.set()
        self.thread.join()
        return self.kb / 1024


def _bundle_files(output: Path) -> dict[str, str]:
    """The names of a shard's metadata and WebAssembly files (from Pagefind's
    entry file), so the browser can fetch them before Pagefind asks."""
    entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
    index = max(entry["languages"].values(), key=lambda lang: lang["page_count"])
    return {"meta": f"pagefind.{index['hash']}.pf_meta", "wasm": f"wasm.{index.get('wasm') or 'unknown'}.pagefind"}


def _manifest(shards: list[dict]) -> dict:
    """``shards.json``: the shards newest first, as search.js merges them, and
    a tag naming this build of the index (Pagefind's ``metaCacheTag``)."""
    files = {s["id"]: {"meta": s["meta"], "wasm": s["wasm"]} for s in shards}
    tag = hashlib.sha1(json.dumps(files, sort_keys=True).encode()).hexdigest()[:12]
    return {"version": 2, "tag": tag, "shards": shards}


def merge_part_manifests(parts: list[Path], site_dir: Path) -> None:
    """The assembled site's manifest: every part's shards, newest first (parts are date-contiguous)."""
    shards = []
    for part in parts:
        path = part / BUNDLE_DIR / MANIFEST
        if path.is_file():
            shards.extend(json.loads(path.read_text(encoding="utf-8"))["shards"])
    shards.sort(key=lambda s: (s["newest"], s["oldest"]), reverse=True)
    out = site_dir / BUNDLE_DIR / MANIFEST
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)  # a hard link to a part's own
    out.write_text(json.dumps(_manifest(shards), ensure_ascii=False, indent=1), encoding="utf-8")


def _write_manifest(bundle: Path, runs: list[ShardRun]) -> None:
    files = {r.shard.id: _bundle_files(bundle / r.shard.id) for r in runs}
    manifest = {
        "shards": [
            {
                "id": r.shard.id,
                "path": f"{r.shard.id}/",
                **files[r.shard.id],
                "pages": len(r.shard.pages),
                "newest": r.shard.newest,
                "oldest": r.shard.oldest,
                "seconds": round(r.seconds, 2),
                "cpu": round(r.cpu, 2),
                "peak_mb": round(r.peak_mb),
            }
            for r in runs
        ],
    }
    manifest = _manifest(manifest["shards"])
    bundle.mkdir(parents=True, exist_ok=True)
    (bundle / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
