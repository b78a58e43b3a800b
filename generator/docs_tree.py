"""A set of output files, and syncing it onto a docs folder.

Only files whose bytes changed are written, and files no longer produced are
removed, so ``mkdocs serve --dirty`` rebuilds just what an edit touched.

The engine needs only the Markdown pages. The other files (attachments, data
files: per-item JSON, CSV, feeds, search lookups) may be synced to a folder of
their own, which MkDocs never walks, and hard-linked into the built site
(:func:`place`): at 10 000 items that is ~14 000 files MkDocs would otherwise
list and copy on every build. Because the published site then shares these
files' inodes, a file is never rewritten in place: a changed file is written
under a temporary name and renamed over the old one (:func:`replace_bytes`),
and every step that writes into a built site does the same.
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import marshal
import os
import posixpath
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import caches
from .sitetree import SiteTree

SYNCED = ".xxgk-synced"  # in a synced folder: what its last complete sync left (see _unmark)
KEEP = {".gitkeep", SYNCED}
# The front matter keys a shell copies from its pages (they change the chrome;
# ``shell.py``); title, description, head and tail are filled per page.
SHELL_KEYS = ("xxgk_kind", "hide", "xxgk_search", "xxgk_compact")
# What the build reads of a page's front matter before rendering it: its shell,
# and its sitemap entry (``sitemap.py``); a page made on demand keeps only these.
ROUTING_KEYS = (*SHELL_KEYS, "xxgk_sitemap", "xxgk_published")
PAGE_SUFFIX = ".md"  # what the engine reads; everything else may go to the static folder

# The set of files of the last sync per target folder (see DocsTree.sync).
_synced: dict[str, set[str]] = {}
# The static files placed into a site folder by this process (a preview's, rebuilt in place).
_placed: dict[str, set[str]] = {}
caches.register(_synced.clear)
caches.register(_placed.clear)


_NEW = ".xxgk-new"  # a file's temporary name beside it, renamed over it


def replace_bytes(path: str | Path, data: bytes) -> None:
    """Write ``path`` as a new file (temporary name, then rename): a hard link
    to the old file elsewhere (the published site) keeps the old bytes."""
    tmp = f"{path}{_NEW}"
    with open(tmp, "wb") as out:
        out.write(data)
    os.replace(tmp, path)


def write_new(path: str, data: bytes) -> None:
    """Write ``path``: where a file is there, as a new one (:func:`replace_bytes`), so a reader or
    another link of the old file never sees it half-written."""
    if os.path.lexists(path):
        replace_bytes(path, data)
    else:  # no other name can share a file that does not exist yet
        with open(path, "wb") as out:
            out.write(data)


def _copy_new(source: Path, path: str) -> None:
    """:func:`write_new` for a copied file (its bytes and times)."""
    if os.path.lexists(path):
        shutil.copy2(source, f"{path}{_NEW}", follow_symlinks=False)
        os.replace(f"{path}{_NEW}", path)
    else:
        shutil.copy2(source, path, follow_symlinks=False)


class OutsideTree(ValueError):
    """A page or file addressed outside the docs folder: a bug, since the
    checks refuse such content (slugs, attachment names) with its line."""


def _inside(rel: str) -> str:
    norm = posixpath.normpath(rel)
    if rel.startswith("/") or norm == ".." or norm.startswith("../") or "\\" in rel or "\0" in rel:
        raise OutsideTree(rel)
    return norm


@dataclass
class SyncStats:
    written: int = 0
    copied: int = 0
    removed: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class Kept:
    """A text the tree names by a digest of what it is made from, made only when the file
    on disk is not the one the last sync wrote for that digest (see :meth:`DocsTree.sync`):
    at 10 000 items a rebuild then neither makes nor reads back the ~14 000 texts an edit
    did not change. ``make`` must return the same text for the same digest."""

    digest: bytes
    make: Callable[[], str]


# A file modified this close to the moment its stamp was taken may have been changed again
# within the same tick of the file system's clock ("racy git"): compared by its bytes.
_RACY_NS = 2_000_000_000


class Stamps:
    """Each file's stamp in a folder's marker: the digest it was written for (Kept.digest, else
    of its bytes), and its size, modification time and inode then. A file whose stamp still
    holds is unchanged without reading it; a hand edit changes the time (and often the inode).
    Kept in columns, not a tuple a file: ~14 000 stamps are read and written every build, and
    as tuples their marshalling cost ~0.05 s of a rebuild (issue 11)."""

    def __init__(self, rels: list[str] | None = None, digests: list[bytes] | None = None, *numbers: bytes) -> None:
        self.rels = rels if rels is not None else []
        self.digests = digests if digests is not None else []
        self.sizes, self.times, self.inodes = (array.array("q", data) for data in (numbers or (b"", b"", b"")))
        if not len(self.rels) == len(self.digests) == len(self.sizes) == len(self.times) == len(self.inodes):
            raise ValueError("damaged")
        self.at: dict[str, int] = dict(zip(self.rels, range(len(self.rels)), strict=True))

    def add(self, rel: str, digest: bytes, size: int, mtime: int, inode: int) -> None:
        self.rels.append(rel)
        self.digests.append(digest)
        self.sizes.append(size)
        self.times.append(mtime)
        self.inodes.append(inode)

    def holds(self, rel: str, digest: bytes, st: os.stat_result, trusted: int) -> bool:
        """Is ``rel`` still what was stamped (stamped long enough after its last change: ``trusted``)?"""
        i = self.at.get(rel)
        return (
            i is not None
            and self.times[i] == st.st_mtime_ns
            and self.times[i] < trusted
            and self.sizes[i] == st.st_size
            and self.inodes[i] == st.st_ino
            and self.digests[i] == digest
        )

    def dumps(self) -> bytes:
        return marshal.dumps(("\0".join(self.rels), self.digests, self.sizes.tobytes(), self.times.tobytes(), self.inodes.tobytes()))

    @classmethod
    def loads(cls, data: bytes) -> Stamps:
        rels, digests, *numbers = marshal.loads(data)
        return cls(rels.split("\0") if rels else [], digests, *numbers)


@dataclass(frozen=True)
class PageSpec:
    """A page not yet rendered: MkDocs renders it from the docs tree, or the
    core from a shell after MkDocs (``generator/shell.py``), whichever the build
    decides. ``key`` holds every value the template reads (by value): equal
    keys, equal pages, so an unchanged page is never rendered again.

    ``context`` may be a function that computes the variables when the page is
    rendered (item pages: their front matter is most of a page's memory, and a
    build of 100 000 items must not hold them all, issue 11); such a page
    carries in ``routing`` the front matter values the build reads before
    rendering it (which shell, the sitemap: ``ROUTING_KEYS``)."""

    url: str
    template: str
    key: tuple[Any, ...]
    context: dict[str, Any] | Callable[[], dict[str, Any]]  # the template's variables (``url`` is added); ``front`` is its front matter
    routing: dict[str, Any] | None = None

    def variables(self) -> dict[str, Any]:
        """The template's variables (computed now, and not kept, for a page made on demand)."""
        return self.context() if callable(self.context) else self.context

    @property
    def front(self) -> dict[str, Any]:
        """The front matter values that route the page (all of them for a page made ahead)."""
        if self.routing is not None:
            return self.routing
        assert not callable(self.context)
        return self.context["front"].values


