"""The words the search index matches queries on, made the same way in the browser.

Pagefind's extended build splits Chinese text with jieba (through charabia), while the browser
splits a query with ``Intl.Segmenter`` (ICU), which cuts differently: a shorter word inside a
longer one (平潭 in 平潭综合实验区) is then missed, and a query word the index lacks falls back to
its first character (台风 → 台). So Pagefind never segments our pages: the copy of a page it reads
holds, instead of the page's text, tokens any reader's browser makes identically from a query, as a
CJK analyzer does:

- every two adjacent Han characters of a run of Han characters (平潭综合 → 平潭 潭综 综合), then the
  run's last character (a run of one character is just that character);
- runs of other letters and digits, folded (NFKC, lower case): CCUS → ccus, 2019-00007 → 2019 00007;
- after them, each 文号 in the text as one word, brackets dropped (国发〔2019〕5号 → 国发20195号), so
  a number typed in any bracket style matches it and no look-alike (国发〔2019〕15号 → 国发201915号).

The tokens keep the text's order, so a query's tokens found one after the other (a Pagefind
phrase search) are exactly the text as typed: 农村发展 is not found where 农村 and 发展 stand apart,
台风 never by its 台 alone. A single ideographic space between two Han characters does not end a
run: it pads names to the width of three characters (尤　权), and readers type them without it.

Each token reaches Pagefind as a *word* of four lower-case Latin letters per character (the code
point in base 26: 政务 → ``bdkwbbxz``, :func:`word`): Pagefind and the browser's segmenter both keep
a run of Latin letters whole and unchanged, so a query's words reach the index exactly as the page's
did, with no segmenter in between (the browser's would cut 务公 into 务 and 公), and every index word
comes from a token (no Latin word of the text can equal a token's word, whatever its letters).
``search.js`` has the same rules (``tokensOf``, ``word``); keep the two in step
(``tests/test_search_tokens.py`` runs both on the same texts).
"""

from __future__ import annotations

import re
import unicodedata

# Han ideographs: CJK Unified (basic, extension A, B-F), compatibility ideographs, 〇.
HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_RUNS = re.compile(rf"([{HAN}]+)|((?:(?![{HAN}])[^\W_])+)")
# A 文号: the issuer's characters, the year in brackets (or followed by 年), the number, 号
# (search.js's DOC_NO; doc_no_keys finds the same matches faster, from the year).
DOC_NO = re.compile(rf"([{HAN}]{{1,12}})\s*[〔\[(（【［]?\s*((?:19|20)\d\d)\s*[〕\])）】］年]?\s*第?\s*(\d{{1,5}})\s*号")
DOC_NO_PREFIX_MAX = 8  # issuer lengths tried, longest last: 国发, 国办发, 国能发新能 …


_PADDING = re.compile(rf"(?<=[{HAN}])\u3000(?=[{HAN}])")


def fold(text: str) -> str:
    if "\u3000" in text:
        text = _PADDING.sub("", text)
    return unicodedata.normalize("NFKC", text).lower()


# _DOC_NO from its year on; the issuer is read backwards from there: the same matches as
# _DOC_NO.finditer, without trying twelve Han characters at every position of a page.
_DOC_NO_TAIL = re.compile(r"((?:19|20)\d\d)\s*[〕\])）】］年]?\s*第?\s*(\d{1,5})\s*号")
_OPENING = "〔[(（【［"
_HAN_CHAR = re.compile(rf"[{HAN}]")


def _issuer_start(text: str, year: int, done: int) -> int:
    """Where the issuer before a year starts (``year`` if there is none): up to twelve Han
    characters after ``done``, then spaces, an opening bracket, spaces."""
    end = year
    while end > done and text[end - 1].isspace():
        end -= 1
    if end > done and text[end - 1] in _OPENING:
        end -= 1
        while end > done and text[end - 1].isspace():
            end -= 1
    start = end
    while start > done and end - start < 12 and _HAN_CHAR.match(text, start - 1):
        start -= 1
    return start if start < end else year


def doc_no_keys(text: str) -> list[str]:
    """Every 文号 in ``text`` as index words: each ending of the issuer (the characters before
    the number may include words of the sentence: 根据国发〔2019〕5号) with year, number and 号."""
    return _doc_no_keys(fold(text))


def _doc_no_keys(folded: str) -> list[str]:
    keys: list[str] = []
    if "号" not in folded:
        return keys
    done = pos = 0  # the end of the last 文号 (an issuer starts after it), where to look next
    while m := _DOC_NO_TAIL.search(folded, pos):
        start = _issuer_start(folded, m.start(), done)
        if start == m.start():  # no issuer: not a 文号 here
            pos = m.start() + 1
            continue
        issuer = folded[start : m.start()].rstrip().rstrip(_OPENING).rstrip()
        year, number = m.groups()
        for first in range(max(0, len(issuer) - DOC_NO_PREFIX_MAX), len(issuer) - 1):
            keys.append(f"{issuer[first:]}{year}{int(number)}号")
        done = pos = m.end()
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


# Hexadecimal digits written as the letters a-p.
_HEX_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")
UNIT_LETTERS = 4  # letters per UTF-16 code unit (one per character outside the rare supplementary planes)


def word(token: str) -> str:
    """A token as the word Pagefind indexes: its UTF-16 code units, each as four hexadecimal
    digits written with the letters a-p (政务 → ``gfdpfckb``)."""
    return token.encode("utf-16-be").hex().translate(_HEX_LETTERS)


def _supplementary(han: str) -> str:
    """A Han run holding a character of a supplementary plane (two code units): its words one
    token at a time."""
    codes = [word(c) for c in han]
    return " ".join([*(a + b for a, b in zip(codes, codes[1:], strict=False)), codes[-1]])


# In the words of Han runs joined by NUL (its word: aaaa, and no other word's first half): a pair
# starting with NUL (the start of a run), which is no token.
_START = re.compile(r"aaaa[a-p]{4} ?")


def _han_words(runs: list[str]) -> str:
    """The words of consecutive Han runs (no other word between them), in one pass over their
    UTF-16 bytes: every two adjacent code units of the runs joined by NUL, cut with slices and
    written as letters; then the pairs starting with NUL dropped, and the NUL cut from the pairs
    ending with it (a run's last character). (A page has a hundred runs; a Python loop per run
    or per token would cost as much as Pagefind's own work.)"""
    joined = "\0" + "\0".join(runs) + "\0"
    units = joined.encode("utf-16-be")
    if len(units) != 2 * len(joined):
        return " ".join(_supplementary(han) for han in runs)
    pairs = bytearray(2 * len(units) - 4)  # each code unit's two bytes, then the next one's
    pairs[0::4], pairs[1::4], pairs[2::4], pairs[3::4] = units[0:-2:2], units[1:-2:2], units[2::2], units[3::2]
    letters = pairs.hex(" ", 4).translate(_HEX_LETTERS)
    return (_START.sub("", letters) + " ").replace("aaaa ", " ").strip()


def words(text: str) -> str:
    """The index words of ``text``, space-separated: :func:`tokens` as :func:`word` writes them
    (made a run at a time: a page's text is thousands of tokens)."""
    folded = fold(text)
    out: list[str] = []
    hans: list[str] = []  # Han runs not yet written
    for han, other in _RUNS.findall(folded):
        if han:
            hans.append(han)
            continue
        if hans:
            out.append(_han_words(hans))
            hans = []
        out.append(word(other))
    if hans:
        out.append(_han_words(hans))
    out += [word(k) for k in _doc_no_keys(folded)]
    return " ".join(out)
