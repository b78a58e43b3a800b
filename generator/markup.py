"""What content may put on a page: plain text stays text, Markdown fields are
rendered here and cleaned to a safe subset of HTML.

- **Plain-text fields** (titles, names, the footer …) are text wherever they
  land: :func:`md_text` on a Markdown line of the docs tree (it HTML-escapes
  *and* backslash-escapes Markdown punctuation, so ``[x](javascript:…)`` or
  ``{: onclick=…}`` in a title stays literal), Jinja's autoescape inside our
  HTML, and :func:`theme_text` for the values MkDocs and Material print without
  escaping (front-matter ``title``/``description``, nav titles, ``extra.xxgk``).
- **Markdown fields** (item bodies, rule pages, guide sections, report prose —
  what the schemas call Markdown) are rendered by python-markdown here, not by
  MkDocs, and cleaned by nh3 (ammonia) to an allow-list of document HTML. The
  result is written into the docs tree as raw HTML blocks, which MkDocs copies
  unchanged; only the top-level headings are written back as (escaped)
  Markdown headings, so Material's table of contents still lists them.

:func:`render_markdown` is pure and cached by text: ``xxgk check`` and the
writer render each field once per process (see the function for where it is kept).
"""

from __future__ import annotations

import functools
import html
import re
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import markdown
import nh3
from markupsafe import Markup

from . import caches, diskmemo

# ── plain text ────────────────────────────────────────────────────────────────

# python-markdown's backslash escapes (+ "|" from the tables extension), less
# ">" which html.escape turns into &gt;. A newline would start a new block.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_NEWLINES = re.compile(r"[\r\n\u2028\u2029]+")


def md_text(value: Any) -> Markup:
    """Plain text for a Markdown line (a heading): shown literally, never parsed."""
    text = _NEWLINES.sub(" ", str(value))
    return Markup(html.escape(_MD_SPECIAL.sub(r"\\\1", text), quote=False))


def theme_text(value: Any) -> str:
    """Plain text for a value MkDocs or Material print raw into HTML (text or
    attribute): escaped here, once, in the core."""
    return html.escape(str(value), quote=True)


# ── Markdown fields ───────────────────────────────────────────────────────────

# The same extensions MkDocs used when it rendered the bodies (mkdocs.yml and
# its built-in fenced_code); tables with align="…" instead of style="…".
_EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "footnotes", "fenced_code"]
_EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}

