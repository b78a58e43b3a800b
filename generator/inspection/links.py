"""Post-build check: every internal link and attachment in the built site resolves.

Pages are parsed with :mod:`html.parser` (attribute quoting, entities and
case handled by the standard tokenizer, never by regexes of our own). Every ``href`` and
``src`` (and ``srcset``) that stays on the site must name a file of the
built site; a link ending in ``/`` or naming a folder needs its
``index.html``. A broken link or a missing attachment is an error with the
page and the link, so the build fails and the published site stays as it was.

Speed (10 000-item sites): the theme's chrome (header, navigation, footer)
is identical on every page of the same folder depth except for the current
page's markers, and its links are made by MkDocs from the nav; so the chrome
is parsed in full once per depth, and on every other page only the
``<article>`` that our generator and the editors' Markdown produce. Large
sites are split over the CPU cores, and parsed pages are remembered by
size and mtime: ``mkdocs build`` in the build cache's records (an unchanged
page's links are not even read while every file they named is still there),
and ``mkdocs serve`` in memory while links are broken, so either re-parses
only what an edit rewrote.
"""

from __future__ import annotations

import array
import marshal
import os
import posixpath
import struct
import time
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser, tagfind_tolerant  # type: ignore[attr-defined]
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from .. import caches
from ..buildcache import BuildCache
from ..diagnostics import Problem, Problems
from ..files import walk
from ..model import Site
from ..sitetree import PAGE as PAGE_FILE

RULE_BROKEN = "links.broken"
RULE_ATTACHMENT = "links.attachment"
LINK_ATTRS = {"href", "src", "srcset", "poster", "data"}
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:", "blob:")
PAGE_SUFFIXES = ("", ".html", ".htm")
# Tags whose attributes are read: those that link, plus <script>/<style>,
# whose start tag switches the tokenizer into raw-text mode.
PARSED_TAGS = frozenset({"a", "area", "img", "link", "script", "style", "source", "iframe", "embed", "object", "video", "audio", "track", "image", "use", "frame"})
PARALLEL_FROM = 3000  # pages; below this a process pool costs more than it saves


PAGE, ATTACHMENT, RESOURCE = "page", "attachment", "resource"


@dataclass(frozen=True)
class Broken:
    page: str  # site-relative path of the page, e.g. doc/x/index.html
    link: str  # the link as written
    kind: str  # PAGE (a link to a page), ATTACHMENT (a download), RESOURCE (style, script, image)
    line: int | None


@dataclass
class LinkReport:
    pages: int = 0
    links: int = 0
    broken: tuple[Broken, ...] = ()
    seconds: float = 0.0
    parsed: int = 0  # pages read (the others were unchanged since they were last read)


