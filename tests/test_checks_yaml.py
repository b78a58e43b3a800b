"""YAML mistakes as editors make them (issue 15): every syntax error in Chinese,
at the line and column of its real cause, with a hint for that cause — quotes
are suggested only where quotes are the fix. And dates written the Chinese
way get the date that was meant."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_kit import check, mini_project, only

from generator.dates import guess_date

A = "content/items/zcwj/qtwj/a.md"
HEAD = "---\ntitle: 测试文件\nindex_no: CSJ000001/2024-00001\n"  # lines 1–3


def syntax(tmp_path: Path, lines: str):  # type: ignore[no-untyped-def]
    """The one problem of an item whose front matter continues with ``lines`` (from line 4)."""
    root = mini_project(tmp_path, {"zcwj/qtwj/a.md": HEAD + lines + "---\n\n正文。\n"}, ledger=False)
    _, problems = check(root)
    return only(problems, "source.syntax")


# (front matter from line 4, line, column, words of the message, words of the hint, words the hint must not have)
CASES = {
    "full-width colon after a key: its own line, not the next": (
        "published：2024-03-01\nwritten: 2024-02-28\n", 4, 10, "全角冒号", "published: 2024-03-01", "引号"),
    "full-width colon on the last line": ("published：2024-03-01\n", 4, 10, "全角冒号", "published: 2024-03-01", "引号"),
    "full-width colon in a list entry": (
        "published: 2024-03-01\nattachments:\n  - file：a.pdf\n    title: 附件\n", 6, 9, "全角冒号", "- file: a.pdf", "引号"),
    "full-width space after the colon": ("published:\u30002024-03-01\n", 4, 11, "全角空格", "published: 2024-03-01", "引号"),
    "tab indentation": ("published: 2024-03-01\nkeywords:\n\t- 农机\n", 6, 1, "制表符", "空格", "引号括"),
    "tab inside a nested mapping": (
        "published: 2024-03-01\nattachments:\n  - file: a.pdf\n  \ttitle: 附件\n", 7, 3, "制表符", "空格", "引号括"),
    "unclosed double quote": ('doc_no: "测发〔2024〕1号\npublished: 2024-03-01\n', 4, 9, "双引号没有配对", '补上 "', ""),
    "unclosed single quote": ("doc_no: '测发〔2024〕1号\npublished: 2024-03-01\n", 4, 9, "单引号没有配对", "补上 '", ""),
    "quote closed early by a quote inside the value": (
        'summary: "关于"双随机"的说明"\npublished: 2024-03-01\n', 4, 13, "引号提前结束", "中文引号", ""),
    "backslash of 主题分类 inside double quotes": (
        'topic: "农业、林业、水利\\农业、畜牧业、渔业"\npublished: 2024-03-01\n', 4, 17, "反斜杠",
        "改成：topic: 农业、林业、水利\\农业、畜牧业、渔业", ""),
    "a Windows path inside double quotes": (
        'published: 2024-03-01\nattachments:\n  - file: "C:\\Users\\办公室\\附件1.pdf"\n', 6, 14, "反斜杠", "只写文件名", ""),
    "no space after the colon": ("published:2024-03-01\nwritten: 2024-02-28\n", 4, 10, "缺少空格", "published: 2024-03-01", "引号"),
    "no space after the colon, then another key": ("doc_no:测发〔2024〕1号\npublished: 2024-03-01\n", 4, 7, "缺少空格", "doc_no: 测发", "引号"),
    "a colon and a space inside a value": ("summary: 通知: 关于农机\npublished: 2024-03-01\n", 4, 12, "冒号加空格", '"通知: 关于农机"', ""),
    "a key indented under a plain value": ("published: 2024-03-01\n  written: 2024-02-28\n", 5, 3, "多缩进", "对齐", "引号"),
    "a list entry under a key that has a value": ("published: 2024-03-01\nkeywords: 农机\n- 补贴\n", 6, 1, "列表项", "attachments:", "引号"),
    "an unclosed bracket": ("keywords: [农机, 补贴\npublished: 2024-03-01\n", 4, 11, "方括号", "]", ""),
    "a value starting with @": ("audience: @全社会\npublished: 2024-03-01\n", 4, 11, "不能以“@”开头", '"@全社会"', ""),
    "a key without its colon": ("published 2024-03-01\nwritten: 2024-02-28\n", 4, 1, "缺少冒号", "字段名: 值", "引号"),
    "a Chinese key with a full-width colon": ("发布日期：2024-03-01\n", 4, 5, "全角冒号", "发布日期: 2024-03-01", "引号"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_yaml_mistake_is_named_where_it_is(tmp_path: Path, name: str) -> None:
    lines, line, column, said, hinted, not_hinted = CASES[name]
    p = syntax(tmp_path, lines)
    assert (p.path, p.line, p.column) == (A, line, column), p.format()
    assert p.message.startswith("YAML 格式错误：") and said in p.message, p.message
    assert hinted in p.hint, p.hint
    if not_hinted:
        assert not_hinted not in p.hint, p.hint
    # Chinese only: no English parser phrase reaches the editor.
    assert not any(word in p.message + p.hint for word in ("expected", "found", "scanning", "mapping", "token")), p.format()
    assert p.format().startswith(f"{A}:{line}:{column}: 错误：YAML 格式错误：")


def test_a_lone_key_without_space_is_not_read_as_one_text(tmp_path: Path) -> None:
    """``title:测试`` alone is valid YAML (one string): still an error at that line, not "not a mapping"."""
    root = mini_project(tmp_path, {"zcwj/qtwj/a.md": "---\ntitle:测试文件\n---\n\n正文。\n"}, ledger=False)
    p = only(check(root)[1], "source.syntax")
    assert (p.line, p.column) == (2, 6) and "缺少空格" in p.message


def test_a_key_indented_with_full_width_spaces(tmp_path: Path) -> None:
    p = only(check(mini_project(tmp_path, {"zcwj/qtwj/a.md": HEAD + "\u3000\u3000published: 2024-03-01\n---\n正文\n"}))[1],
             "item.additionalProperties")
    assert p.line == 4 and p.message == "字段名 published 前面有全角空格"
    assert "半角空格" in p.hint


def test_yaml_errors_of_site_and_guide_files_are_explained_too(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    guide = root / "content" / "guide.yml"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("updated: ", "updated：", 1), encoding="utf-8")
    p = only(check(root)[1], "source.syntax")
    line = text.split("\n").index(next(x for x in text.split("\n") if x.startswith("updated: "))) + 1
    assert (p.path, p.line) == ("content/guide.yml", line)
    assert "全角冒号" in p.message and p.hint.startswith("改成英文冒号加一个空格：updated: ")


DATES = {
    "2026年11月27日": "2026-11-27",
    "2026/11/27": "2026-11-27",
    "2026.11.27": "2026-11-27",
    "2026-11-7": "2026-11-07",
    "２０２６－１１－２７": "2026-11-27",
    "二〇二六年十一月二十七日": "2026-11-27",
    "20261127": "2026-11-27",
}


@pytest.mark.parametrize("written", list(DATES))
def test_date_written_another_way_gets_the_date_meant(tmp_path: Path, written: str) -> None:
    root = mini_project(tmp_path, {"zcwj/qtwj/a.md": HEAD + f"published: {written}\n---\n\n正文。\n"})
    p = only(check(root)[1], "item.type" if written.isdigit() else "item.pattern")
    assert (p.line, p.field) == (4, "发布日期(published)")
    assert p.hint.startswith(f"是不是 {DATES[written]}？"), p.hint


@pytest.mark.parametrize("written", ["2026-02-30", "11/27/2026", "27.11.2026", "2026年11月", "明年"])
def test_no_date_is_guessed_when_there_is_no_single_real_reading(written: str) -> None:
    assert guess_date(written) is None