_TEXT = {"a", "abbr", "b", "br", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s", "samp",
         "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}  # fmt: skip
_BLOCK = {"p", "div", "blockquote", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt",
          "dd", "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td", "figure",
          "figcaption", "details", "summary", "address"}  # fmt: skip
_MEDIA = {"img", "video", "audio", "source"}
ALLOWED_TAGS = _TEXT | _BLOCK | _MEDIA
# Removed with everything inside them (the rest of a dropped element's content stays, as text).
_CLEAN_CONTENT = {"script", "style", "template", "textarea", "title", "noscript", "iframe", "object", "embed", "svg",
                  "math", "select", "xmp", "noembed", "noframes", "frameset", "applet"}  # fmt: skip
_CELL = {"colspan", "rowspan", "scope", "headers", "align"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "video": {"src", "controls", "width", "height", "preload"},
    "audio": {"src", "controls", "preload"},
    "source": {"src", "type"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "th": _CELL,
    "td": _CELL,
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "code": {"class"},  # language-… from fenced code; no script reads it
}
_ADMONITIONS = {"note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger", "bug",
                "example", "quote", "attention", "caution", "error", "hint", "important"}  # fmt: skip
ALLOWED_CLASSES = {
    "div": {"admonition", "footnote", *_ADMONITIONS},
    "p": {"admonition-title"},
    "a": {"footnote-ref", "footnote-backref"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}  # and relative URLs
_SAFE_ID = re.compile(r"(?!__|xxgk|md-)[\w:.-]{1,80}")  # never one of Material's or our own


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    # An id like "__drawer" or "__config" would shadow the theme's own elements.
    if attribute == "id" and not _SAFE_ID.fullmatch(value):
        return None
    return value


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=_CLEAN_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_attribute_filter,
    allowed_classes=ALLOWED_CLASSES,
    url_schemes=URL_SCHEMES,
    link_rel=None,  # no target="_blank" is allowed, so no window.opener to guard
    strip_comments=True,
)
# One converter per thread: a python-markdown instance keeps state while it converts, and
# the preview renders a saved item (fast render) beside the rebuild's own thread.
_converters = threading.local()


def _md() -> markdown.Markdown:
    md = getattr(_converters, "md", None)
    if md is None:
        md = _converters.md = markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS, output_format="html")
    return md


# Tags and attributes of HTML before and after cleaning. Before, it is the
# editor's raw HTML mixed with python-markdown's output, so the pattern is
# lenient; it only feeds messages and checks, never what is published.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
URL_ATTRIBUTES = {"href", "src", "srcset", "poster", "data", "action", "formaction", "xlink:href", "background",
                  "cite", "longdesc", "lowsrc", "dynsrc", "ping", "codebase", "archive", "usemap"}  # fmt: skip
# The URLs cleaning keeps (when their scheme is allowed); of them, what a page
# loads by itself, without a click.
MEDIA_SOURCES = {("img", "src"), ("video", "src"), ("audio", "src"), ("source", "src")}
KEPT_URLS = {("a", "href"), *MEDIA_SOURCES}


@dataclass(frozen=True, slots=True)
class Url:
    tag: str
    attribute: str
    value: str  # as the browser reads it (entities decoded)
    raw: str  # as it stands in the HTML, to find it in the source


@dataclass(frozen=True, slots=True)
class Rendered:
    docs: Markup  # the cleaned HTML, as docs-tree Markdown (raw HTML blocks + headings)
    parts: tuple[Part, ...]  # the same, cut into blocks and headings (for pages the core renders itself)
    dropped: tuple[tuple[str, str], ...]  # what cleaning removed: ("element", "script"), ("attribute", "onclick") …
    urls: tuple[Url, ...]  # every URL the field wrote, before cleaning

    def plain(self) -> tuple[Any, ...]:
        """As plain data, for the per-file memo (``diskmemo``)."""
        parts = tuple(p if isinstance(p, str) else (p.level, p.html, p.id) for p in self.parts)
        return str(self.docs), parts, self.dropped, tuple((u.tag, u.attribute, u.value, u.raw) for u in self.urls)

    @classmethod
    def from_plain(cls, data: tuple[Any, ...]) -> Rendered:
        docs, parts, dropped, urls = data
        return cls(
            Markup(docs),
            tuple(p if isinstance(p, str) else Heading(*p) for p in parts),
            tuple(tuple(d) for d in dropped),
            tuple(Url(*u) for u in urls),
        )


def _inventory(text: str) -> tuple[Counter[str], Counter[str], Counter[str], list[Url]]:
    tags: Counter[str] = Counter()
    attributes: Counter[str] = Counter()
    classes: Counter[str] = Counter()
    urls: list[Url] = []
    inside: str | None = None  # an element removed with its content: what is in it is not counted
    for m in _TAG.finditer(text):
        tag = m.group(2).lower()
        if m.group(1):
            if tag == inside:
                inside = None
            continue
        if inside is None:
            tags[tag] += 1
            if tag in _CLEAN_CONTENT:
                inside = tag
        for a in _ATTR.finditer(m.group(3)):
            name = a.group(1).lower()
            raw = (a.group(2) or "").strip("\"'")
            if inside is None or tag == inside:
                attributes[name] += 1
                if name == "class":
                    classes.update(raw.split())
            if name in URL_ATTRIBUTES:  # every URL, even one inside removed content: the checks refuse it anyway
                urls.append(Url(tag, name, html.unescape(raw), raw))
    return tags, attributes, classes, urls


def _dropped(before: str, after: str) -> tuple[tuple[tuple[str, str], ...], tuple[Url, ...]]:
    tags, attributes, classes, urls = _inventory(before)
    kept_tags, kept_attributes, kept_classes, _ = _inventory(after)
    out = [("element", t) for t in tags if kept_tags[t] < tags[t]]
    # A URL removed for its scheme is reported by the checks, which see every URL.
    out += [("attribute", a) for a in attributes if kept_attributes[a] < attributes[a] and a not in URL_ATTRIBUTES and a != "class"]
    out += [("class", c) for c in classes if kept_classes[c] < classes[c]]
    return tuple(out), tuple(urls)


def describe(dropped: tuple[str, str]) -> str:
    """``("element", "script")`` → ``<script> 元素``, as editors read it."""
    kind, name = dropped
    return {"element": f"<{name}> 元素", "attribute": f"{name} 属性", "class": f"class 值“{name}”", "scheme": f"{name}: 地址"}[kind]


# A top-level heading of the cleaned HTML holding only text (entities allowed).
_HEADING_TEXT = re.compile(r"[^<]*")
_HEADING_ID = re.compile(r'\bid="([\w:.-]+)"')
_ENTITY_OR_SPECIAL = re.compile(r"(&[a-zA-Z]+;|&#\w+;)|" + _MD_SPECIAL.pattern)


@dataclass(frozen=True, slots=True)
class Heading:
    """A top-level, text-only heading of a Markdown field: a Markdown heading
    in the docs tree (so the table of contents lists it), an ``<hN>`` with
    its id when the core renders the page itself (``pages/html.py``)."""

    level: int
    html: str  # its text as cleaned HTML (entities kept, no tags), on one line
    id: str | None  # the id the editor gave it, if any


Part = str | Heading  # a run of cleaned block HTML, or a heading


def _md_heading(heading: Heading) -> str:
    text = _ENTITY_OR_SPECIAL.sub(lambda m: m.group(1) or "\\" + m.group(2), heading.html)
    return "#" * heading.level + " " + text + (f" {{: #{heading.id} }}" if heading.id else "")


def _parts(clean: str) -> tuple[Part, ...]:
    """Cleaned HTML cut into runs of blocks and top-level text-only headings."""
    parts: list[Part] = []
    depth, start, heading = 0, 0, None

    def flush(end: int) -> None:
        chunk = clean[start:end].strip()
        if chunk:
            parts.append(chunk)

    for m in _TAG.finditer(clean):
        closing, tag = m.group(1), m.group(2).lower()
        if tag in _VOID:
            continue
        if closing:
            depth -= 1
            if depth == 0 and heading is not None and tag == heading[0]:
                inner = clean[heading[2] : m.start()]
                if _HEADING_TEXT.fullmatch(inner) and inner.strip():
                    flush(heading[1])
                    ident = _HEADING_ID.search(heading[3])
                    parts.append(Heading(int(tag[1]), _NEWLINES.sub(" ", inner).strip(), ident.group(1) if ident else None))
                    start = m.end()
                heading = None
            continue
        if depth == 0 and re.fullmatch(r"h[1-6]", tag):
            heading = (tag, m.start(), m.end(), m.group(3))
        depth += 1
    flush(len(clean))
    return tuple(parts)


BODY_CLASS = "xxgk-body"


def block_html(chunk: str) -> str:
    """A run of cleaned blocks as the page holds it: in a raw ``<div>`` block,
    which MkDocs copies verbatim, so no text in it is ever read as Markdown."""
    return f'<div class="{BODY_CLASS}">\n{chunk}\n</div>'


def _docs_markdown(parts: tuple[Part, ...]) -> str:
    """The parts as docs-tree Markdown: blocks in raw ``<div>`` blocks, headings as Markdown headings."""
    return "\n\n".join(_md_heading(p) if isinstance(p, Heading) else block_html(p) for p in parts)


_TABLE_OPEN = re.compile(r"<table\b([^>]*)>", re.I)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.I)


