"""Annual report checks: each identity of STANDARDS §3 broken on its own, bad
cells, missing and wrong-format rows, the deadline. Each fixture is a sample
report with one line changed; the message must name the official cell."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import ROOT, run_xxgk

from generator.diagnostics import Level, Problem, Problems
from generator.reports.checks import check_deadline, check_report
from generator.reports.load import load_reports
from generator.reports.model import Report
from generator.reports.settings import ReportsSettings

REPORTS = ROOT / "content" / "reports"


def sample(year: int) -> str:
    return (REPORTS / f"{year}.yml").read_text(encoding="utf-8")


def change(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"fixture line not found once: {old!r}"
    return text.replace(old, new)


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def load(tmp_path: Path, texts: dict[int, str]) -> dict[int, Report]:
    folder = tmp_path / "content" / "reports"
    folder.mkdir(parents=True)
    for year, text in texts.items():
        (folder / f"{year}.yml").write_text(text, encoding="utf-8")
    problems = Problems()
    reports = load_reports(folder, tmp_path, problems, "溪川县农业农村局")
    assert not problems, problems.format()
    return {r.year: r for r in reports}


def check(tmp_path: Path, year: int, text: str, previous: int | None = None) -> list[Problem]:
    texts = {year: text}
    if previous:
        texts[previous] = sample(previous)
    reports = load(tmp_path, texts)
    return check_report(reports[year], reports.get(year - 1))


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(p.format() for p in problems)
    return problems[0]


@pytest.mark.parametrize("year", range(2020, 2026))
def test_every_sample_report_passes_with_its_predecessor(tmp_path: Path, year: int) -> None:
    problems = check(tmp_path, year, sample(year), year - 1 if year > 2020 else None)
    assert problems == [], "\n".join(p.format() for p in problems)


# ── the five identities and the 现行有效 warning ───────────────────────────────


def test_row_total_written_wrong(tmp_path: Path) -> None:
    old = "third_party:    [ 2,  1,  0,  0,  0,  0]"
    text = change(sample(2024), old, "third_party:    [ 2,  1,  0,  0,  0,  0,  4]")
    p = only(check(tmp_path, 2024, text, 2023))
    assert p.rule == "report.row_total" and p.level is Level.ERROR
    assert p.field == "（三）不予公开 4.保护第三方合法权益 / 总计"
    assert p.line == line_of(text, "third_party:")
    assert "= 4" in p.message and "= 3" in p.message  # both sides with their values
    assert "（三）不予公开 4.保护第三方合法权益 / 商业企业（1）" in p.message


def test_results_total_written_wrong(tmp_path: Path) -> None:
    # A written （七）总计 row one short for 自然人; 结转下年度 adjusted so that
    # the column still balances: only identity 2 is broken.
    text = change(
        sample(2024), "    # total: 由系统计算（（七）总计）", "    total:            [30,  4,  0,  1,  2,  0]"
    )
    text = change(text, "carried_over:       [ 1,", "carried_over:       [ 2,")
    p = only(check(tmp_path, 2024, text, 2023))
    assert p.rule == "report.results_total"
    assert p.field == "（七）总计 / 自然人"
    assert p.line == line_of(text, "    total:")
    assert "（七）总计 / 自然人（30）" in p.message
    assert "各行之和 / 自然人（31）" in p.message


def test_column_balance_broken(tmp_path: Path) -> None:
    text = change(sample(2024), "new:                [31,  4,", "new:                [31,  5,")
    p = only(check(tmp_path, 2024, text, 2023))
    assert p.rule == "report.column_balance"
    assert p.field == "一、本年新收政府信息公开申请数量 / 商业企业"
    assert "第一项加第二项之和，等于第三项加第四项之和" in p.message
    assert "= 5" in p.message and "= 4" in p.message
    assert "四、结转下年度继续办理 / 商业企业（0）" in p.message


def test_appeal_total_written_wrong(tmp_path: Path) -> None:
    text = change(sample(2024), "review:             [ 2,  0,  0,  1]", "review:             [ 2,  0,  0,  1,  4]")
    p = only(check(tmp_path, 2024, text, 2023))
    assert p.rule == "report.appeal_total"
    assert p.field == "行政复议 / 总计"
    assert p.line == line_of(text, "review:")
    assert "行政复议 / 总计（4）" in p.message and "= 3" in p.message


def test_carry_over_differs_from_last_year(tmp_path: Path) -> None:
    # 上年结转 2 although 2023 carried 1 over; 新收 one fewer keeps the column balanced.
    text = change(sample(2024), "carried_in:         [ 1,", "carried_in:         [ 2,")
    text = change(text, "new:                [31,", "new:                [30,")
    p = only(check(tmp_path, 2024, text, 2023))
    assert p.rule == "report.carry_over"
    assert p.field == "二、上年结转政府信息公开申请数量 / 自然人"
    assert "2023年报告 四、结转下年度继续办理 / 自然人（1）" in p.message
    assert "content/reports/2023.yml" in p.message


def test_carry_over_not_checked_without_last_years_report(tmp_path: Path) -> None:
    text = change(sample(2024), "carried_in:         [ 1,", "carried_in:         [ 2,")
    text = change(text, "new:                [31,", "new:                [30,")
    assert check(tmp_path, 2024, text) == []


def test_in_force_is_a_warning(tmp_path: Path) -> None:
    text = change(sample(2024), "in_force: 13}", "in_force: 12}")
    p = only(check(tmp_path, 2024, text, 2023))
    assert p.rule == "report.in_force" and p.level is Level.WARNING
    assert p.field == "第二十条第（一）项 行政规范性文件 / 现行有效件数"
    assert "= 12" in p.message and "= 13" in p.message


# ── cells and rows ─────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("value", "rule", "says"),
    [
        ("-1", "report.cell_negative", "不能是负数"),
        ("2.5", "report.cell_integer", "应当是整数"),
        ('"两"', "report.cell_number", "应当是数字"),
    ],
)
def test_bad_cell_names_the_cell(tmp_path: Path, value: str, rule: str, says: str) -> None:
    text = change(sample(2024), "third_party:    [ 2,  1,", f"third_party:    [ 2, {value},")
    p = only(check(tmp_path, 2024, text, 2023))
    assert (p.rule, p.field) == (rule, "（三）不予公开 4.保护第三方合法权益 / 商业企业")
    assert says in p.message


def test_negative_change_is_allowed_in_the_2019_format(tmp_path: Path) -> None:
    assert "change: -2" in sample(2020)
    assert check(tmp_path, 2020, sample(2020)) == []


def test_missing_row(tmp_path: Path) -> None:
    text = change(sample(2024), "      inquiry:        [ 0,  0,  0,  0,  0,  0]   # 8.属于行政查询事项\n", "")
    p = only(check(tmp_path, 2024, text, 2023))
    assert p.rule == "report.missing_row"
    assert p.field == "（三）不予公开 8.属于行政查询事项"


def test_row_with_too_few_numbers(tmp_path: Path) -> None:
    text = change(sample(2024), "granted:          [14,  2,  0,  1,  1,  0]", "granted:          [14,  2,  0,  1,  1]")
    p = only(check(tmp_path, 2024, text, 2023))
    assert p.rule == "report.row_length" and p.field == "（一）予以公开"
    assert "实际写了 5 个" in p.message


def test_2019_row_in_a_2021_report(tmp_path: Path) -> None:
    text = change(sample(2024), "  fees:", "  procurement:        {projects: 3, amount: 12.5}\n  fees:")
    p = only(check(tmp_path, 2024, text, 2023))
    assert p.rule == "report.wrong_format"
    assert p.field == "第二十条第（九）项 政府集中采购"
    assert "2019 格式" in p.message


def test_2019_other_row_in_a_2021_report(tmp_path: Path) -> None:
    text = sample(2024)
    start = text.index("    other:   ")
    end = text.index("    # total:")
    text = text[:start] + "    other:            [ 1,  0,  0,  0,  0,  0]\n" + text[end:]
    p = only(check(tmp_path, 2024, text, 2023))
    assert p.rule == "report.wrong_format" and p.field == "（六）其他处理"
    assert "no_correction" in p.hint  # how the 2021 format writes it


def test_2021_rows_in_a_2019_report(tmp_path: Path) -> None:
    text = change(
        sample(2020),
        "    other:            [ 0,  0,  0,  0,  0,  0]   # （六）其他处理",
        "    other:\n      no_correction: [0, 0, 0, 0, 0, 0]\n      unpaid: [0, 0, 0, 0, 0, 0]\n      other: [0, 0, 0, 0, 0, 0]",
    )
    p = only(check(tmp_path, 2020, text))
    assert p.rule == "report.wrong_format"
    assert "2021 格式" in p.message


def test_2021_column_in_a_2019_report(tmp_path: Path) -> None:
    text = change(sample(2020), "{made: 2, published: 2, total: 9}", "{made: 2, published: 2, total: 9, in_force: 9}")
    p = only(check(tmp_path, 2020, text))
    assert p.rule == "report.wrong_format"
    assert p.field == "第二十条第（一）项 行政规范性文件 / 现行有效件数"


def test_unknown_key_goes_to_the_schema(tmp_path: Path) -> None:
    text = change(sample(2024), "problems: |", "problem: |")
    problems = check(tmp_path, 2024, text, 2023)
    assert {p.rule for p in problems} == {"report-2021.additionalProperties", "report-2021.required"}
    assert any("problems" in p.hint for p in problems)


def test_year_must_match_file_name(tmp_path: Path) -> None:
    text = change(sample(2024), "year: 2024 ", "year: 2023 ")
    p = only(check(tmp_path, 2024, text, 2023))
    assert p.rule == "report.year"


def test_2021_report_must_state_processing_fees(tmp_path: Path) -> None:
    text = change(sample(2024), "本年度未收取信息处理费。", "")
    p = only(check(tmp_path, 2024, text, 2023))
    assert p.rule == "report.processing_fee" and p.level is Level.WARNING


# ── deadline ──────────────────────────────────────────────────────────────────


def test_deadline_warning_depends_on_today(tmp_path: Path) -> None:
    reports = list(load(tmp_path, {2024: sample(2024)}).values())
    assert check_deadline(reports, dt.date(2026, 1, 31), (1, 31)) == []  # 2025's is not due yet
    (p,) = check_deadline(reports, dt.date(2026, 2, 1), (1, 31))
    assert p.rule == "report.deadline" and p.level is Level.WARNING
    assert "2025" in p.message and "2026年1月31日" in p.message
    assert check_deadline(reports, dt.date(2026, 3, 31), (3, 31)) == []  # configured deadline


def test_deadline_is_configured_in_site_yml() -> None:
    assert ReportsSettings().deadline_day == (1, 31)
    assert ReportsSettings(deadline="03-31").deadline_day == (3, 31)  # a government's own report (条例第四十九条)


def test_check_command_warns_when_last_years_report_is_missing(project: Path) -> None:
    assert "report.deadline" not in run_xxgk(project, "check", "--json").stdout  # the sample, today
    (project / "content" / "reports" / "2025.yml").unlink()
    result = run_xxgk(project, "check", "--json", today="2026-02-01")
    deadline = [p for p in json.loads(result.stdout) if p["rule"] == "report.deadline"]
    assert len(deadline) == 1 and "2025" in deadline[0]["message"]
    result = run_xxgk(project, "check", "--json", today="2026-01-31")
    assert not [p for p in json.loads(result.stdout) if p["rule"] == "report.deadline"]


def test_a_report_file_without_a_year_is_not_silently_dropped(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "reports"
    folder.mkdir(parents=True)
    (folder / "nianbao-2019.md").write_text("---\ntitle: 2019年报告\n---\n正文", encoding="utf-8")
    (folder / "2018.md").write_text("---\ntitle: 2018年报告\n---\n正文", encoding="utf-8")  # a document report
    problems = Problems()
    assert load_reports(folder, tmp_path, problems) == []
    (p,) = problems.items
    assert p.rule == "report.filename" and p.path == "content/reports/nianbao-2019.md"
    assert "xxgk report new" in p.hint and "2018.md" in p.hint


# ── archived reports: printed blanks, as_published, in_force_note ─────────────

PAST = dt.date(2026, 11, 23)  # 2024's deadline (2025-01-31) has passed, 2025's too
WHILE_WRITING_2025 = dt.date(2026, 1, 10)  # 2025's report is being written


def check_on(tmp_path: Path, year: int, text: str, today: dt.date) -> list[Problem]:
    reports = load(tmp_path, {year: text, year - 1: sample(year - 1)})
    return check_report(reports[year], reports[year - 1], (1, 31), today)


def test_blank_cell_is_allowed_only_in_an_archived_report(tmp_path: Path) -> None:
    text = change(sample(2025), "security:       [ 0,", "security:       [null,")
    assert check_on(tmp_path / "a", 2025, text, PAST) == []  # printed blank: counts 0 in the identities
    p = only(check_on(tmp_path / "b", 2025, text, WHILE_WRITING_2025))
    assert (p.rule, p.field) == ("report.cell_missing", "（三）不予公开 3.危及“三安全一稳定” / 自然人")
    assert p.line == line_of(text, "security:") and "公布期限（次年 1 月 31 日）还没有过" in p.hint


def test_blank_total_is_not_checked_and_stays_blank(tmp_path: Path) -> None:
    from generator.reports.tables import shown
    from generator.reports.values import unchecked

    text = change(sample(2024), "third_party:    [ 2,  1,  0,  0,  0,  0]", "third_party:    [ 2,  1,  0,  0,  0,  0, null]")
    reports = load(tmp_path, {2024: text})
    assert check_report(reports[2024], None, (1, 31), PAST) == []
    key = "requests.results.refused.third_party.total"
    assert shown(reports[2024], key).text == "" and reports[2024].cells[key] == 3  # blank, but summed
    assert [i.subject for i in unchecked(reports[2024])] == [key]


BROKEN_2024 = ("granted:          [14,", "granted:          [15,")  # （七）总计 is written below


def broken_2024() -> str:
    text = change(sample(2024), *BROKEN_2024)
    # a printed （七）总计 and a 结转 that keep the 自然人 column balanced: only identity 2 breaks
    text = change(text, "    # total: 由系统计算（（七）总计）", "    total:            [31,  4,  0,  1,  2,  0]")
    return change(text, "carried_over:       [ 1,", "carried_over:       [ 1,")


def test_as_published_must_name_exactly_the_broken_identities(tmp_path: Path) -> None:
    text = broken_2024()
    p = only(check_on(tmp_path / "a", 2024, text, PAST))
    assert (p.rule, p.field) == ("report.results_total", "（七）总计 / 自然人")
    assert "as_published: {broken: [{identity: results_total, cell: requests.results.total.natural}]}" in p.hint
    ack = "as_published:\n  note: 原表如此。\n  broken:\n    - {identity: results_total, cell: requests.results.total.natural}\n"
    assert check_on(tmp_path / "b", 2024, ack + text, PAST) == []
    # A second break is still an error; an entry that no longer breaks must go.
    worse = change(ack + text, "new:                [31,  4,", "new:                [31,  5,")
    assert {p.rule for p in check_on(tmp_path / "c", 2024, worse, PAST)} == {"report.column_balance"}
    fixed = ack + sample(2024)
    p = only(check_on(tmp_path / "d", 2024, fixed, PAST))
    assert p.rule == "report.as_published" and p.line == 4 and "不应列为原报告的错误" in p.message
    unknown = ack.replace("results_total", "row_sum") + text
    assert "report.as_published" in {p.rule for p in check_on(tmp_path / "e", 2024, unknown, PAST)}


def test_as_published_is_refused_for_the_report_being_written(tmp_path: Path) -> None:
    text = sample(2025)
    ack = "as_published:\n  broken:\n    - {identity: results_total, cell: requests.results.total.natural}\n"
    problems = check_on(tmp_path, 2025, ack + text, WHILE_WRITING_2025)
    year = next(p for p in problems if p.rule == "report.as_published_year")
    assert year.line == 1 and "2025年度报告的公布期限（次年 1 月 31 日）还没有过" in year.message


def test_in_force_note_answers_the_warning(tmp_path: Path) -> None:
    text = change(sample(2024), "in_force: 13}", "in_force: 12}")
    assert only(check(tmp_path / "a", 2024, text, 2023)).rule == "report.in_force"
    assert "in_force_note: {normative: 说明文字}" in only(check(tmp_path / "b", 2024, text, 2023)).hint
    noted = "in_force_note:\n  normative: 1 件文件有效期届满失效。\n" + text
    assert check(tmp_path / "c", 2024, noted, 2023) == []
    assert {p.rule for p in check(tmp_path / "d", 2020, "in_force_note: {normative: x}\n" + sample(2020))} == {
        "report-2019.additionalProperties"
    }  # a 2019-format report has no 现行有效件数


def test_amounts_keep_their_digits_and_unit(tmp_path: Path) -> None:
    from generator.reports.tables import shown

    text = change(sample(2020), "amount: 386.52}", 'amount: "75,394,432.52元"}')
    reports = load(tmp_path, {2020: text})
    assert check_report(reports[2020], None) == []
    assert shown(reports[2020], "active.procurement.amount").text == "75,394,432.52 元"
    bad = change(sample(2020), "amount: 386.52}", 'amount: "约386万"}')
    p = only(check(tmp_path / "b", 2020, bad))
    assert (p.rule, p.field) == ("report.cell_number", "第二十条第（九）项 政府集中采购 / 采购总金额")


def test_deadline_text_follows_site_yml(project: Path) -> None:
    site = project / "content" / "site.yml"
    site.write_text(change(site.read_text(encoding="utf-8"), 'deadline: "01-31"', 'deadline: "03-31"'), encoding="utf-8")
    result = run_xxgk(project, "report", "new", "2026", today="2027-01-10")
    assert "本年度报告应于次年 3 月 31 日前公布" in result.stdout
    text = (project / "content" / "reports" / "2026.yml").read_text(encoding="utf-8")
    assert "应在次年 3 月 31 日前" in text and "1 月 31 日" not in text
    (project / "content" / "reports" / "2025.yml").unlink()
    problems = json.loads(run_xxgk(project, "check", "--json", today="2026-04-01").stdout)
    (p,) = [p for p in problems if p["rule"] == "report.deadline"]
    assert "次年 3 月 31 日" in p["hint"] and "1 月 31 日" not in p["hint"]
