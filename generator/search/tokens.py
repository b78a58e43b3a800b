"""The words the search index matches queries on, made the same way in the browser.

Pagefind's extended build splits Chinese text with jieba's precise mode, which keeps long words
whole (平潭综合实验区), while the browser splits a query with ``Intl.Segmenter`` (ICU), which cuts
differently: a shorter word inside a longer one (平潭, 实验区) is then never found, and a query word
the index lacks falls back to its first character (台风 → 台). So the index gets, besides Pagefind's
own words, tokens any reader's browser can make identically from a query, as a CJK analyzer does:

- every two adjacent Han characters of a run of Han characters (平潭综合 → 平潭 潭综 综合), then the
  run's last character (a run of one character is just that character);
- runs of other letters and digits, folded (NFKC, lower case): CCUS → ccus, 2019-00007 → 2019 00007;
- after them, each 文号 in the text as one word, brackets dropped (国发〔2019〕5号 → 国发20195号), so
  a number typed in any bracket style matches it and no look-alike (国发〔2019〕15号 → 国发201915号).

The tokens keep the text's order, so a query's tokens found one after the other (a Pagefind
phrase search) are exactly the text as typed: 农村发展 is not found where 农村 and 发展 stand apart,
台风 never by its 台 alone. A single ideographic space between two Han characters does not end a
run: it pads names to the width of three characters (尤　权), and readers type them without it.
``search.js`` has the same rules (``tokensOf``); keep the two in step
(``tests/test_search_tokens.py`` runs both on the same texts).

The tokens are added to the copies of the pages Pagefind reads (a ``data-pagefind-meta`` field, so
they never reach excerpts) and removed again from the index's page records: readers never see or
download them. They are not cheap for Pagefind: a 3 300-page shard of the synthetic benchmark needs
1.8 GB instead of about 0.8 GB (as words at the end of the page's text instead, 2.8 GB).
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

from ..config import Publisher
from ..markup import render_markdown
from ..model import Item

META_KEY = "xxgk_tokens"
# Han ideographs: CJK Unified (basic, extension A, B-F), compatibility ideographs, 〇.
HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_RUNS = re.compile(rf"([{HAN}]+)|((?:(?![{HAN}])[^\W_])+)")
# A 文号: the issuer's characters, the year in brackets (or followed by 年), the number, 号.
_DOC_NO = re.compile(rf"([{HAN}]{{1,12}})\s*[〔\[(（【［]?\s*((?:19|20)\d\d)\s*[〕\])）】］年]?\s*第?\s*(\d{{1,5}})\s*号")
DOC_NO_PREFIX_MAX = 8  # issuer lengths tried, longest last: 国发, 国办发, 国能发新能 …


_PADDING = re.compile(rf"(?<=[{HAN}])\u3000(?=[{HAN}])")


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", _PADDING.sub("", text)).lower()


def doc_no_keys(text: str) -> list[str]:
    """Every 文号 in ``text`` as index words: each ending of the issuer (the characters before
    the number may include words of the sentence: 根据国发〔2019〕5号) with year, number and 号."""
    keys = []
    for m in _DOC_NO.finditer(fold(text)):
        issuer, year, number = m.groups()
        for start in range(max(0, len(issuer) - DOC_NO_PREFIX_MAX), len(issuer) - 1):
            keys.append(f"{issuer[start:]}{year}{int(number)}号")
    return keys


def tokens(text: str) -> list[str]:
    """The tokens of ``text`` in the text's order."""
    out: list[str] = []
    for han, other in _RUNS.findall(fold(text)):
        if han:
            out += [han[i : i + 2] for i in range(len(han) - 1)]
            out.append(han[-1])
        else:
            out.append(other)
    return out + doc_no_keys(text)


_TAG = re.compile(r"<[^>]+>")


def markdown_text(text: str) -> str:
    """A Markdown field as plain text (tags dropped), as rendered for the page."""
    return html.unescape(_TAG.sub(" ", str(render_markdown(text).docs)))


def item_text(item: Item, publishers: tuple[Publisher, ...] = ()) -> str:
    """What an item page shows that search should find: title, text, 文号, 索引号, 关键词, attachments
    (the metadata block is not searched: the 发布机构 is a facet); and every other name (site.yml
    ``publishers``) of an agency the page names, so any of its names finds the page."""
    parts = [item.title, markdown_text(item.body), item.doc_no, item.index_no or "", *item.keywords]
    parts += [a.title for a in item.attachments]
    text = "\n".join(parts)
    others = [name for p in publishers if any(n in text for n in p.names) for name in p.names]
    return "\n".join([text, *others])


# Inside data-pagefind-body, what Pagefind is told to skip (indexer.EXCLUDE_SELECTORS), as far
# as tokens are concerned: labels and generated notices. Pages other than items are few (guide,
# 制度, reports); their tokens come from their built HTML.
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
        elif "data-pagefind-body" in names:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self.depth:
            return
        self.depth -= 1
        if self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def html_text(page: str) -> str:
    parser = _BodyText()
    parser.feed(page)
    return " ".join(parser.parts)


_ANCHOR = '<div class="xxgk-search-data" hidden>'


def with_tokens(page: str, words: list[str]) -> str | None:
    """The page with its tokens as a hidden meta field (inside the search data the theme writes
    into data-pagefind-body), or None if the page has no such place."""
    if _ANCHOR not in page:
        return None
    field = f'<span data-pagefind-meta="{META_KEY}:{html.escape(" ".join(words))}"></span>'
    return page.replace(_ANCHOR, _ANCHOR + field, 1)
