"""The 指南 (条例 Art 12): every element present, a real 更新日期, kept current."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_kit import check, mini_project, only

from generator.diagnostics import Level

GUIDE = "content/guide.yml"


def guide_problems(tmp_path: Path, edit):  # type: ignore[no-untyped-def]
    root = mini_project(tmp_path)
    path = root / GUIDE
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return check(root)[1]


def test_sample_style_guide_is_complete(tmp_path: Path) -> None:
    assert [p for p in check(mini_project(tmp_path))[1].items if p.path == GUIDE] == []


@pytest.mark.parametrize(
    ("line_text", "field", "label", "line"),
    [
        ("  fax: 0000-1111112\n", "传真号码(office.fax)", "fax（传真号码）", 6),
        ("  online: 电子邮箱 test@example.gov.cn\n", "互联网联系方式(office.online)", "online（互联网联系方式）", 6),
        ("access: |\n  通过本网站“政府信息公开”专栏公开。\n", "获取方式(access)", "access（获取方式）", 1),
    ],
)
def test_missing_element(tmp_path: Path, line_text: str, field: str, label: str, line: int) -> None:
    problems = guide_problems(tmp_path, lambda text: text.replace(line_text, ""))
    p = only(problems, "guide.required")
    assert (p.path, p.field) == (GUIDE, field)
    assert p.message == f"缺少必填字段 {label}"
    assert p.line == line
    assert p.hint  # every message says how to fix it


def test_missing_element_without_description_still_has_a_hint(tmp_path: Path) -> None:
    problems = guide_problems(tmp_path, lambda text: text.replace("  fax: 0000-1111112\n", ""))
    assert only(problems, "guide.required").hint == "加上一行 fax: 并填写传真号码。"


def test_empty_element(tmp_path: Path) -> None:
    problems = guide_problems(tmp_path, lambda text: text.replace("  hours: 工作日 9:00—17:00", '  hours: ""'))
    p = only(problems, "guide.minLength")
    assert (p.line, p.field, p.message) == (9, "办公时间(office.hours)", "不能为空")


def test_missing_update_date(tmp_path: Path) -> None:
    problems = guide_problems(tmp_path, lambda text: text.replace("updated: 2026-06-01\n", ""))
    assert only(problems, "guide.required").message == "缺少必填字段 updated（更新日期）"


def test_impossible_update_date(tmp_path: Path) -> None:
    problems = guide_problems(tmp_path, lambda text: text.replace("2026-06-01", "2026-06-31"))
    p = only(problems, "guide.date")
    assert (p.path, p.line, p.field, p.message) == (GUIDE, 1, "更新日期(updated)", "“2026-06-31”不是真实存在的日期")


def test_update_date_in_the_future(tmp_path: Path) -> None:
    problems = guide_problems(tmp_path, lambda text: text.replace("2026-06-01", "2026-12-01"))
    assert [(p.rule, p.message) for p in problems.errors] == [("guide.future", "更新日期 2026-12-01 晚于今天")]


def test_stale_guide_is_a_warning(tmp_path: Path) -> None:
    problems = guide_problems(tmp_path, lambda text: text.replace("2026-06-01", "2025-06-01"))
    p = only(problems, "guide.stale")
    assert p.level is Level.WARNING and not problems.errors
    assert (p.line, p.field) == (1, "更新日期(updated)")
    assert p.message == "指南已有 540 天没有更新（2025-06-01）"
    assert "至少每年更新一次" in p.hint


def test_unknown_guide_key(tmp_path: Path) -> None:
    problems = guide_problems(tmp_path, lambda text: text.replace("  phone:", "  telephone:"))
    unknown = only(problems, "guide.additionalProperties")
    assert (unknown.line, unknown.field) == (10, "office.telephone")
    assert unknown.hint == "是不是要写 phone（联系电话）？"


def test_missing_guide_file(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    (root / GUIDE).unlink()
    p = only(check(root)[1], "guide.missing")
    assert p.path == GUIDE
    assert p.message == "缺少政府信息公开指南 content/guide.yml"
