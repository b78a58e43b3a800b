"""Shells: pages MkDocs/Material render once so the core can render many
pages like them without MkDocs.

Item pages, paginated listings and year views are 99 % of a column, are not
in the navigation, and differ from one another only in their content, title,
description, table of contents and a few per-page parts. For each distinct
page *context* (the path shape relative links depend on, the page kind, the
front matter the theme reads) the core adds one shell page to the docs tree,
whose per-page parts are markers. MkDocs renders it with the theme and
``overrides/`` (so they stay the only source of the look); the core then
compiles it (:func:`compile_shell`: static text between slots, whitespace of
the chrome squeezed) and fills it for every page of that context
(:meth:`Shell.fill`), page by page, straight to disk.

Relative links depend on the whole path, not only its depth: a shell takes
the longest prefix of the page's path that leads towards a page MkDocs
renders or the theme's assets, and placeholder folders for the rest, so every
link of the chrome resolves the same from the shell and from the page.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from .docs_tree import SHELL_KEYS
from .pages.html import TocEntry

PLACEHOLDER = "_xxgk-shell"  # a path segment no page has (slugs and columns are checked)
TITLE = "XXGKSHELLTITLE"
DESCRIPTION = "XXGKSHELLDESC"
HEAD = "<!--xxgk:head-->"
TAIL = "<!--xxgk:tail-->"
_H = ("XXGKSHELLHONE", "XXGKSHELLHTWO", "XXGKSHELLHTHREE")
# Whitespace of the chrome: Material's templates indent every line. A run of
# whitespace holding a newline is one newline (HTML reads both as one space;
# the chrome has no <pre> or <textarea>).
_SQUEEZE = re.compile(r"[ \t]*\n\s*")
# A newline between two tags is not rendered at all when one of them is a block
# or a list item (it falls at the start or end of a line, or between flex items:
# Material's tabs) or lives in <head>: dropped, ~0.4 KB of every page (issue 11;
# tests/test_shell_look.py compares screenshots). Between two inline tags (a,
# span, label, input, button, i, img) it may be a visible space: kept.
_GAP = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>\n(?=<(/?)([a-zA-Z][a-zA-Z0-9]*)\b)")
_BLOCKS = frozenset(
    ["html", "head", "body", "meta", "link", "title", "script", "div", "nav", "header", "footer", "main", "article"]
    + ["section", "aside", "ul", "ol", "table", "caption", "tbody", "thead", "tr", "th", "td", "p", "form"]
    + ["h1", "h2", "h3", "h4", "h5", "h6", "li"]
)


def _gap(m: re.Match[str]) -> str:
    keep = m.group(2).lower() not in _BLOCKS and m.group(4).lower() not in _BLOCKS
    return m.group(0) if keep else m.group(0)[:-1]


# Material's empty containers for what a shelled page never has: an announcement bar
# (none in mkdocs.yml) and the dialog of its copy-to-clipboard message (no copy buttons:
# content.code.copy is off). Its script mounts each only where the page has one.
_EMPTY = ('<div data-md-component="announce"></div>', '<div class="md-dialog" data-md-component="dialog"><div class="md-dialog__inner md-typeset"></div></div>')


def squeeze(text: str) -> str:
    """The chrome's whitespace as the browser renders it: runs holding a newline
    made one newline, and that newline dropped between tags where it shows nowhere;
    Material's empty containers left out (0.14 KB of every page, issue 11)."""
    text = _GAP.sub(_gap, _SQUEEZE.sub("\n", text))
    for empty in _EMPTY:
        text = text.replace(empty, "", 1)
    return text


class ShellError(RuntimeError):
    """The rendered shell lacks a marker: the theme's templates changed in a way the core cannot follow."""


def path_prefixes(urls: set[str]) -> set[tuple[str, ...]]:
    """Every prefix of every URL (as segments): where the chrome's links lead."""
    out: set[tuple[str, ...]] = {()}
    for url in urls:
        segments = tuple(s for s in url.split("/") if s)
        out.update(segments[:n] for n in range(1, len(segments) + 1))
    return out


def shell_url(url: str, prefixes: set[tuple[str, ...]]) -> str:
    """The URL of the shell for the page at ``url`` (see the module's docstring)."""
    segments = [s for s in url.split("/") if s]
    keep = 0
    while keep < len(segments) and tuple(segments[: keep + 1]) in prefixes:
        keep += 1
    return "".join(f"{s}/" for s in [*segments[:keep], *[PLACEHOLDER] * (len(segments) - keep)])