@dataclass
class DocsTree:
    texts: dict[str, str | Kept] = field(default_factory=dict)  # rel path → text
    copies: dict[str, Path] = field(default_factory=dict)  # rel path → source file
    pages: dict[str, PageSpec] = field(default_factory=dict)  # url → a page MkDocs or a shell renders
    # The inode of each file of the static folder as the last sync left it (it has just looked
    # at every one): :func:`place` links them into the site without looking again.
    inodes: dict[str, int] = field(default_factory=dict, repr=False)

    def add(self, rel: str, text: str) -> None:
        self.texts[_inside(rel)] = text

    def add_kept(self, rel: str, digest: bytes, make: Callable[[], str]) -> None:
        """A text made from what ``digest`` stands for, only if the file needs it (:class:`Kept`)."""
        self.texts[_inside(rel)] = Kept(digest, make)

    def text(self, rel: str) -> str:
        """The text at ``rel`` (made now, for a :class:`Kept` one)."""
        text = self.texts[rel]
        return text.make() if isinstance(text, Kept) else text

    def page(self, spec: PageSpec) -> None:
        _inside(spec.url or ".")
        self.pages[spec.url] = spec

    def copy(self, rel: str, source: Path) -> None:
        self.copies[_inside(rel)] = source

    def paths(self) -> set[str]:
        return set(self.texts) | set(self.copies)

    def static_paths(self) -> list[str]:
        """The files that are not pages (what :func:`place` links into a site)."""
        return sorted(rel for rel in self.paths() if not rel.endswith(PAGE_SUFFIX))

    def inodes_of(self, rels: list[str]) -> array.array:
        """The inodes the last sync found for ``rels`` (-1: not known), 8 bytes a file."""
        return array.array("q", (self.inodes.get(rel, -1) for rel in rels))

    def sync(self, target: Path, static: Path | None = None) -> SyncStats:
        """Write the tree into ``target``; with ``static``, the files that are
        not pages go there instead (and are placed into the site by :func:`place`)."""
        # Plain strings and a set of known folders instead of Path objects and
        # mkdir per file: at 10 000 items this loop runs on every preview edit.
        stats = SyncStats()
        target.mkdir(parents=True, exist_ok=True)
        root = str(target)
        static_root = str(static) if static is not None else root
        if static is not None:
            static.mkdir(parents=True, exist_ok=True)
        folders: set[str] = set()
        markers = {folder: _unmark(folder) for folder in {root, static_root}}  # until this sync is complete
        stamps = {folder: Stamps() for folder in markers}

        def root_for(rel: str) -> str:
            return root if rel.endswith(PAGE_SUFFIX) else static_root

        def folder_for(path: str) -> None:
            folder = os.path.dirname(path)
            if folder not in folders:
                os.makedirs(folder, exist_ok=True)
                folders.add(folder)

        for rel, text in self.texts.items():
            folder = root if rel.endswith(PAGE_SUFFIX) else static_root
            path = f"{folder}/{rel}"  # rel is normalised (_inside): joined as strings, ~14 000 a build
            data = None
            if isinstance(text, Kept):
                digest = text.digest
            else:
                data = text.encode("utf-8")
                digest = hashlib.blake2b(data, digest_size=16).digest()
            try:
                st = os.stat(path)
            except FileNotFoundError:
                st = None
            if st is not None and markers[folder][1].holds(rel, digest, st, markers[folder][2]):
                stamps[folder].add(rel, digest, st.st_size, st.st_mtime_ns, st.st_ino)
                stats.unchanged += 1
                continue
            if data is None:
                data = self.text(rel).encode("utf-8")
            same = False
            if st is not None and st.st_size == len(data):
                with open(path, "rb") as existing:  # not pathlib: ~25 µs a file less, 14 000 files
                    same = existing.read() == data
            if not same:
                folder_for(path)
                write_new(path, data)
                st = os.stat(path)
                stats.written += 1
            else:
                stats.unchanged += 1
            stamps[folder].add(rel, digest, st.st_size, st.st_mtime_ns, st.st_ino)  # type: ignore[union-attr]
        for rel, source in self.copies.items():
            path = os.path.join(root_for(rel), rel)
            src = source.stat()
            try:
                dst = os.stat(path)
                if dst.st_size == src.st_size and dst.st_mtime_ns == src.st_mtime_ns:
                    stats.unchanged += 1
                    if static is not None and not rel.endswith(PAGE_SUFFIX):
                        self.inodes[rel] = dst.st_ino
                    continue
            except FileNotFoundError:
                pass
            if os.path.islink(source):  # never publish what a link points to
                raise OutsideTree(str(source))
            folder_for(path)
            _copy_new(source, path)
            stats.copied += 1
        wanted = self.paths()
        if static is not None:
            self.inodes.update(zip(stamps[static_root].rels, stamps[static_root].inodes, strict=True))
            statics = set(self.static_paths())
            stats.removed = self._prune_changed(static_root, statics, markers[static_root][0], stamps[static_root])
            stats.removed += self._prune_changed(root, wanted - statics, markers[root][0], stamps[root])
        else:
            stats.removed = self._prune_changed(root, wanted, markers[root][0], stamps[root])
        return stats

    def _prune_changed(self, root: str, wanted: set[str], marker: str, stamps: Stamps) -> int:
        # Same set of files as the last complete sync (in this process, or the digest it left
        # in the folder): nothing to remove, and walking 10 000 folders per edit would cost
        # more than the rest. The folders are ours (build/): nothing else adds files to them.
        digest = hashlib.blake2b("\0".join(sorted(wanted)).encode(), digest_size=16).hexdigest()
        removed = 0 if _synced.get(root) == wanted or marker == digest else self._prune(root, wanted)
        if caches.kept_between_builds():  # only a preview syncs again in this process
            _synced[root] = wanted
        _mark(root, digest, stamps)
        return removed

    def _prune(self, root: str, wanted: set[str]) -> int:
        removed = 0
        kept: set[str] = set()  # folders that still hold something
        for dirpath, _dirnames, filenames in os.walk(root, topdown=False):
            prefix = "" if dirpath == root else dirpath[len(root) + 1 :].replace(os.sep, "/") + "/"
            for name in filenames:
                if prefix + name not in wanted and name not in KEEP:
                    path = os.path.join(dirpath, name)
                    os.unlink(path)
                    removed += 1
                else:
                    kept.add(dirpath)
            if dirpath in kept:
                kept.add(os.path.dirname(dirpath))
            elif dirpath != root:
                try:
                    os.rmdir(dirpath)
                except OSError:  # holds something we never list (a symlinked folder)
                    kept.add(os.path.dirname(dirpath))
        return removed


