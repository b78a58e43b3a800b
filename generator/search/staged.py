"""What Pagefind reads, and what a result shows.

Pagefind reads, for each indexed page, a *staged* copy made here: the page's search data (facets,
result metadata, sort date) as the theme wrote it, its title, and in place of its text the index
words of ``tokens.py`` (``<html lang="und">``, so Pagefind splits them at spaces only and runs no
Chinese segmenter). An item's text comes from the model, any other page's (guide, 制度, reports)
from its built HTML. Pagefind then stores those words as the page's text in its page record (the
fragment a result downloads); :func:`restore_texts` puts the page's readable text back in their
place, for the excerpts ``search.js`` cuts around the query.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..config import Publisher
from ..markup import Heading, render_markdown
from ..model import Item
from .short_forms import other_forms
from .tokens import words

INDEX_LANGUAGE = "und"  # undetermined: Pagefind segments zh, ja and th; "und" at spaces only
# The positions (words) a title is given: search.js puts a result whose match starts before this
# first (TITLE_SPAN there). A title of fewer words is followed by place holders: a word without a
# letter or digit (Pagefind counts it but indexes nothing), so the text starts at this position.
TITLE_SPAN = 48
_FILLER = "- "
VERSION_KEY = "xxgk_v"  # meta field naming the readable text (dropped again from the records)


@dataclass(frozen=True)
class PageText:
    title: str
    text: str  # what the page shows below its title, as plain text
    extra: str = ""  # found by search, shown elsewhere: 文号, 索引号, 关键词, other names of an agency

    @property
    def readable(self) -> str:
        """The page record's text (what excerpts are cut from): title, text, then the words shown
        elsewhere (a result can show where it holds a number); whitespace squeezed as Pagefind does.
        The title stays, though the record's metadata holds it too: search.js reads this text to
        find a title with one mistyped character (nearMatches), and compressed it costs ~7 bytes."""
        return _SPACES.sub(" ", f"{self.title} {self.text} {self.extra}").strip()


_SPACES = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]+>")


def markdown_text(text: str) -> str:
    """A Markdown field as plain text (tags dropped), as rendered for the page."""
    parts = render_markdown(text).parts
    return html.unescape(" ".join(p.html if isinstance(p, Heading) else _TAG.sub(" ", p) for p in parts))


def item_text(item: Item, publishers: tuple[Publisher, ...] = ()) -> PageText:
    """What an item page shows that search should find: title, text, attachments; 文号, 索引号,
    关键词 (the rest of the metadata block is not searched: the 发布机构 is a facet); and every
    other name (site.yml ``publishers``) of an agency the page names, and every spelling of a name
    it prints in a short or long form (``short_forms``), so any of its names finds the page."""
    body = "\n".join([markdown_text(item.body), *(a.title for a in item.attachments)])
    extra = [item.doc_no, item.index_no or "", *item.keywords]
    shown = "\n".join([item.title, body, *extra])
    extra += [name for p in publishers if any(n in shown for n in p.names) for name in p.names]
    extra += other_forms(shown)
    return PageText(item.title, body, "\n".join(extra))


# Inside data-pagefind-body, what is not the page's text (as indexer.EXCLUDE_SELECTORS said to
# Pagefind when it read the pages themselves): labels and generated notices.
_SKIP_TAGS = {"button", "script", "style", "nav", "form", "th", "template"}
_SKIP_CLASSES = {
    "xxgk-dateline",
    "xxgk-updated",
    "xxgk-notice",
    "xxgk-filetype",
    "xxgk-filesize",
    "xxgk-report__scroll",
    "xxgk-report__downloads",
    "xxgk-report__format",
    "xxgk-search-data",
}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _BodyText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # nesting inside the data-pagefind-body element (0: outside)
        self.skip = 0  # nesting inside a skipped element
        self.heading = 0  # nesting inside the first h1
        self.title: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        names = dict(attrs)
        if self.depth:
            self.depth += 1
            classes = set((names.get("class") or "").split())
            if self.skip or tag in _SKIP_TAGS or classes & _SKIP_CLASSES or "data-pagefind-ignore" in names:
                self.skip += 1
            if self.heading or (tag == "h1" and not self.title):
                self.heading += 1
        elif "data-pagefind-body" in names:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self.depth:
            return
        self.depth -= 1
        if self.skip:
            self.skip -= 1
        if self.heading:
            self.heading -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            (self.title if self.heading else self.parts).append(data)


# The search data the theme writes into every indexed page (search_data.html.j2), and in it the
# words (索引号, 文号, 关键词) that are not the page's text.
_SEARCH_DATA = re.compile(r'<div class="xxgk-search-data" hidden>.*?</div>', re.S)
_DATA_WORDS = re.compile(r"<p>(.*?)</p>", re.S)


def html_text(page: str) -> PageText:
    """A page's title (its first h1), text and search-data words, read from its built HTML."""
    parser = _BodyText()
    parser.feed(page)
    data = _SEARCH_DATA.search(page)
    extra = _DATA_WORDS.search(data.group(0)) if data else None
    return PageText(" ".join(parser.title).strip(), " ".join(parser.parts), html.unescape(extra.group(1)) if extra else "")