def _scrollable_tables(clean: str) -> str:
    """Every table of a cleaned field inside a focusable region that scrolls
    sideways (a phone shows a wide table whole, with a visible cue, and the
    keyboard can scroll it). The table gets our class, so Material's script
    does not wrap it a second time (it wraps only tables without a class)."""
    if "<table" not in clean:
        return clean

    def opening(m: re.Match[str]) -> str:
        attributes = m.group(1)
        if re.search(r"\bclass=", attributes):
            attributes = re.sub(r'\bclass="', 'class="xxgk-table__table ', attributes, count=1)
        else:
            attributes = ' class="xxgk-table__table"' + attributes
        return f'<div class="xxgk-table" role="region" aria-label="表格（可左右滚动）" tabindex="0"><table{attributes}>'

    return _TABLE_CLOSE.sub("</table></div>", _TABLE_OPEN.sub(opening, clean))


def _render(text: str) -> tuple[str, str]:
    """The field as python-markdown renders it, and the same cleaned."""
    raw = _md().reset().convert(text)
    return raw, _cleaner.clean(raw)


def clean_html(text: str) -> str:
    """A Markdown field as cleaned HTML."""
    return _render(text)[1]


def render_markdown(text: str) -> Rendered:
    """A Markdown field for the docs tree, with what cleaning dropped and the URLs it held.
    Rendered once per process: a preview keeps every field in memory; a build
    keeps the last few and reads a field back from the per-file memo
    (``diskmemo``) when a page or the search index needs it again, since
    holding every field held the site's text twice over (issue 11)."""
    return (_kept_rendered if caches.kept_between_builds() else _recent_rendered)(text)


