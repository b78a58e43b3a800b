"""The site's one Jinja environment, its filters, link arithmetic and the
helper every page writer uses to add a page.

Templates autoescape: a plain-text field is text wherever it lands (on a
Markdown line through ``md_text``; Markdown fields through ``markdown``). Features
join their own template folder, filters and globals (``Feature.templates``,
``template_filters``, ``template_globals``) to this one environment.
"""

from __future__ import annotations

import functools
import json
import posixpath
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from .. import caches
from ..markup import md_text, theme_text
from ..model import COLUMN_NAME, iso_date
from .html import CONTEXT_KEY, Headings, HtmlPage, TocEntry, heading, markdown_field

if TYPE_CHECKING:
    from ..docs_tree import DocsTree
    from ..feature import Feature

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@functools.lru_cache(maxsize=65536)  # a few thousand distinct URLs, each linked many times
def _segments(url: str) -> tuple[str, ...]:
    return tuple(s for s in posixpath.normpath("/" + url).split("/") if s)


def link(from_url: str, to_url: str) -> str:
    """Relative href from the page at ``from_url`` to ``to_url`` (site-relative)."""
    # posixpath.relpath gives the same answer but resolves both against the
    # working directory (os.getcwd per call): a third of the render time at
    # 10 000 items, whose listings hold some 100 000 links.
    base, target = _segments(from_url), _segments(to_url)
    common = 0
    for a, b in zip(base, target, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(base) - common) + list(target[common:])) or "."
    if rel == ".":
        return "./"
    return rel + "/" if (to_url == "" or to_url.endswith("/")) else rel


def filesize(size: int | None) -> str:
    if size is None:
        return "文件缺失"
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def cn_date(value: Any) -> str:
    d = iso_date(str(value))
    if d is None:
        return str(value)
    return f"{d.year}年{d.month}月{d.day}日"


# Front-matter keys that Material prints into the page without escaping
# (<title>, the header, <meta name="description">).
_THEME_PRINTED = ("title", "description")


class Front(Markup):
    """A page's front matter as docs-tree text, keeping its values (a shell page needs them)."""

    values: dict[str, Any]


def front_matter(**values: Any) -> Front:
    # JSON is valid YAML and quotes everything safely; Markup keeps autoescape off it.
    # Every page sets a title, so Material never falls back to ``page.title | striptags``
    # (striptags unescapes entities).
    values = {k: theme_text(v) if k in _THEME_PRINTED and v is not None else v for k, v in values.items() if v is not None}
    front = Front("\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in values.items()))
    front.values = values
    return front


_loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(TEMPLATES)]
_joined: set[str] = set()
ENV = jinja2.Environment(
    loader=jinja2.ChoiceLoader(_loaders),
    autoescape=jinja2.select_autoescape(enabled_extensions=("j2",), default=True),
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
)
# h(level, text): a heading of plain text (a Markdown line, or an <hN> in HTML mode: pages/html.py).
ENV.globals.update(link=link, column_name=COLUMN_NAME, h=jinja2.pass_context(heading))
# md_text: plain text on a Markdown line (a heading); markdown: a Markdown field (generator/markup.py).
ENV.filters.update(filesize=filesize, cn_date=cn_date, md_text=md_text, markdown=jinja2.pass_context(markdown_field))


def join(features: Iterable[Feature]) -> None:
    """Add the features' template folders, filters and globals (once each)."""
    for feature in features:
        if feature.name in _joined:
            continue
        _joined.add(feature.name)
        if feature.templates is not None:
            _loaders.append(jinja2.FileSystemLoader(feature.templates))
        ENV.filters.update(feature.template_filters)
        ENV.globals.update(feature.template_globals)


def cache_bytecode(folder: Path, env: jinja2.Environment = ENV) -> None:
    """Keep ``env``'s compiled templates in ``folder`` (under build/cache, safe to delete):
    compiling the ~60 templates of a build cost ~0.4 s of every rebuild. Jinja keys an entry
    by template name and file and checks the source's checksum, so an edited template is
    compiled again."""
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


def render(template: str, **context: Any) -> str:
    return ENV.get_template(template).render(**context)


# Pages already rendered, per URL, with the values they were rendered from.
# ``mkdocs serve`` regenerates the whole site on every edit; at 10 000 items
# jinja would spend seconds re-rendering pages that did not change. The key
# is every value the template reads (by value, not identity), plus the
# template object, which jinja replaces when the file changes: a template
# that starts reading another value must add it to the key.
_rendered: dict[str, tuple[tuple[Any, ...], str]] = {}
caches.register(_rendered.clear)


def render_cached(page_url: str, key: tuple[Any, ...], template_name: str, /, **context: Any) -> str:
    template = ENV.get_template(template_name)
    key = (template, *key)
    cached = _rendered.get(page_url)
    if cached is not None and cached[0] == key:
        return cached[1]
    text = template.render(**context)
    _rendered[page_url] = (key, text)
    return text


def write_page(tree: DocsTree, url: str, template: str, /, **context: Any) -> None:
    """Render ``template`` as the page at ``url`` (``url`` is also in the context)."""
    tree.add(f"{url}index.md", render(template, url=url, **context))


def strip_front(text: str) -> str:
    """A rendered page without its front matter (``---`` … ``---``)."""
    if text.lstrip("\n").startswith("---\n"):
        start = text.index("---\n")
        end = text.find("\n---\n", start + 3)
        if end != -1:
            return text[end + 5 :]
    return text


def render_html(template: str, headings: Headings, /, **context: Any) -> tuple[str, list[TocEntry]]:
    """``template`` rendered as the page's HTML content (without front matter), and its table of contents."""
    page = HtmlPage(headings)
    text = strip_front(ENV.get_template(template).render(**context, **{CONTEXT_KEY: page}))
    return page.finish(text)