def staged_page(page: str, text: PageText) -> str:
    """The copy of ``page`` Pagefind reads: its search data, its title, and index words in place
    of its text: the title's, then place holders up to :data:`TITLE_SPAN` words, then the
    text's. A result whose match starts before that position has the query in its title."""
    title = words(text.title)
    found = _SEARCH_DATA.search(page)
    data = _DATA_WORDS.sub("", found.group(0), count=1) if found else ""  # words: as index words below
    version = hashlib.blake2b(text.readable.encode(), digest_size=8).hexdigest().translate(_HEX_LETTERS)
    return (
        f'<!DOCTYPE html><html lang="{INDEX_LANGUAGE}"><head><meta charset="utf-8"><title></title></head><body>'
        f"<main data-pagefind-body><p>{title} {_FILLER * max(1, TITLE_SPAN - title.count(' ') - 1)}"
        f"{words(text.text + chr(10) + text.extra)}</p>"
        f"{data}"
        f'<span data-pagefind-meta="title:{html.escape(text.title)}"></span>'
        # Pagefind names a page record by a hash of what it holds: the readable text's digest
        # makes a new name for a new text, even where the words stay the same (punctuation).
        f'<span data-pagefind-meta="{VERSION_KEY}:{version}"></span>'
        "</main></body></html>"
    )


_HEX_LETTERS = str.maketrans("0123456789", "ghijklmnop")  # a digest of letters only: one word
_FRAGMENT_HEAD = b"pagefind_dcd"


# In a page record as Pagefind writes it (JSON, keys in this order): the URL, then the text, which
# here is index words (letters, spaces, the full stops Pagefind adds after blocks: nothing escaped);
# the version field, among the metadata.
_RECORD = re.compile(rb'^\{"url":"([^"\\]*)","content":"[^"\\]*","word_count":')
_VERSION = re.compile(rb',"' + VERSION_KEY.encode() + rb'":"[a-p]*"|"' + VERSION_KEY.encode() + rb'":"[a-p]*",?')


def restore_texts(output: Path, texts: Mapping[str, str], kept: Path | None = None) -> None:
    """Give each page record (fragment) Pagefind wrote into ``output`` its page's readable text
    (``texts``: URL → text) instead of the index words, and drop the version field. A record
    keeps its name: Pagefind named it after the words and the version, which stand for this text.
    The record is edited as bytes (a JSON round trip per page would double the cost).
    ``kept``: the shard's bundle in the published site, made by this same code: a record named as
    one there is that one restored, and is linked from it (an edit re-indexes a shard of ~500
    pages, and restoring each record again cost ~0.1 s)."""
    for path in (output / "fragment").glob("*.pf_fragment"):
        if kept is not None and _linked(kept / "fragment" / path.name, path):
            continue
        data = gzip.decompress(path.read_bytes())
        if not data.startswith(_FRAGMENT_HEAD):
            continue
        record = data[len(_FRAGMENT_HEAD) :]
        m = _RECORD.match(record)
        text = texts.get(m.group(1).decode().lstrip("/")) if m else None
        if m is None or text is None:
            continue
        url = json.dumps(m.group(1).decode(), ensure_ascii=False)
        head = f'{{"url":{url},"content":{json.dumps(text, ensure_ascii=False)},"word_count":'.encode()
        body = _VERSION.sub(b"", head + record[m.end() :], count=1)
        path.write_bytes(gzip.compress(_FRAGMENT_HEAD + body, 6, mtime=0))


def _linked(old: Path, path: Path) -> bool:
    """``path`` replaced by a link to ``old``, if ``old`` is there (a new name first: ``path``
    stays as it was if the link cannot be made)."""
    tmp = path.with_name(path.name + ".kept")
    try:
        os.link(old, tmp)
    except OSError:
        return False
    os.replace(tmp, path)
    return True