def shell_front(values: dict[str, Any]) -> dict[str, Any]:
    """The front matter a page shares with its shell."""
    front = {k: values[k] for k in SHELL_KEYS if k in values}
    if "xxgk_search" in front:
        front["xxgk_search"] = True  # only whether it is there matters to the theme
    return front


@dataclass(frozen=True)
class ShellSpec:
    base: str  # shell_url() of its pages, e.g. "_xxgk-shell/_xxgk-shell/"
    front: tuple[tuple[str, Any], ...]  # shell_front(), as a hashable tuple

    @property
    def id(self) -> str:
        return _shell_id(self.base, self.front)

    @property
    def url(self) -> str:
        """Where MkDocs renders it: the base, its last folder named after the
        context (two contexts may share a path shape; links do not see the name)."""
        return f"{self.base.removesuffix(PLACEHOLDER + '/')}{PLACEHOLDER}-{self.id}/"

    def markdown(self) -> str:
        """The shell's docs-tree page: markers where every page has its own parts."""
        front = {
            **dict(self.front),
            "title": TITLE,
            "description": DESCRIPTION,
            "xxgk_head": HEAD,
            "xxgk_tail": TAIL,
            "xxgk_shell": True,
        }
        lines = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in front.items())
        return f"---\n{lines}\n---\n\n# {_H[0]}\n\n## {_H[1]}\n\n### {_H[2]}\n"


@functools.lru_cache(maxsize=1024)  # asked once per page of a build (10 000s), for a few dozen shells
def _shell_id(base: str, front: tuple[tuple[str, Any], ...]) -> str:
    return hashlib.blake2b(json.dumps([base, front], ensure_ascii=False).encode(), digest_size=6).hexdigest()


def spec_for(url: str, front: dict[str, Any], prefixes: set[tuple[str, ...]]) -> ShellSpec:
    shared = shell_front(front)
    return ShellSpec(shell_url(url, prefixes), tuple(sorted((k, _hashable(v)) for k, v in shared.items())))


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


# ── compiled shells ───────────────────────────────────────────────────────────


@dataclass
class PageParts:
    """What a page puts into its shell (all HTML, escaped by construction)."""

    title: str  # escaped once, as the front matter holds it
    description: str | None
    content: str
    toc: list[TocEntry]
    head: str = ""
    tail: str = ""
    url: str = ""


@dataclass
class TocTemplates:
    nav_open: str  # <nav class="md-nav md-nav--secondary" …>
    list_open: str  # the label and <ul> of a table that has entries
    leaf: str  # one entry without children: {url} {title}
    parent_open: str  # an entry with children, up to their list: {url} {title} {label}
    parent_close: str
    list_close: str  # </ul></nav>

    def render(self, toc: list[TocEntry]) -> str:
        # Material lists the h1's children when the page starts with an h1.
        entries = toc[0].children if toc and toc[0].level == 1 else toc
        if not entries:
            return self.nav_open + "\n</nav>"
        out = [self.nav_open, self.list_open]
        self._entries(entries, out)
        out.append(self.list_close)
        return "".join(out)

    def _entries(self, entries: list[TocEntry], out: list[str]) -> None:
        for e in entries:
            url = f"#{e.id}"
            if e.children:
                label = str(escape(Markup(e.name).striptags()))
                out.append(self.parent_open.replace("{url}", url).replace("{label}", label).replace("{title}", e.name))
                self._entries(e.children, out)
                out.append(self.parent_close)
            else:
                out.append(self.leaf.replace("{url}", url).replace("{title}", e.name))


@dataclass
class Shell:
    """A rendered shell as static text and named slots."""

    pieces: list[str | tuple[str, str]]  # text, or (slot name, its static text in the shell)
    toc: TocTemplates | None  # None: the shell has no table of contents
    skip: tuple[str, str]  # the skip link around its "#id"
    url: str
    canonical: bool = False

    def fill(self, page: PageParts) -> str:
        values = {
            "title": page.title,
            "description": self._description(page.description),
            "skip": f"{self.skip[0]}#{page.toc[0].id}{self.skip[1]}" if page.toc else "",
            "toc": self.toc.render(page.toc) if self.toc else "",
            "content": page.content,
            "head": page.head,
            "tail": page.tail,
        }
        out = []
        for piece in self.pieces:
            if isinstance(piece, str):
                out.append(piece)
            elif piece[0] == "canonical":
                out.append(piece[1].replace(self.url, page.url))
            else:
                out.append(values[piece[0]])
        return "".join(out)

    def _description(self, description: str | None) -> str:
        # Shells are made for pages outside the navigation only, which carry no
        # site-wide description when they have none of their own (overrides/main.html).
        return f'<meta name="description" content="{description}">' if description else ""


