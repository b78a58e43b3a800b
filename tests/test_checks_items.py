"""Every message the item checks give an editor: file, line, field, Chinese
message and a hint that says how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_kit import check, item_text, mini_project, only, simple_item

from generator.diagnostics import Level, Problems

# 其他文件: no policy rule (e.g. 三同步 for 规范性文件) adds warnings of its own here.
A = "content/items/zcwj/qtwj/a.md"


def problems_of(tmp_path: Path, text: str, files: dict[str, str | bytes] | None = None) -> Problems:
    root = mini_project(tmp_path, {"zcwj/qtwj/a.md": text}, files)
    _, problems = check(root)
    return Problems([p for p in problems.items if p.path == A])


def valid(**overrides: object) -> str:
    meta = {"title": "测试文件", "index_no": "CSJ000001/2024-00001", "published": "2024-03-01", **overrides}
    return item_text(**{k: v for k, v in meta.items() if v is not None})


def test_a_correct_item_has_no_problem(tmp_path: Path) -> None:
    text = valid(doc_no="测发〔2024〕1号", written="2024-02-27", topic="综合政务\\政务公开", genre="通知",
                 keywords="[测试, 文件]", audience="全社会", validity="有效", effective="2024-03-01")
    assert problems_of(tmp_path, text).items == []


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, valid(pubished="2024-03-01")), "item.additionalProperties")
    assert (p.line, p.field) == (5, "pubished")
    assert p.message == "不认识的字段 pubished"
    assert p.hint == "是不是要写 published（发布日期）？"


def test_chinese_key_name_is_told_its_english_name(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, valid(文号="测发〔2024〕1号")), "item.additionalProperties")
    assert (p.line, p.field) == (5, "文号")
    assert p.hint == "字段名请用英文 doc_no，不要用中文“文号”。"


def test_every_unknown_key_gets_its_own_message(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, valid(标题="x", colour="红", 文号="y"))
    unknown = [p for p in problems.items if p.rule == "item.additionalProperties"]
    assert [(p.line, p.field) for p in unknown] == [(5, "标题"), (6, "colour"), (7, "文号")]
    assert unknown[1].hint.startswith("可用的字段有：title（标题）、index_no（索引号）")


def test_unquoted_number_where_text_is_expected(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, valid(doc_no=12)), "item.type")
    assert (p.line, p.field) == (5, "文号(doc_no)")
    assert p.message == "应当是文字，实际写的是 12"
    assert p.hint == "给这个值加上引号。"


def test_date_written_as_a_number(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, valid(published=20240301)), "item.type")
    assert (p.line, p.message) == (4, "应当是文字，实际写的是 20240301")
    assert p.hint.startswith("是不是 2024-03-01？日期写成 2024-03-05")


def test_missing_required_fields(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, item_text(index_no="CSJ000001/2024-00001", doc_no="x"))
    fields = {p.field: p for p in problems.items if p.rule == "item.required"}
    assert set(fields) == {"标题(title)", "发布日期(published)"}
    assert fields["发布日期(published)"].message == "缺少必填字段 published（发布日期）"
    assert "页面上始终显示" in fields["发布日期(published)"].hint


def test_date_not_in_yyyy_mm_dd(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, valid(written="2024-3-1")), "item.pattern")
    assert (p.line, p.field) == (5, "成文日期(written)")
    assert p.message == "“2024-3-1” 不是 YYYY-MM-DD 格式的日期"
    assert "2024-03-05" in p.hint


def test_impossible_date(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, valid(published="2024-02-30")), "item.date")
    assert (p.line, p.field) == (4, "发布日期(published)")
    assert p.message == "“2024-02-30”不是真实存在的日期"
    assert "月份" in p.hint


def test_publication_date_in_the_future(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, valid(published="2026-11-24")), "item.future")
    assert (p.line, p.field) == (4, "发布日期(published)")
    assert p.message == "发布日期 2026-11-24 晚于今天（2026-11-23）"
    assert problems_of(tmp_path / "today", valid(published="2026-11-23")).errors == []


def test_written_after_published(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, valid(written="2024-03-02")), "item.date-order")
    assert (p.line, p.field) == (5, "成文日期(written)")
    assert p.message == "成文日期 2024-03-02 晚于发布日期 2024-03-01"
    assert p.hint == "文件总是先成文、后发布：核对两个日期。"


def test_expires_before_effective(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, valid(effective="2024-03-01", expires="2024-01-01")), "item.date-order")
    assert (p.line, p.field) == (6, "废止日期(expires)")
    assert p.message == "废止日期 2024-01-01 早于施行日期 2024-03-01"


def test_unknown_topic(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, valid(topic="农业林业水利")), "item.enum")
    assert (p.line, p.field) == (5, "主题分类(topic)")
    assert p.message == "“农业林业水利” 不是允许的取值"
    assert p.hint.startswith("最接近的取值：\n  农业、林业、水利\n")
    assert p.hint.endswith("全部取值见编辑指南 EDITING.md#主题分类一览。")
    assert "schemas" not in p.hint


def test_unknown_topic_lists_the_nearest_values_one_per_line(tmp_path: Path) -> None:
    """The issue's 农业农村: names hold 、 themselves, so suggestions never are joined by it."""
    p = only(problems_of(tmp_path, valid(topic="农业农村")), "item.enum")
    lines = p.hint.split("\n")
    assert lines[0] == "最接近的取值："
    suggested = [line.strip() for line in lines[1:-1]]
    assert suggested[0] == "农业、林业、水利"
    assert all(s.startswith("农业、林业、水利") for s in suggested), suggested
    assert lines[-1] == "全部取值见编辑指南 EDITING.md#主题分类一览。"
    # Printed, every suggestion stays under the hint.
    assert "\n            农业、林业、水利\\农业、畜牧业、渔业\n" in p.format()


