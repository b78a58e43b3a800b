"""The folder a build puts its site into, and bringing an older tree up to date.

A build's site is mostly hard links: the static files (``docs_tree.place``), the
pages unchanged since the published build (``fill.py``), the unchanged search
shards (``search/indexer.py``). At 10 000 items that is ~40 000 files in
~11 000 folders to make anew in an empty folder on every build, and as many to
remove with the replaced site. So ``mkdocs build`` keeps the site it
replaced (the *spare*, ``publish.py``) and the next build brings that tree up to
date by difference (:meth:`SiteTree.link`, :meth:`SiteTree.move`): a file that already is its
source (same inode) stays; any other is unlinked and linked anew; a folder is
made only when it is missing; what the build did not produce is removed
(:meth:`SiteTree.prune`).

What the tree holds is read from the folder itself when the build begins (one
walk, inodes come with the listing), never from a record of an earlier build:
a spare that was changed by hand, or left half-updated by a killed build, is
still brought exactly to what this build makes. From then on the tree follows
every file it places or removes, so the link check takes the site's files from
it (:meth:`SiteTree.holding`) rather than walking ~11 000 folders again. So a
step writes into a site with a tree only through it (:meth:`SiteTree.new_file`,
:func:`new_file`) or into the folder it declares as its own (``PostStep.folder``:
a folder the prune was told to keep, listed afresh).

Files in the tree share inodes with the published site and with ``build/``, so
nothing is ever written into an existing file: a file is replaced by unlinking
it (or renaming a new one over it) before it is written.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from pathlib import Path

from .files import walk
from .model import Key, Site

_KEY: Key[SiteTree] = Key("core.site_tree")
PAGE = "index.html"  # a page's file in its URL's folder


class SiteTree:
    """The site folder of one build.

    ``held`` is what the folder held when the build began, by path: its inode
    (``None`` when unknown, e.g. a preview's folder rebuilt in place: then
    every placement looks first). Entries leave ``held`` as the build places
    them, so what is left at the end is what the build did not produce."""

    def __init__(self, root: Path, held: dict[str, int] | None = None, folders: set[str] | None = None, empty: set[str] | None = None) -> None:
        self.root = str(root)
        self.held = held
        self.folders = folders  # folders (relative, "" the root) that exist; None: unknown
        self.made: set[str] = set()  # folders made this build, where the folders are not known
        self.empty = empty or set()  # folders the tree held with nothing in them (removed by the prune)
        # Every file the folder holds, where ``held`` is known: what the walk found, then each
        # placement and removal. ``foreign``: folders steps bring up to date themselves (not followed).
        self.files: set[str] | None = set(held) if held is not None else None
        self.foreign: tuple[str, ...] = ()
        self.dev = os.stat(self.root).st_dev
        self.linked = 0  # links or copies made
        self.kept = 0  # files that already were their source
        # Pages linked from the published site, by URL: (modification time, size) as the build
        # read them to link them (``fill.py``). The link check takes them from here instead of
        # looking at ~10 000 pages again; any later placement at the same path drops its entry.
        self.page_status: dict[str, tuple[int, int]] = {}

    @classmethod
    def at(cls, root: Path) -> SiteTree:
        """A folder whose content is not known (a new build folder, a preview's)."""
        root.mkdir(parents=True, exist_ok=True)
        return cls(root)

    @classmethod
    def spare(cls, root: Path) -> SiteTree:
        """An older tree to bring up to date: what it holds, read from the folder
        (one listing per folder; the inodes come with it)."""
        held: dict[str, int] = {}
        folders, empty = {""}, set()
        pending = [("", str(root))]
        while pending:
            rel, path = pending.pop()
            prefix = rel + "/" if rel else ""
            nothing = True
            with os.scandir(path) as entries:
                for entry in entries:
                    nothing = False
                    name = prefix + entry.name
                    if entry.is_dir(follow_symlinks=False):
                        folders.add(name)
                        pending.append((name, entry.path))
                    else:  # a link or anything else is a file here: it never equals a source
                        held[name] = entry.inode() if entry.is_file(follow_symlinks=False) else -1
            if nothing and rel:
                empty.add(rel)
        return cls(root, held, folders, empty)

    def path(self, rel: str) -> str:
        return os.path.join(self.root, rel)

    def forget(self) -> None:
        """Files were removed outside the tree: what it says of the site's pages and files is not to be taken."""
        self.page_status.clear()
        self.files = None

    def holding(self) -> set[str] | None:
        """Every file the folder holds now (relative paths), None when not known (a tree whose
        content was not read): the files the tree followed, and those of the foreign folders
        as listed now (a step's own: the search index's ~100 folders, not the site's ~11 000)."""
        if self.files is None:
            return None
        files = {rel for rel in self.files if not rel.startswith(self.foreign)} if self.foreign else set(self.files)
        for folder in self.foreign:
            for _dirpath, prefix, _dirs, names in walk(self.path(folder)):
                files.update(f"{folder}{prefix}{name}" for name in names)
        return files

    def _replaced(self, rel: str) -> None:
        """Something else goes to ``rel`` now: what :attr:`page_status` says of it is no longer true."""
        if self.page_status and rel.endswith(PAGE):
            self.page_status.pop(rel[: -len(PAGE)], None)

    def linked_page(self, source: str, status: os.stat_result, url: str) -> None:
        """Link the page at ``url`` from ``source``, whose status the caller has just read."""
        rel = url + PAGE
        self.link(source, rel, status.st_ino if status.st_dev == self.dev else None)
        self.page_status[url] = (status.st_mtime_ns, status.st_size)

    def folder(self, rel: str) -> None:
        """Make sure the folder ``rel`` exists (made only when it is missing)."""
        if self.folders is None:
            if rel not in self.made:
                try:  # a new build's folder: one mkdir, not makedirs' look at its parent first
                    os.mkdir(self.path(rel))
                except OSError:
                    os.makedirs(self.path(rel), exist_ok=True)
                self.made.add(rel)
        elif rel not in self.folders:
            self.folder(os.path.dirname(rel))
            self._free(rel)  # a file of the same name (a changed spare)
            os.makedirs(self.path(rel), exist_ok=True)  # made by a step that did not say (a post-build step)
            self.folders.add(rel)

    def _free(self, rel: str) -> bool:
        """Remove the file the tree holds at ``rel`` (before something new goes there); True if there was one."""
        if self.held is None or self.held.pop(rel, None) is None:
            return False
        self._clear(rel)
        return True

    def _clear(self, rel: str) -> None:
        """Remove whatever is at ``rel``: a file, a link, or a folder and all it holds."""
        self._replaced(rel)
        if self.files is not None:
            self.files.discard(rel)
        try:
            os.unlink(self.path(rel))
        except IsADirectoryError:
            self.clear(rel)
        except FileNotFoundError:
            pass

    def new_file(self, rel: str) -> str:
        """The path to write a new file at: its folder made, what the tree held there removed."""
        self._replaced(rel)
        if not self._free(rel):
            self.folder(os.path.dirname(rel))
            if self.folders is not None and rel in self.folders:
                self.clear(rel)
        if self.files is not None:
            self.files.add(rel)
        return self.path(rel)

    def move(self, source: str, rel: str) -> None:
        """Rename ``source`` (a new file of this build, same file system) into the tree."""
        self._replaced(rel)
        if self.held is None or self.held.pop(rel, None) is None:
            self.folder(os.path.dirname(rel))
        path = self.path(rel)
        try:
            os.replace(source, path)  # replaces the name only: other links to the old file keep it
        except IsADirectoryError:
            self.clear(rel)
            os.replace(source, path)
        if self.files is not None:
            self.files.add(rel)

    def link(self, source: str, rel: str, inode: int | None = None) -> bool:
        """Make ``rel`` the file ``source`` (a hard link; a copy on another file system).
        False if it already was (same inode; for a copy, same size and time).
        ``inode``: the source's, when the caller has it (from a folder listing)."""
        self._replaced(rel)
        held = self.held.pop(rel, None) if self.held is not None else None
        if held is not None:  # the common case of a rebuild: one look at the source
            if inode is None:
                try:
                    src = os.stat(source)
                except FileNotFoundError:
                    src = None
                inode = src.st_ino if src is not None and src.st_dev == self.dev else None
            if inode == held or (inode is None and self._same(source, self.path(rel))):
                self.kept += 1
                return False  # held: in ``files`` since the walk
            self._clear(rel)
        else:
            self.folder(os.path.dirname(rel))
        path = self.path(rel)
        try:  # linked at once where nothing is (a new folder): no look first
            os.link(source, path)
        except FileExistsError:  # a file of a folder not known, or a folder where a file goes
            if self.held is None and self._same(source, path):
                self.kept += 1
                return False
            self._clear(rel)
            self._link_or_copy(source, path)
        except OSError:  # another file system: the link just failed, so no second try
            shutil.copy2(source, path)
        if self.files is not None:
            self.files.add(rel)
        self.linked += 1
        return True

    @staticmethod
    def _same(source: str, path: str) -> bool:
        """Is ``path`` the file ``source``: the same inode, or a copy made where links cannot
        be (another file system) with its size and time?"""
        try:
            src, dst = os.stat(source), os.lstat(path)
        except FileNotFoundError:
            return False
        if src.st_dev == dst.st_dev:
            return src.st_ino == dst.st_ino
        return stat.S_ISREG(dst.st_mode) and (dst.st_size, dst.st_mtime_ns) == (src.st_size, src.st_mtime_ns)

    @staticmethod
    def _link_or_copy(source: str, path: str) -> None:
        try:
            os.link(source, path)
        except OSError:  # another file system
            shutil.copy2(source, path)

    def reconcile(self, source: str, rel: str) -> int:
        """Link every file of the folder ``source`` into the folder ``rel`` (kept where it
        already is its source); returns how many links were made. What ``rel`` held beyond
        them goes at the build's last prune."""
        same_dev = os.stat(source).st_dev == self.dev
        made = 0
        pending = [(source, rel)]
        while pending:
            src, dst = pending.pop()
            self.folder(dst)
            with os.scandir(src) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append((entry.path, f"{dst}/{entry.name}"))
                    else:
                        made += self.link(entry.path, f"{dst}/{entry.name}", entry.inode() if same_dev else None)
        return made

    def clear(self, rel: str) -> None:
        """Remove the folder ``rel`` and everything in it (rare: where a file goes now)."""
        shutil.rmtree(self.path(rel), ignore_errors=True)
        prefix = rel + "/"
        for url in [u for u in self.page_status if u.startswith(prefix) or u == prefix]:
            del self.page_status[url]
        if self.held is not None:
            for path in [p for p in self.held if p.startswith(prefix)]:
                del self.held[path]
        if self.files is not None:
            self.files -= {p for p in self.files if p.startswith(prefix)}
        if self.folders is not None:
            self.folders -= {f for f in self.folders if f == rel or f.startswith(prefix)}
        self.made -= {f for f in self.made if f == rel or f.startswith(prefix)}

    def prune(self, under: str = "", keep: tuple[str, ...] = ()) -> int:
        """Remove the files held under ``under`` that this build did not place (except
        under the folders ``keep``, whose step brings them up to date itself: from now on
        :meth:`holding` lists them afresh), then the folders that left empty; returns how
        many files were removed."""
        if self.held is None:
            return 0
        assert self.folders is not None
        self.foreign += tuple(folder for folder in keep if not folder.startswith(self.foreign))
        gone = [rel for rel in self.held if rel.startswith(under) and not rel.startswith(keep)]
        for rel in gone:
            del self.held[rel]
            if self.files is not None:
                self.files.discard(rel)
            self._replaced(rel)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path(rel))
        # Only a folder that lost a file (or held none) can be empty: it and its parents, the deepest first.
        emptied = {os.path.dirname(rel) for rel in gone} | {f for f in self.empty if f.startswith(under) and not f.startswith(keep)}
        self.empty -= emptied
        for folder in sorted(emptied, key=lambda f: f.count("/"), reverse=True):
            while folder and folder in self.folders and folder.startswith(under):
                try:
                    os.rmdir(self.path(folder))
                except FileNotFoundError:
                    pass
                except OSError:  # holds something still
                    break
                self.folders.discard(folder)
                folder = os.path.dirname(folder)
        # A dict keeps its size as entries go. What is left by now is at most the search shards'
        # files (~15 MB of ~100 at 100 000 items) while Pagefind runs beside this process: the peak.
        self.held = dict(self.held)
        return len(gone)


def attach(site: Site, tree: SiteTree) -> None:
    site.put(_KEY, tree)


def of(site: Site, site_dir: Path) -> SiteTree | None:
    """The tree of this build's site at ``site_dir``, if the adapter made one."""
    tree = site.get(_KEY, None)
    return tree if tree is not None and tree.root == str(site_dir) else None


def new_file(site: Site, site_dir: Path, rel: str) -> Path:
    """Where a step writes a new file ``rel`` of the site (its folder made): through the build's
    tree where there is one, so that the tree knows the file (:meth:`SiteTree.holding`)."""
    tree = of(site, site_dir)
    if tree is not None:
        return Path(tree.new_file(rel))
    path = site_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
