"""The saved legacy site: which files are pages, the address each one had, and
the file of the mirror a link points to. Nothing is fetched: a link to a file
the mirror lacks stays a link to the old site (and gets a worklist line).

Layouts understood: wget (``www.example.gov.cn/a/b.htm``, ``…/index.html`` for a
folder, ``content.jsp?id=5`` for a query), HTTrack (the same, plus its own
``hts-cache/`` and index pages, and a ``Mirrored from`` comment in each page),
and a plain folder of pages with ``--base-url`` naming the old site.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from ..files import is_link

PAGE_SUFFIXES = {".htm", ".html", ".shtml", ".xhtml", ".jsp", ".php", ".asp", ".aspx", ".do", ".action"}
SKIP_DIRS = {"hts-cache", "hts-tmp"}  # HTTrack's own
MAX_PAGE_BYTES = 10 * 1024 * 1024
MAX_FILE_BYTES = 200 * 1024 * 1024  # an attachment copied next to an item
_HOST = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d{1,5})?$")
_HTTRACK = re.compile(rb"<!-- Mirrored from (\S+) by HTTrack")
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_-]{2,40})""", re.I)


@dataclass(frozen=True)
class SavedPage:
    path: Path  # the file
    rel: str  # relative to the mirror, with forward slashes
    url: str  # the address it had: http://host/path, or /path when the mirror names no host


def decode(data: bytes) -> str:
    """The page's text: its BOM, else its <meta charset>, else UTF-8, else GB18030
    (GB2312/GBK pages are common on older government sites)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    declared = _CHARSET.search(data[:4096])
    names = [declared.group(1).decode("ascii").lower()] if declared else []
    names = ["gb18030" if n in ("gb2312", "gbk", "gb_2312-80", "x-gbk") else n for n in names]
    for name in [*names, "utf-8", "gb18030"]:
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


class Mirror:
    def __init__(self, root: Path, base_url: str | None = None):
        self.root = root.resolve()
        self.base_url = base_url.rstrip("/") + "/" if base_url else None
        self.hosts: dict[str, str] = {}  # lower-case host → its folder's name
        for entry in sorted(self.root.iterdir()):
            if entry.is_dir() and not is_link(entry) and _HOST.match(entry.name):
                self.hosts.setdefault(entry.name.lower(), entry.name)

    def url_of(self, rel: str) -> str:
        first, _, rest = rel.partition("/")
        if first.lower() in self.hosts and rest:
            return f"http://{first.lower()}/{rest}"
        if self.base_url:
            return urljoin(self.base_url, quote(rel, safe="/?=&%:@"))
        return "/" + rel

    def pages(self, under: str = "") -> Iterator[SavedPage]:
        """Every saved page, in path order; ``under`` keeps those whose old path starts with it."""
        for dirpath, dirnames, filenames in os.walk(self.root):
            here = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS and not is_link(here / d))
            top = here == self.root
            for name in sorted(filenames):
                path = here / name
                if name.startswith(".") or is_link(path) or (top and self.hosts):
                    continue  # a host layout's top-level files are the crawler's own (HTTrack's index.html)
                if os.path.splitext(name.split("?", 1)[0])[1].lower() not in PAGE_SUFFIXES:
                    continue
                rel = path.relative_to(self.root).as_posix()
                url = self.url_of(rel)
                if under and not unquote(urlsplit(url).path).startswith(under):
                    continue
                yield SavedPage(path, rel, url)

    def stated_url(self, data: bytes) -> str | None:
        """The address HTTrack wrote into the page it saved."""
        m = _HTTRACK.search(data[:8192])
        if not m:
            return None
        url = m.group(1).decode("utf-8", errors="replace")
        return url if "://" in url else "http://" + url

    def file_for(self, url: str) -> Path | None:
        """The regular file of the mirror an absolute URL (or site path) names, if it was saved."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https", ""):
            return None
        path = unquote(parts.path)
        host = (parts.hostname or "").lower()
        if self.hosts:
            if host not in self.hosts:
                return None
            base = self.root / self.hosts[host]
        elif self.base_url and host and host != (urlsplit(self.base_url).hostname or "").lower():
            return None
        else:
            base = self.root
        rel = path.lstrip("/")
        names = [rel + "index.html", rel + "index.htm", rel + "index.shtml"] if rel.endswith("/") or not rel else [rel]
        if parts.query:
            names = [f"{n}?{parts.query}" for n in names] + [f"{n}?{parts.query}.html" for n in names]
        for name in names:
            candidate = base / name
            if self._inside(candidate) and candidate.is_file() and not is_link(candidate):
                return candidate
        return None

    def _inside(self, path: Path) -> bool:
        """Never a file outside the mirror (a ``..`` in a link, a linked folder)."""
        try:
            return os.path.realpath(path).startswith(str(self.root) + os.sep)
        except (OSError, ValueError):
            return False