def test_second_level_topic_alone_is_one_error_with_the_full_name(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, valid(topic="政务公开"))
    assert len(problems.errors) == 1, problems.format()
    p = only(problems, "item.topic")
    assert (p.line, p.field) == (5, "主题分类(topic)")
    assert p.message == "主题分类要写成“一级\\二级”，“政务公开”是二级分类名"
    assert p.hint == "改为：\n  综合政务\\政务公开"


def test_first_level_topic_alone_is_accepted(tmp_path: Path) -> None:
    assert problems_of(tmp_path, valid(topic="综合政务")).errors == []


def test_unknown_genre(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, valid(genre="通之")), "item.genre")
    assert (p.line, p.field) == (5, "体裁分类(genre)")
    assert p.message == "“通之”不是体裁分类中的一种"
    assert p.hint.startswith("最接近的取值：\n") and "\n  通知\n" in p.hint
    assert "EDITING.md#体裁分类一览" in p.hint and "extra_genres" in p.hint


def test_genre_far_from_any_points_to_the_full_list(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, valid(genre="宣传片")), "item.genre")
    assert p.hint.startswith("全部取值见编辑指南 EDITING.md#体裁分类一览。") and "extra_genres" in p.hint


def test_validity_outside_its_three_values(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path, valid(validity="有效期内")), "item.enum")
    assert p.field == "有效性(validity)"
    assert p.hint == "是不是要写：有效？\n可选的取值：\n  有效\n  失效\n  废止"


def test_missing_attachment(tmp_path: Path) -> None:
    text = valid(attachments=["{file: 附件1.pdf, title: 申请表}"])
    p = only(problems_of(tmp_path, text), "item.attachment")
    assert (p.line, p.field) == (6, "附件(attachments).第1项")
    assert p.message == "找不到附件文件“附件1.pdf”"
    assert p.hint == "把附件放到 content/items/zcwj/qtwj/ 中，文件名与这里写的一致。"


def test_missing_attachment_points_at_a_similar_file(tmp_path: Path) -> None:
    text = valid(attachments=["附件1.pdf"])
    p = only(problems_of(tmp_path, text, {"items/zcwj/qtwj/附件1.PDF": b"%PDF"}), "item.attachment")
    assert p.hint == "同一文件夹中有“附件1.PDF”，是不是这个？"


def test_attachment_entry_without_file(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, valid(attachments=["{title: 只有名称}"]))
    p = only(problems, "item.oneOf")
    assert (p.line, p.field) == (6, "attachments.第1项")
    assert "写法不对" in p.message


def test_empty_body_is_a_warning(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, item_text("", title="只有附件", index_no="CSJ000001/2024-00001", published="2024-03-01"))
    p = only(problems, "item.empty")
    assert p.level is Level.WARNING and not problems.errors
    assert (p.line, p.field, p.message) == (6, "正文", "正文是空的")


def test_two_items_with_one_explicit_slug(tmp_path: Path) -> None:
    root = mini_project(
        tmp_path,
        {
            "zcwj/qtwj/a.md": simple_item("甲", "2024-01-01", 1, slug="same"),
            "zcwj/qtwj/b.md": simple_item("乙", "2024-02-01", 2, slug="same"),
        },
    )
    _, problems = check(root)
    p = only(problems, "item.slug")
    assert (p.path, p.line) == (A, 5)
    assert p.message == "网址 doc/same/ 与 content/items/zcwj/qtwj/b.md 重复"


@pytest.mark.parametrize("folder", ["zcwj", "nosuch"])
def test_item_outside_a_leaf_column(tmp_path: Path, folder: str) -> None:
    root = mini_project(tmp_path, {f"{folder}/a.md": simple_item("放错地方", "2024-01-01", 1)})
    _, problems = check(root)
    p = only(problems, "item.column")
    assert p.path == f"content/items/{folder}/a.md"
    where = "上级栏目" if folder == "zcwj" else "未配置的栏目文件夹"
    assert p.message == f"文件放在{where} content/items/{folder}/ 中，不属于任何子栏目"
    assert "content/items/zcwj/gfxwj/" in p.hint  # the leaves are listed
