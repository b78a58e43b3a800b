"""What an item's ``legacy_url`` says, read once per build: the decoded path
the old server answered at (the key of the redirect map, as nginx's ``$uri``
sees it) and, for static hosts, the file of the redirect page."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from ..model import Item, Key, Site

# Old pages a static host serves as HTML: a redirect page can stand there.
# Others (.jsp, .php, .asp …) are redirected by the server's map only.
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
# Characters that cannot stand inside a quoted nginx map key (or would end the line).
_UNSAFE = re.compile(r'["\\\x00-\x1f\x7f]')


@dataclass(frozen=True)
class OldAddress:
    item: Item
    position: int | None  # index in a list-valued legacy_url, None for a single string
    url: str  # as written
    path: str = ""  # decoded, normalised request path ("/a/b.htm"); "" when unusable
    problem: str = ""  # why it cannot be redirected (an error)
    query: bool = False  # carried a query string: the path alone cannot tell documents apart

    @property
    def page_file(self) -> str | None:
        """Where the redirect page goes in the site, or None when a static host cannot serve one there."""
        if not self.path or self.query:
            return None
        rel = self.path.lstrip("/")
        if not rel or rel.endswith("/"):
            return rel + "index.html"
        suffix = posixpath.splitext(rel)[1].lower()
        if not suffix:
            return rel + "/index.html"
        return rel if suffix in HTML_SUFFIXES else None


def urls_of(meta: dict) -> list[tuple[int | None, str]]:
    """(position in a list or None, URL) of every ``legacy_url`` an item's front matter writes."""
    value = meta.get("legacy_url")
    if isinstance(value, str):
        return [(None, value.strip())]
    if isinstance(value, list):
        return [(n, str(v).strip()) for n, v in enumerate(value) if isinstance(v, str)]
    return []


def request_path(url: str) -> tuple[str, str, bool]:
    """(the decoded, normalised path a server matches, why there is none, whether a query string came with it)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "", "不是有效的网址", False
    if parts.scheme not in ("http", "https", "") or (not parts.scheme and not url.startswith("/")):
        return "", "旧网址应当以 http://、https:// 或 / 开头", False
    try:
        path = unquote(parts.path or "/", errors="strict")
    except UnicodeDecodeError:
        return "", "网址中的 % 编码不是 UTF-8（例如 GBK 编码的中文），服务器无法按它跳转", False
    if _UNSAFE.search(path):
        return "", "网址中有引号、反斜杠或控制字符，无法写入重定向表", False
    # nginx's $uri: "." and ".." resolved, repeated slashes merged; a trailing slash kept.
    norm = posixpath.normpath("/" + path.lstrip("/")).replace("//", "/")
    if path.endswith("/") and norm != "/":
        norm += "/"
    return norm, "", bool(parts.query)


def read(item: Item, position: int | None, url: str) -> OldAddress:
    path, problem, query = request_path(url)
    return OldAddress(item, position, url, path=path, problem=problem, query=query)


_ADDRESSES: Key[list[OldAddress]] = Key("legacy.addresses")


def addresses(site: Site) -> list[OldAddress]:
    """Every old address of every item, in item order (once per build)."""
    return site.memo(_ADDRESSES, lambda: [read(item, n, url) for item in site.items for n, url in urls_of(item.meta) if url])