def _find(text: str, needle: str, start: int = 0) -> int:
    at = text.find(needle, start)
    if at == -1:
        raise ShellError(f"没有找到 {needle[:60]!r}")
    return at


def _toc_templates(text: str, toc_start: int, ids: tuple[str, str, str]) -> tuple[TocTemplates, int]:
    """The table of contents' pieces, cut from the shell's (whose entries are the h2 and h3 markers)."""
    nav_open_end = _find(text, ">", toc_start) + 1
    at2 = _find(text, f'href="#{ids[1]}"', toc_start)
    li2 = text.rfind("<li", toc_start, at2)
    at3 = _find(text, f'href="#{ids[2]}"', at2)
    li3 = text.rfind("<li", at2, at3)
    li3_end = _find(text, "</li>", at3) + len("</li>")
    li2_end = _find(text, "</li>", li3_end) + len("</li>")
    toc_end = _find(text, "</nav>", _find(text, "</ul>", li2_end)) + len("</nav>")

    def holes(piece: str, n: int) -> str:
        return piece.replace(f"#{ids[n]}", "{url}").replace(f'aria-label="{_H[n]}"', 'aria-label="{label}"').replace(_H[n], "{title}")

    toc = TocTemplates(
        nav_open=text[toc_start:nav_open_end],
        list_open=text[nav_open_end:li2],
        leaf=holes(text[li3:li3_end], 2),
        parent_open=holes(text[li2:li3], 1),
        parent_close=text[li3_end:li2_end],
        list_close=text[li2_end:toc_end],
    )
    return toc, toc_end


def compile_shell(text: str, url: str) -> Shell:
    """Cut a rendered shell into static text and slots."""
    text = squeeze(text)
    slots: list[tuple[int, int, str]] = []
    # Content: from the h1 marker heading to the end of the h3 one.
    h1 = re.search(rf'<h1 id="([^"]*)">{_H[0]}</h1>', text)
    h2 = re.search(rf'<h2 id="([^"]*)">{_H[1]}</h2>', text)
    h3 = re.search(rf'<h3 id="([^"]*)">{_H[2]}</h3>', text)
    if not (h1 and h2 and h3):
        raise ShellError("外壳页面缺少标记标题")
    slots.append((h1.start(), h3.end(), "content"))
    ids = h1.group(1), h2.group(1), h3.group(1)
    # Table of contents: Material's secondary nav, holding the h2 and h3 entries
    # (none in pages that carry no table of contents: overrides/main.html).
    toc: TocTemplates | None = None
    toc_start = text.find('<nav class="md-nav md-nav--secondary"')
    if toc_start != -1:
        toc, toc_end = _toc_templates(text, toc_start, ids)
        slots.append((toc_start, toc_end, "toc"))
    # The skip link points at the first heading.
    skip_href = f'href="#{ids[0]}"'
    at = _find(text, skip_href)
    skip_start = text.rfind("<a ", 0, at)
    skip_end = _find(text, "</a>", at) + len("</a>")
    skip = (text[skip_start : at + len('href="')], text[at + len(skip_href) - 1 : skip_end])
    slots.append((skip_start, skip_end, "skip"))
    description = f'<meta name="description" content="{DESCRIPTION}">'
    at = _find(text, description)
    slots.append((at, at + len(description), "description"))
    for marker, name in ((HEAD, "head"), (TAIL, "tail")):
        at = text.find(marker)
        if at != -1:
            slots.append((at, at + len(marker), name))
    for m in re.finditer(TITLE, text):
        slots.append((m.start(), m.end(), "title"))
    canonical = re.search(r'<link rel="canonical" href="[^"]*">', text)
    if canonical:
        slots.append((canonical.start(), canonical.end(), "canonical"))
    slots.sort()
    pieces: list[str | tuple[str, str]] = []
    position = 0
    for start, end, name in slots:
        if start < position:
            raise ShellError(f"外壳页面的标记重叠：{name}")
        pieces.append(text[position:start])
        pieces.append((name, text[start:end]))
        position = end
    pieces.append(text[position:])
    return Shell(pieces, toc, skip, url, canonical is not None)
