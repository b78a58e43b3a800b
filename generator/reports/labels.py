"""Printed labels and cell texts of published reports, read tolerantly.

Published reports retype the official labels: full- or half-width brackets
and digits, spaces and line breaks inside a label (“商业\\n企业”), “1、” for
“1.”, 规范性文件 for 行政规范性文件, “现行有效件数（历史累计）”. Labels are
compared after :func:`norm` (NFKC, no spaces, no punctuation), then by
containment, then by similarity (``difflib``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from .amounts import Amount, parse_amount

_PUNCTUATION = set("、.．。,，:：;；()（）[]［］【】〔〕“”\"'‘’「」《》<>〈〉-－—_/／\\·・…!！?？*＊")
# Cells that print “no number”: kept blank (null) like an empty cell.
_NO_NUMBER = {"", "-", "--", "—", "——", "－", "/", "／", "\\", "无", "空"}
_UNITS = ("件", "个", "项", "次", "份")

MATCH = 0.75  # similarity from which a printed label is taken for an official one


def norm(text: str) -> str:
    """A label reduced to what identifies it: NFKC, no spaces, no punctuation."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and ch not in _PUNCTUATION)


def similarity(printed: str, official: str) -> float:
    """How well a printed label matches an official one (0–1)."""
    a, b = norm(printed), norm(official)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= 4 and shorter in longer:  # 规范性文件 / 行政规范性文件, 现行有效件数（历史累计）
        return 0.9
    return difflib.SequenceMatcher(None, a, b).ratio()


def best(printed: str, labels: dict[str, str]) -> tuple[str | None, float]:
    """The key of the official label that ``printed`` matches best, and the score."""
    scored = sorted(((similarity(printed, label), key) for key, label in labels.items()), reverse=True)
    if not scored or scored[0][0] < MATCH:
        return None, scored[0][0] if scored else 0.0
    return scored[0][1], scored[0][0]


def clean(text: str) -> str:
    """A cell's text with its spaces (incl. &nbsp; and U+3000) collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


@dataclass(frozen=True)
class Value:
    """What a table cell printed: a count, an amount, nothing, or text."""

    kind: str  # count, amount, blank, text
    number: int | None = None
    amount: Amount | None = None
    text: str = ""

    @property
    def is_value(self) -> bool:
        return self.kind != "text"


def read_value(text: str) -> Value:
    """Classify one cell's text. Counts may carry 件/个 and thousands commas;
    amounts a unit (元, 万元) and decimals, kept exactly as printed."""
    compact = "".join(unicodedata.normalize("NFKC", text).split())
    if compact in _NO_NUMBER:
        return Value("blank", text=compact)
    bare = compact[:-1] if compact.endswith(_UNITS) else compact
    if re.fullmatch(r"\d{1,3}(,\d{3})+|\d+", bare):
        return Value("count", number=int(bare.replace(",", "")), text=compact)
    amount = parse_amount(compact)
    if amount is not None:
        return Value("amount", amount=amount, text=compact)
    return Value("text", text=clean(text))