_MARKER = b"stamps-2 "  # the marker's format (an older one is read as no marker: every file compared once)


def _mark(root: str, digest: str, stamps: Stamps) -> None:
    """Leave the folder's :data:`SYNCED` marker: the digest of its set of files, when the
    stamps were taken, and the stamp of every text written into it."""
    with open(os.path.join(root, SYNCED), "wb") as out:
        out.write(digest.encode("ascii") + b"\n" + _MARKER + str(time.time_ns()).encode("ascii") + b"\n" + stamps.dumps())


def _unmark(root: str) -> tuple[str, Stamps, int]:
    """Remove a folder's :data:`SYNCED` marker, returning what it said: the digest of its set of
    files, the stamps, and the time before which a stamped modification is trusted ('', no
    stamps if none): a sync that stops half-way (an error, a kill) leaves none, and the next one
    compares every file and prunes in full. A stamp taken too close to its file's last
    modification does not hold (see :data:`_RACY_NS`)."""
    path = os.path.join(root, SYNCED)
    try:
        with open(path, "rb") as marker:
            data = marker.read()
        os.unlink(path)
    except OSError:
        return "", Stamps(), 0
    digest, _, rest = data.partition(b"\n")
    head, _, rest = rest.partition(b"\n")
    try:
        if not head.startswith(_MARKER):
            raise ValueError("an older format")
        taken = int(head[len(_MARKER) :])
        stamps = Stamps.loads(rest)
    except (ValueError, EOFError, TypeError, AttributeError, IndexError):
        return "", Stamps(), 0
    try:
        return digest.decode("ascii"), stamps, taken - _RACY_NS
    except UnicodeDecodeError:
        return "", Stamps(), 0


def place(static: Path, rels: list[str], tree: SiteTree, inodes: Sequence[int] | None = None) -> int:
    """Hard-link the static files (synced to ``static``) into a built site;
    returns how many links were made. A file already placed (same inode: an
    older tree brought up to date, a preview's folder rebuilt in place) is
    left; one the tree no longer holds is removed from a folder this process
    placed files into before (a preview's; a build's tree prunes its own).
    Copies where links cannot be made (another file system). ``inodes``: each
    file's, as the sync that wrote or compared it just found (-1: not known;
    :meth:`DocsTree.inodes_of`), so the files are not looked at a second time."""
    src_root = str(static)
    made = 0
    if inodes is None or os.stat(src_root).st_dev != tree.dev:
        inodes = [-1] * len(rels)
    for rel, inode in zip(rels, inodes, strict=True):  # rel is normalised (DocsTree): joined as strings
        made += tree.link(f"{src_root}/{rel}", rel, inode if inode >= 0 else None)
    wanted = set(rels)
    for rel in _placed.get(tree.root, set()) - wanted:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tree.path(rel))
    if caches.kept_between_builds():  # only a preview places into the same folder again
        _placed[tree.root] = wanted
    return made