class _LinkCollector(HTMLParser):
    """Collects (attribute value, kind) of every link-bearing attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def updatepos(self, i: int, j: int) -> int:  # line tracking costs 15 %; lines are found on demand
        return j

    # The tokenizer still sees every tag (comments, <script> and <style> bodies
    # keep their meaning), but attributes are only parsed on tags that can
    # carry a link: that halves the time on our pages.
    def parse_starttag(self, i: int) -> int:
        match = tagfind_tolerant.match(self.rawdata, i + 1)
        if match and match.group(1).lower() not in PARSED_TAGS:
            return self.check_for_whole_start_tag(i)
        return super().parse_starttag(i)

    def parse_endtag(self, i: int) -> int:
        if self.cdata_elem is not None:  # inside <script>/<style>: let the parser find the end
            return super().parse_endtag(i)
        end = self.rawdata.find(">", i + 2)
        return -1 if end < 0 else end + 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        download = any(name == "download" for name, _ in attrs)
        for name, value in attrs:
            if value is None or name not in LINK_ATTRS:
                continue
            if name == "srcset":
                self.found.extend((part.strip().split(" ")[0], RESOURCE) for part in value.split(",") if part.strip())
            elif tag in ("a", "area") and name == "href":
                self.found.append((value, ATTACHMENT if download or _is_file(value) else PAGE))
            elif not (tag == "object" and name != "data"):
                self.found.append((value, RESOURCE))

    handle_startendtag = handle_starttag


def _links(html: str) -> list[tuple[str, str]]:
    parser = _LinkCollector()
    parser.feed(html)
    parser.close()
    return parser.found


def _article(html: bytes) -> bytes | None:
    start = html.find(b"<article")
    end = html.rfind(b"</article>")
    return html[start : end + len(b"</article>")] if start != -1 and end > start else None


def _target(page: str, link: str, base: str = "/") -> tuple[str, bool] | None:
    """(site-relative path the link names, is_folder) or None for links off the site.
    ``base`` is the path the site is published under (site_url's): the 404 page's
    links are absolute (``/xxgk/assets/…``), since it is served at any depth."""
    link = link.strip()
    if not link or link.startswith("#") or link.lower().startswith(SKIP_SCHEMES):
        return None
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return None
    if path.startswith("/") and base != "/":
        if not path.startswith(base):
            return None  # elsewhere on the host, outside the column
        path = "/" + path[len(base) :]
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(page), path)
    resolved = posixpath.normpath(joined)
    if resolved == ".":
        resolved = ""
    if resolved.startswith(".."):
        return (resolved, False)
    return (resolved, path.endswith("/"))


def _resolved(target: str, folder: bool, files: frozenset[str]) -> str | None:
    """The file of the site a link names (its target, or the target's ``index.html``), or None."""
    if target.startswith(".."):
        return None
    # Concatenated, not posixpath.join (~90 000 links a build): a target is normalised,
    # so it never ends in "/", and "" is the site's root.
    page = f"{target}/index.html" if target else "index.html"
    if folder or target == "":
        return page if page in files else None
    return target if target in files else page if page in files else None


def _is_file(link: str) -> bool:
    path = urlsplit(link).path
    return not path.endswith("/") and posixpath.splitext(path)[1].lower() not in PAGE_SUFFIXES


# A page's on-site links with their targets, by (page, full, mtime, size): kept in
# memory only by a preview whose check found broken links (``mkdocs serve`` checks
# again in this process once they are mended). A build
# streams: each page's links are checked as they are parsed and dropped, and written
# to the build cache's record file for the next build (at 100 000 items the links of
# every page held ~2.5 KB a page, and pickling them once more: issue 11, memory).
_parsed: dict[tuple[str, bool, int, int], list[tuple[str, str, str, bool]]] = {}
caches.register(_parsed.clear)
_ROOT = ""  # the site folder (set in each worker by _set_root)
Job = tuple[str, bool, int, int]  # (page, parsed in full, mtime, size)
Links = list[tuple[str, str, str, bool]]  # (link as written, kind, target, is_folder)


def _set_root(root: str) -> None:
    global _ROOT
    _ROOT = root


def _parse_pages(batch: list[Job]) -> list[list[tuple[str, str]]]:
    """(link, kind) of each page of ``batch``; runs in a worker for large sites."""
    out = []
    for page, full, _mtime, _size in batch:
        with open(os.path.join(_ROOT, page), "rb") as fh:
            data = fh.read()
        # Slice before decoding: the article is a seventh of a page.
        part = data if full else (_article(data) or data)
        out.append(_links(part.decode("utf-8", errors="replace")))
    return out


def _line(site_dir: Path, page: str, link: str) -> int | None:
    """Line of ``link`` in the page, looked up only for broken links (cheap where it matters)."""
    html = (site_dir / page).read_text(encoding="utf-8", errors="replace")
    at = html.find(link)
    if at == -1:
        at = html.find(link.replace("&", "&amp;"))
    return html.count("\n", 0, at) + 1 if at != -1 else None


def _site_files(site_dir: Path, held: Collection[str] | None = None) -> tuple[list[str], frozenset[str]]:
    """The site's pages (sorted) and files: ``held``, when the build knows them, else a walk of the site."""
    if held is None:
        found: list[str] = []
        for _dirpath, prefix, _dirs, names in walk(str(site_dir)):
            found.extend(prefix + name for name in names)
        held = found
    pages = [f for f in held if f.endswith(".html")]
    pages.sort()
    return pages, frozenset(held)


STORE = "links.records"  # under the build cache's folder: each page's links, in page order, then an index
# The file: every page's links (``marshal``'s format), one after the other in page order, then
# the index: the pages' jobs, where each page's links end and how many there are, a digest of
# the files the links were resolved against and whether every one resolved; last, where the
# index starts. The next build reads the index (a few ints a page), and the links of an
# unchanged page only when it must resolve them again: holding every page's links held
# ~2.5 KB a page (~250 MB at 100 000 items) for the whole check (issue 11, memory).
_MAGIC = b"xxgk-links-3\n"
_TAIL = struct.Struct("<QQ")  # where the index starts, its length
_COPY = 1 << 15  # bytes: the unchanged pages' links are copied to the new file in pieces this large


class _Records:
    """The previous build's records file: its index, and each page's links read by offset
    (nothing when there is none)."""

    def __init__(self, cache: BuildCache | None) -> None:
        self.fd = -1
        self.jobs: dict[str, tuple[Job, int]] = {}  # page → (its job, its place in the file)
        self.ends, self.counts = array.array("Q"), array.array("Q")
        self.base, self.relied, self.clean = "", "", False
        if cache is None or cache.previous is None:
            return  # no published site: its records describe nothing there
        try:
            fd = os.open(cache.folder / STORE, os.O_RDONLY)
        except OSError:
            return
        try:
            size = os.fstat(fd).st_size
            if size < len(_MAGIC) + _TAIL.size or os.pread(fd, len(_MAGIC), 0) != _MAGIC:
                raise ValueError("an older format: every page is read again, once")
            start, length = _TAIL.unpack(os.pread(fd, _TAIL.size, size - _TAIL.size))
            if start + length + _TAIL.size != size:
                raise ValueError("cut short")
            self.base, self.relied, self.clean, jobs, ends, counts = marshal.loads(os.pread(fd, length, start))
            self.ends.frombytes(ends)
            self.counts.frombytes(counts)
            if not (len(jobs) == len(self.ends) == len(self.counts)) or (self.ends and self.ends[-1] + len(_MAGIC) != start):
                raise ValueError("damaged")
            self.jobs = {job[0]: (tuple(job), n) for n, job in enumerate(jobs)}
            self.fd = fd
        except (OSError, ValueError, EOFError, TypeError, struct.error):
            os.close(fd)
            self.jobs, self.ends, self.counts, self.clean = {}, array.array("Q"), array.array("Q"), False

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def matching(self, jobs: list[Job]) -> Iterator[int | None]:
        """For each of ``jobs``, the place of its unchanged record, or None."""
        for job in jobs:
            found = self.jobs.get(job[0])
            yield found[1] if found is not None and found[0] == job else None

    def span(self, at: int) -> tuple[int, int]:
        """Where the links of the record at ``at`` are in the file (offset, end)."""
        return len(_MAGIC) + (self.ends[at - 1] if at else 0), len(_MAGIC) + self.ends[at]

    def links(self, at: int) -> bytes:
        start, end = self.span(at)
        data = os.pread(self.fd, end - start, start)
        if len(data) != end - start:
            raise ValueError("cut short")
        return data

    def copy(self, offset: int, end: int, out: BinaryIO) -> None:
        """Copy the bytes from ``offset`` to ``end`` to ``out``, a piece at a time (never all held)."""
        while offset < end:
            data = os.pread(self.fd, min(_COPY, end - offset), offset)
            if not data:
                raise ValueError("cut short")
            out.write(data)
            offset += len(data)


def check_site(
    site_dir: Path,
    workers: int | None = None,
    later: frozenset[str] = frozenset(),
    cache: BuildCache | None = None,
    base: str = "/",
    statuses: Mapping[str, tuple[int, int]] | None = None,
    held: Collection[str] | None = None,
) -> LinkReport:
    """Check every page of ``site_dir`` (published under the path ``base``); returns counts and the broken links.
    ``later``: URLs of pages rendered after this check (late pages), which links may name.
    ``statuses``: by URL, the (modification time, size) of pages whose status the build has read
    already (``SiteTree.page_status``: pages it linked from the published site), not looked at again.
    ``held``: every file of the site, where the build knows them (``SiteTree.holding``): no walk."""
    global _ROOT
    start = time.perf_counter()
    keep = caches.kept_between_builds()
    known = _parsed if keep else {}
    previous = _Records(None if known else cache)
    pages, files = _site_files(site_dir, held)
    files = files | {f"{url}index.html" for url in later}
    # Every link of the previous check resolved, each to a file it recorded (``relied``): while
    # those files are all still there, the links of a page unchanged since are not read or
    # resolved again, only copied to the new records (a rebuild's Pagefind files and the pages
    # it removed are files no link named).
    relied = set(previous.relied.split("\0")) if previous.relied else set()
    same_files = previous.clean and previous.base == base and relied <= files
    if not same_files:
        relied = set()
    grown = not same_files  # relied holds a file the last check's did not: written out anew (sorted)
    _ROOT = str(site_dir)
    seen_depths: set[int] = set()
    jobs: list[Job] = []
    statuses = statuses or {}
    for page in pages:
        depth = page.count("/")
        status = statuses.get(page[: -len(PAGE_FILE)]) if page.endswith(PAGE_FILE) else None
        if status is None:
            stat = os.stat(os.path.join(site_dir, page))
            status = (stat.st_mtime_ns, stat.st_size)
        jobs.append((page, depth not in seen_depths, *status))
        seen_depths.add(depth)
    # Where each page's unchanged record is (its place in the records file; its links stay on disk).
    kept_at = list(previous.matching(jobs))
    todo = [job for job, at in zip(jobs, kept_at, strict=True) if at is None and job not in known]
    workers = workers if workers is not None else (min(os.cpu_count() or 1, 4) if len(todo) >= PARALLEL_FROM else 1)
    count = 0
    broken: list[Broken] = []
    records = None
    ends, counts = array.array("Q"), array.array("Q")
    written = 0  # bytes of links written to the new records
    run: list[int] = []  # the span of old records being copied as they are: [start, end]
    if cache is not None:
        cache.folder.mkdir(parents=True, exist_ok=True)
        records = open(cache.folder / (STORE + ".tmp"), "wb")  # noqa: SIM115 (closed below, renamed over the old)
        records.write(_MAGIC)
    # Workers are started afresh, not forked: a fork shares this process's pages (the
    # site's model) until the worker writes near them, and a worker's allocations and
    # collections wrote to enough of them to copy ~250 MB a worker at 100 000 items.
    pool = None
    if workers > 1:  # imported here: a rebuild's few pages need no pool (~5 ms of imports)
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context

        pool = ProcessPoolExecutor(workers, get_context("spawn"), initializer=_set_root, initargs=(str(site_dir),))
    try:
        if pool is not None:
            size = max(1, len(todo) // (workers * 4))
            batches = [todo[i : i + size] for i in range(0, len(todo), size)]
            parsed = (found for batch in pool.map(_parse_pages, batches) for found in batch)
        else:
            parsed = (_parse_pages([job])[0] for job in todo)  # one page at a time, none held
        fresh = iter(zip(todo, parsed, strict=True))
        for job, at in zip(jobs, kept_at, strict=True):  # todo is in the order of jobs: its pages come in turn
            found = known.get(job) if known else None
            if found is None and at is not None and same_files:
                offset, end = previous.span(at)
                if run and run[1] == offset:
                    run[1] = end
                else:
                    if run and records is not None:
                        previous.copy(run[0], run[1], records)
                    run = [offset, end]
                count += previous.counts[at]
                written += end - offset
                ends.append(written)
                counts.append(previous.counts[at])
                continue
            if run and records is not None:
                previous.copy(run[0], run[1], records)
            run = []
            data = previous.links(at) if found is None and at is not None else None
            if data is not None:
                found = marshal.loads(data)
            elif found is None:
                job, raw = next(fresh)
                # Keep only links that stay on the site, with the file each one names.
                found = [(link, kind, *target) for link, kind in raw if (target := _target(job[0], link, base))]
                if keep:
                    _parsed[job] = found
            page = job[0]
            for link, kind, target, folder in found:
                count += 1
                if (named := _resolved(target, folder, files)) is None:
                    broken.append(Broken(page, link, kind, _line(site_dir, page, link)))
                elif named not in relied:
                    relied.add(named)
                    grown = True
            if records is not None:
                data = data if data is not None else marshal.dumps(found)
                records.write(data)
                written += len(data)
                ends.append(written)
                counts.append(len(found))
        if run and records is not None:
            previous.copy(run[0], run[1], records)
        if records is not None:
            relied_text = "\0".join(sorted(relied)) if grown else previous.relied  # ~12 000 names: sorted only when changed
            index = marshal.dumps((base, relied_text, not broken, jobs, ends.tobytes(), counts.tobytes()))
            records.write(index)
            records.write(_TAIL.pack(len(_MAGIC) + written, len(index)))
    finally:
        previous.close()
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if records is not None:
            records.close()
    if cache is not None:
        os.replace(cache.folder / (STORE + ".tmp"), cache.folder / STORE)
    if keep and not broken:
        # A preview checks links again only after a post-build that failed (a good one is not
        # repeated on its rebuilds): kept for the whole session they held ~6× their records file (~66 MB at 20 000 items).
        _parsed.clear()
    return LinkReport(len(jobs), count, tuple(broken), time.perf_counter() - start, len(todo))


def _source_of(site: Site) -> dict[str, str]:
    return {f"{item.url}index.html": item.rel for item in site.items}


def problems_for(report: LinkReport, site: Site | None) -> Problems:
    sources = _source_of(site) if site is not None else {}
    problems = Problems()
    for b in report.broken:
        source = sources.get(b.page) if b.kind != RESOURCE else None
        url = "/" + b.page.removesuffix("index.html")
        where = f"（内容文件 {source}）" if source else ""
        if b.kind == ATTACHMENT:
            message, hint, rule = f"页面 {url} 的附件链接“{b.link}”下载不到：网站中没有这个文件", "把附件文件放到信息文件旁边，并在 attachments 中写对文件名；正文中的附件链接也要与文件名一致。", RULE_ATTACHMENT
        elif b.kind == RESOURCE:
            message, hint, rule = f"页面 {url} 引用的文件“{b.link}”不存在（样式、脚本或图片）", "正文中的图片放在信息文件旁边并写相对路径；样式和脚本检查 mkdocs.yml 的 extra_css、extra_javascript 与 overrides/assets/ 中的文件。", RULE_BROKEN
        else:
            message, hint, rule = f"页面 {url} 的链接“{b.link}”指向的页面不存在", "改正链接：站内链接写相对路径，指向已发布的页面；信息被删除时同时删除指向它的链接。", RULE_BROKEN
        problems.add(Problem(f"site/{b.page}", b.line, "链接", message + where, hint, rule=rule))
    return problems
