"""The short forms of agency names that Chinese government texts print interchangeably
(发改委, 发展改革委, 发展和改革委员会), so that a reader's form finds the page's.

A page printing one spelling of a name followed by one of its organ words gets every spelling
with that organ word as index words (``staged.item_text``), at every level: 云南省发展和改革委员会
is found by 发改委. This is a fact of the language, not of one agency, unlike site.yml
``publishers`` (one agency's own names). Only established forms whose spelling cannot occur
inside other words: 人社 stands in 个人社保, so it is listed with its organ words only (人社局),
and a two-character stem such as 应急 or 科技 is left out (应急部 names one ministry; the
evaluation set expects that query to find it alone).
"""

from __future__ import annotations

import re

# (spellings of the name, longest first; the organ words that may follow it: "" when the
# spellings end in one)
SHORT_FORMS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("发展和改革委员会", "发展改革委员会", "发展改革委", "发改委"), ("",)),
    (("卫生健康委员会", "卫生健康委", "卫健委"), ("",)),
    (("国有资产监督管理委员会", "国资委"), ("",)),
    (("人力资源和社会保障", "人力资源社会保障", "人社"), ("局", "厅", "部")),
    (("住房和城乡建设", "住房城乡建设", "住建"), ("局", "厅", "部")),
    (("工业和信息化", "工业信息化", "工信"), ("局", "厅", "部")),
    (("文化和旅游", "文化旅游", "文旅"), ("局", "厅", "部")),
    (("市场监督管理", "市场监管"), ("局", "总局")),
    (("医疗保障", "医保"), ("局",)),
)

# One group per (row, organ word): every spelling of it.
_GROUPS: tuple[tuple[str, ...], ...] = tuple(
    tuple(stem + organ for stem in stems) for stems, organs in SHORT_FORMS for organ in organs
)
_GROUP_OF = {form: n for n, forms in enumerate(_GROUPS) for form in forms}
_ANY = re.compile("|".join(sorted(map(re.escape, _GROUP_OF), key=len, reverse=True)))


def other_forms(text: str) -> list[str]:
    """Every spelling of each name ``text`` prints in one of its forms, once, in table order."""
    found = {_GROUP_OF[m.group()] for m in _ANY.finditer(text)}
    return [form for n in sorted(found) for form in _GROUPS[n]]