def _render_field(text: str) -> Rendered:
    digest = diskmemo.key(text) if diskmemo.active() else b""
    kept = diskmemo.get("markdown", digest) if digest else None
    if kept is not None:
        return Rendered.from_plain(kept)
    raw, clean = _render(text)
    dropped, urls = _dropped(raw, clean)
    parts = _parts(_scrollable_tables(clean))
    docs = _docs_markdown(parts)
    rendered = Rendered(Markup("\n" + docs + "\n" if docs else ""), parts, dropped, urls)
    if digest:
        diskmemo.put("markdown", digest, rendered.plain())
    return rendered


# Keyed by the field's text as the model holds it (the same string object for the
# check and the writer, so a large site keeps one copy).
_kept_rendered = functools.lru_cache(maxsize=50_000)(_render_field)
_recent_rendered = functools.lru_cache(maxsize=256)(_render_field)


def field_marks(text: str, key: bytes = b"") -> tuple[tuple[tuple[str, str], ...], tuple[Url, ...]]:
    """What cleaning dropped from a Markdown field and the URLs it wrote (what the checks
    read of :func:`render_markdown`). A build reads them from a small record of the memo
    instead of the whole rendered field (~0.3 s at 10 000 items), and keeps that one for
    the pages and the search index of the next build as if it had read it. ``key``:
    ``diskmemo.key(text)`` when the caller has it (the loader keeps an item body's)."""
    if caches.kept_between_builds() or not diskmemo.active():
        rendered = render_markdown(text)
        return rendered.dropped, rendered.urls
    digest = key or diskmemo.key(text)
    marks = diskmemo.get("marks", digest)
    if marks is not None and diskmemo.keep("markdown", digest):
        dropped, urls = marks
        return tuple(tuple(d) for d in dropped), tuple(Url(*u) for u in urls)
    rendered = render_markdown(text)
    plain = rendered.plain()
    diskmemo.put("marks", digest, (plain[2], plain[3]))
    return rendered.dropped, rendered.urls


def markdown_block(text: Any) -> Markup:
    """Jinja filter: a Markdown field, ready for the docs tree."""
    return render_markdown(text if isinstance(text, str) else str(text or "")).docs


# ── URLs ──────────────────────────────────────────────────────────────────────

SCRIPT_SCHEMES = ("javascript", "vbscript", "data")
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")  # browsers drop tabs and newlines, and trim spaces and controls


def url_scheme(value: str) -> str:
    """The scheme a browser would see (lower case), '' for a relative URL."""
    m = re.match(r"([a-z][a-z0-9+.-]*):", _IGNORED_IN_URL.sub("", value).lower())
    return m.group(1) if m else ""


def url_host(value: str) -> str:
    """The host of an absolute or protocol-relative URL (lower case), else ''."""
    # Browsers read "\\" as "/" in web URLs: "/\\evil.example/x" is protocol-relative.
    try:
        return (urlsplit(_IGNORED_IN_URL.sub("", value).replace("\\", "/")).hostname or "").lower()
    except ValueError:
        return ""
