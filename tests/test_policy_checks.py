"""Each interpretation and validity check: a fixture that triggers exactly it,
and one that passes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from compliance_fixtures import fill_columns, make_content, no, write_item

from generator.build import load_and_check
from generator.diagnostics import Level, Problem

TODAY = dt.date(2026, 11, 23)
POLICY_RULES = ("policy.", "validity.")


def policy_problems(root: Path) -> list[Problem]:
    _, problems = load_and_check(root, TODAY)
    return [p for p in problems.items if p.rule.startswith(POLICY_RULES)]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    content = make_content(tmp_path)
    fill_columns(content)
    return content


def policy(content: Path, serial: int, published: str = "2024-02-08", **meta: object) -> None:
    write_item(content, "zcwj/gfxwj", f"p{serial}", index_no=no(serial, 2024), title=f"关于印发第{serial}号办法的通知", published=published, genre="通知", **meta)


def interpretation(content: Path, serial: int, targets: object, published: str = "2024-02-08", **meta: object) -> None:
    write_item(content, "zcjd", f"i{serial}", index_no=no(serial, 2024), title=f"第{serial}号解读", published=published, genre="政策解读", interprets=targets, **meta)


def test_policy_with_a_timely_interpretation_passes(content: Path) -> None:
    policy(content, 1)
    interpretation(content, 2, no(1, 2024), published="2024-02-19", form="文字解读")  # 3rd working day after 2-8
    assert policy_problems(content.parent) == []


def test_interprets_naming_no_item_is_an_error(content: Path) -> None:
    policy(content, 1)
    interpretation(content, 2, [no(1, 2024), no(77, 2024)])
    problems = policy_problems(content.parent)
    assert [(p.rule, p.level) for p in problems] == [("policy.interprets", Level.ERROR)]
    assert problems[0].path.endswith("zcjd/i2.md") and no(77, 2024) in problems[0].message
    assert "第2项" in problems[0].field and problems[0].line is not None


def test_interpretation_after_three_working_days_is_late(content: Path) -> None:
    policy(content, 1)  # Thursday 2024-02-08, the eve of the Spring Festival holiday
    interpretation(content, 2, no(1, 2024), published="2024-02-20")  # 4th working day
    problems = policy_problems(content.parent)
    assert [(p.rule, p.level) for p in problems] == [("policy.late", Level.WARNING)]
    assert "第 4 个工作日" in problems[0].message and "2024-02-19" in problems[0].hint


def test_second_interpretation_does_not_make_a_timely_policy_late(content: Path) -> None:
    policy(content, 1)
    interpretation(content, 2, no(1, 2024), published="2024-02-09", form="文字解读")
    interpretation(content, 3, no(1, 2024), published="2024-03-20", form="图解")
    assert policy_problems(content.parent) == []


def test_normative_document_without_interpretation_is_a_finding(content: Path) -> None:
    policy(content, 1)
    problems = policy_problems(content.parent)
    assert [(p.rule, p.level) for p in problems] == [("policy.uninterpreted", Level.WARNING)]
    assert no(1, 2024) in problems[0].hint


def test_marked_valid_but_expired_is_a_contradiction(content: Path) -> None:
    policy(content, 1, validity="有效", expires="2025-12-31")
    interpretation(content, 2, no(1, 2024))
    problems = policy_problems(content.parent)
    assert [(p.rule, p.level) for p in problems] == [("validity.contradiction", Level.ERROR)]
    assert "2025-12-31" in problems[0].message


def test_marked_valid_but_replaced_is_a_contradiction(content: Path) -> None:
    policy(content, 1, validity="有效", superseded_by=no(3, 2024))
    policy(content, 3, published="2024-05-06", effective="2024-06-01")
    interpretation(content, 2, no(1, 2024))
    interpretation(content, 5, no(3, 2024), published="2024-05-06")
    problems = policy_problems(content.parent)
    assert [(p.rule, p.level) for p in problems] == [("validity.contradiction", Level.ERROR)]


def test_superseded_by_naming_no_item_is_an_error(content: Path) -> None:
    policy(content, 1, validity="废止", expires="2025-01-01", superseded_by=no(99, 2024))
    problems = policy_problems(content.parent)
    assert [(p.rule, p.level) for p in problems] == [("validity.superseded-by", Level.ERROR)]


def test_supersession_cycle_is_an_error(content: Path) -> None:
    policy(content, 1, superseded_by=no(3, 2024))
    policy(content, 3, superseded_by=no(4, 2024))
    policy(content, 4, superseded_by=no(1, 2024))
    problems = policy_problems(content.parent)
    assert [(p.rule, p.level) for p in problems] == [("validity.cycle", Level.ERROR)]
    assert problems[0].message.count("→") == 3


def test_repealed_without_any_date_is_a_warning(content: Path) -> None:
    policy(content, 1, validity="废止")
    problems = policy_problems(content.parent)
    assert [(p.rule, p.level) for p in problems] == [("validity.no-date", Level.WARNING)]


def test_validity_is_derived_from_dates_and_replacements(content: Path) -> None:
    from generator.validity import effective_validity

    policy(content, 1, expires="2025-06-30")  # no validity stated, expired
    policy(content, 3, superseded_by=no(4, 2024))  # replaced by a document now in force
    policy(content, 4, published="2024-05-06", effective="2024-06-01")
    policy(content, 5, expires="2030-01-01")  # still in force
    site, _ = load_and_check(content.parent, TODAY)
    by_no = site.item_by_index_no()
    assert [effective_validity(by_no[no(n, 2024)], site) for n in (1, 3, 4, 5)] == ["失效", "废止", "有效", "有效"]
    assert effective_validity(by_no[no(1, 2024)], site, dt.date(2025, 1, 1)) == "有效"
