"""Pages the core renders to HTML itself (item pages, paginated listings,
late pages), filled into a shell after MkDocs (``generator/shell.py``).

The page templates are the same as for the docs tree; only two things
differ. A heading (``h(level, text)`` in a template, or a heading of a
Markdown field) becomes an ``<hN id="…">`` instead of a Markdown ``#`` line,
and the headings make the page's table of contents. Ids and the table are
made the way python-markdown's ``toc`` extension makes them for MkDocs
(explicit ids kept, the others slugified with the slugify of ``mkdocs.yml``
and made unique in document order), so the HTML is the one MkDocs would
have produced: ``tests/test_shell.py`` compares the two.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markdown.extensions.toc import slugify as markdown_slugify
from markdown.extensions.toc import strip_tags, unique
from markupsafe import Markup

from ..markup import Heading, block_html, md_text, render_markdown

CONTEXT_KEY = "xxgk_html"  # the template variable holding the page's HtmlPage in HTML mode
_PLACEHOLDER = re.compile(r"\x00h(\d+)\x00")
_NEWLINES = re.compile(r"[\r\n\u2028\u2029]+")


@dataclass(frozen=True)
class Headings:
    """How heading ids are made: the ``toc`` settings of ``mkdocs.yml``."""

    slugify: Callable[[str, str], str] = markdown_slugify
    separator: str = "-"


@dataclass
class TocEntry:
    level: int
    id: str
    name: str  # the heading's text as HTML (entities kept), as python-markdown's toc token "name"
    children: list[TocEntry] = field(default_factory=list)


@dataclass
class HtmlPage:
    """The headings of one page while its template renders."""

    headings: Headings
    found: list[Heading] = field(default_factory=list)

    def heading(self, heading: Heading) -> Markup:
        self.found.append(heading)
        return Markup(f"\x00h{len(self.found) - 1}\x00")

    def finish(self, text: str) -> tuple[str, list[TocEntry]]:
        """The page's HTML with every heading's id, and its table of contents (nested)."""
        used = {h.id for h in self.found if h.id}
        counters: dict[str, int] = {}
        flat: list[TocEntry] = []
        for h in self.found:
            name = strip_tags(h.html)
            ident = h.id or unique(self.headings.slugify(html.unescape(name), self.headings.separator), used, counters)
            flat.append(TocEntry(h.level, ident, name))
        out = _PLACEHOLDER.sub(lambda m: _tag(self.found[int(m.group(1))], flat[int(m.group(1))].id), text)
        return out, _nest(flat)


def _tag(h: Heading, ident: str) -> str:
    return f'<h{h.level} id="{ident}">{h.html}</h{h.level}>'


def _nest(flat: list[TocEntry]) -> list[TocEntry]:
    """python-markdown's ``nest_toc_tokens``: each entry under the nearest shallower one before it."""
    top: list[TocEntry] = []
    stack: list[TocEntry] = []
    for entry in flat:
        while stack and stack[-1].level >= entry.level:
            stack.pop()
        (stack[-1].children if stack else top).append(entry)
        stack.append(entry)
    return top


def plain_heading(text: Any) -> Heading:
    """A plain-text field as a heading: what python-markdown makes of ``# {{ text | md_text }}``."""
    return Heading(0, html.escape(_NEWLINES.sub(" ", str(text)), quote=False).strip(), None)


def heading(context: Any, level: int, text: Any, ident: str | None = None) -> Markup:
    """Template global ``h(level, text)``: a heading of plain text; ``h(level, text, "id")``
    with an id of the template's (ASCII) instead of its slug."""
    page: HtmlPage | None = context.get(CONTEXT_KEY)
    if page is None:
        return Markup("#" * level + " ") + md_text(text) + (Markup(f" {{#{ident}}}") if ident else "")
    return page.heading(Heading(level, plain_heading(text).html, ident))


def markdown_field(context: Any, text: Any) -> Markup:
    """Template filter ``markdown``: a Markdown field, as docs-tree Markdown or as HTML."""
    rendered = render_markdown(text if isinstance(text, str) else str(text or ""))
    page: HtmlPage | None = context.get(CONTEXT_KEY)
    if page is None:
        return rendered.docs
    if not rendered.parts:
        return Markup("")
    body = "\n".join(page.heading(p) if isinstance(p, Heading) else block_html(p) for p in rendered.parts)
    return Markup("\n" + body + "\n")
