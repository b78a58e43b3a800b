"""Suggestions for the worklist, never written into an item: a 体裁 from the
title's last word (…的通知 → 通知), 主题分类 classes named in the title, and
``repeals``/``amends`` from titles such as 关于废止《…》的决定."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..config import topics

_GENRE_END = re.compile(r"(决议|决定|命令|令|公报|公告|通告|意见|通知|通报|报告|请示|批复|议案|复函|函|纪要)[）)》」]*$")
_BOOK = re.compile(r"《([^《》]{2,120})》")
RELATION_WORDS = (("废止", "repeals"), ("修改", "amends"), ("修订", "amends"))


@dataclass(frozen=True)
class Known:
    """A document the relation may point at: imported now, or already in the column."""

    title: str
    index_no: str
    file: str


def genre(title: str, doc_no: str = "") -> str:
    m = _GENRE_END.search(title.strip())
    if m:
        return "函" if m.group(1) == "复函" else "命令（令）" if m.group(1) in ("命令", "令") else m.group(1)
    return "函" if "函〔" in doc_no else ""


def topic_classes(title: str) -> list[str]:
    """The 主题分类 second-level classes whose name the title contains (longest names first)."""
    found = [f"{a}\\{b}" for a, subs in topics().items() for b in subs if len(b) >= 2 and b != "其他" and b in title]
    return sorted(found, key=lambda t: -len(t.split("\\")[1]))[:3]


def relations(title: str, known: Iterable[Known]) -> list[tuple[str, str, list[Known]]]:
    """(key, the named document, the documents it may be) for each 《…》 a repealing or amending title names."""
    out = []
    for word, key in RELATION_WORDS:
        if f"关于{word}" not in title and not title.startswith(word):
            continue
        names = _BOOK.findall(title)
        for name in names:
            matches = [k for k in known if k.title == name or f"《{name}》" in k.title or k.title.endswith(name)]
            out.append((key, name, [k for k in matches if k.title != title]))
        if not names:
            out.append((key, "", []))
    return out
