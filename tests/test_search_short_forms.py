"""The short forms of agency names (issue 12): a page printing one spelling of a name is given
every spelling, and a short form inside another word gives nothing."""

from __future__ import annotations

from generator.search.short_forms import other_forms


def test_every_spelling_of_a_name_the_text_prints_with_its_organ_word() -> None:
    forms = other_forms("云南省发展和改革委员会 云南省人社厅关于……的通知")
    assert {"发改委", "发展改革委", "发展和改革委员会"} <= set(forms)
    assert {"人社厅", "人力资源社会保障厅", "人力资源和社会保障厅"} <= set(forms)
    assert "人社局" not in forms  # another organ word: another agency


def test_a_short_form_inside_other_words_gives_nothing() -> None:
    assert other_forms("个人社保缴费基数调整的通知") == []
    assert other_forms("市场监管工作要点") == []  # 市场监管 without 局 names no agency


def test_each_name_is_given_once() -> None:
    forms = other_forms("市场监管总局 市场监督管理总局 市场监管总局")
    assert forms == ["市场监督管理总局", "市场监管总局"]
