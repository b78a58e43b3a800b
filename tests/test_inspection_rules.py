"""The inspection report: each rule triggered by a fixture and passing on a
clean one, the verdict thresholds, configuration, and ``xxgk check`` output."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from compliance_fixtures import fill_columns, make_content, no, write_item
from conftest import make_project, run_xxgk

from generator.build import load_and_check
from generator.diagnostics import Level, Problems
from generator.inspection.report import InspectionReport
from generator.inspection.rules import REPORT_KEY, RULE_IDS, months_before
from generator.schemas import load_schema

TODAY = dt.date(2026, 11, 23)
SIX_LEAVES: list[dict[str, Any]] = [{"id": f"c{n}", "title": f"栏目{n}"} for n in range(6)]


def inspect(root: Path, today: dt.date = TODAY) -> tuple[InspectionReport, Problems]:
    site, problems = load_and_check(root, today)
    return site.get(REPORT_KEY, None), problems


def levels(report: InspectionReport) -> dict[str, str]:
    return {r.rule.id: r.level for r in report.results}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    content = make_content(tmp_path)
    fill_columns(content)
    return content


def test_clean_site_passes_every_rule(content: Path) -> None:
    report, problems = inspect(content.parent)
    assert set(levels(report).values()) == {"ok"}, report.format()
    assert report.overall == "合格：未发现问题"
    assert not [p for p in problems.items if p.rule.startswith("inspection.")]


def test_five_empty_columns_are_a_veto_and_fail(tmp_path: Path) -> None:
    content = make_content(tmp_path, columns=SIX_LEAVES)
    write_item(content, "c0", "a", index_no=no(1), published="2026-11-01")
    report, problems = inspect(tmp_path)
    empty = report.result("empty-column")
    assert empty.count == 5 and empty.threshold == 5 and empty.level == "error"
    assert empty.headline == "空白栏目 5 个 ≥ 5：单项否决"
    assert report.overall == "单项否决：空白栏目"
    assert [p.message for p in problems.errors if p.rule == "inspection.empty-column"] == ["空白栏目 5 个 ≥ 5：单项否决"]
    assert sorted(p.path for p in problems.warnings if p.rule == "inspection.empty-column") == [f"content/items/c{n}/" for n in range(1, 6)]


def test_four_empty_columns_are_a_risk_not_a_veto(tmp_path: Path) -> None:
    content = make_content(tmp_path, columns=SIX_LEAVES)
    write_item(content, "c0", "a", index_no=no(1), published="2026-11-01")
    write_item(content, "c1", "b", index_no=no(2), published="2026-11-01")
    report, problems = inspect(tmp_path)
    empty = report.result("empty-column")
    assert (empty.count, empty.level) == (4, "warning")
    assert empty.headline == "空白栏目 4 个 < 5：未达否决线，存在风险"
    assert not problems.errors


def test_threshold_and_levels_come_from_site_yml(tmp_path: Path) -> None:
    content = make_content(tmp_path, columns=SIX_LEAVES, inspection={"empty_columns": 3})
    write_item(content, "c0", "a", index_no=no(1), published="2026-11-01")
    write_item(content, "c1", "b", index_no=no(2), published="2026-11-01")
    report, problems = inspect(tmp_path)
    assert report.result("empty-column").headline == "空白栏目 4 个 ≥ 3：单项否决"
    assert problems.errors


def test_stale_policy_column_boundary_is_six_months(content: Path) -> None:
    # fill_columns published everything on 2026-11-02; move 政策解读's only item back.
    (content / "items/zcjd/filler-2.md").unlink()
    write_item(content, "zcjd", "old", index_no=no(50), published="2026-05-23")
    assert inspect(content.parent)[0].result("stale-column").count == 0  # exactly six months: on time
    (content / "items/zcjd/old.md").unlink()
    write_item(content, "zcjd", "older", index_no=no(51), published="2026-05-22")
    report, problems = inspect(content.parent)
    stale = report.result("stale-column")
    assert (stale.count, stale.level) == (1, "warning")
    assert stale.findings[0].where == "content/items/zcjd/" and "2026-05-22" in stale.findings[0].text
    assert stale.headline == "栏目未及时更新 1 个 < 5：未达否决线，存在风险"
    assert [p.rule for p in problems.warnings] == ["inspection.stale-column"]


def test_policy_columns_get_six_months_even_unconfigured(tmp_path: Path) -> None:
    columns = [{"id": "zcjd", "title": "政策解读"}, {"id": "tjxx", "title": "统计信息"}]
    content = make_content(tmp_path, columns=columns)
    write_item(content, "zcjd", "a", index_no=no(1), published="2025-01-01")
    write_item(content, "tjxx", "b", index_no=no(2), published="2020-01-01")  # no interval: never stale
    stale = inspect(tmp_path)[0].result("stale-column")
    assert [f.where for f in stale.findings] == ["content/items/zcjd/"]


def test_item_without_a_publication_date_counts_as_not_updated(content: Path) -> None:
    write_item(content, "tjxx", "undated", index_no=no(60))  # no published
    report, problems = inspect(content.parent)
    undated = report.result("undated")
    assert (undated.count, undated.level) == (1, "error")
    assert undated.findings[0].where.endswith("tjxx/undated.md")
    assert undated.headline == "信息无发布日期 1 条：视为未更新"
    assert any(p.rule == "item.required" for p in problems.errors)


def test_late_interpretation_is_counted_and_can_be_made_an_error(tmp_path: Path) -> None:
    for inspection, level in ((None, Level.WARNING), ({"errors": ["late-interpretation"]}, Level.ERROR)):
        where = tmp_path / str(level.value)
        content = make_content(where, inspection=inspection)
        fill_columns(content)
        write_item(content, "zcwj/gfxwj", "p", index_no=no(70), published="2026-09-30")  # before the National Day holiday
        write_item(content, "zcjd", "i", index_no=no(71), published="2026-10-12", interprets=no(70))
        report, problems = inspect(where)
        late = report.result("late-interpretation")
        assert late.count == 1 and late.headline == "政策解读未同步发布 1 条：扣分"
        assert [p.level for p in problems.items if p.rule == "policy.late"] == [level]
        assert late.level == ("error" if inspection else "warning")


def test_uninterpreted_normative_document_is_counted(content: Path) -> None:
    write_item(content, "zcwj/gfxwj", "p", index_no=no(80), published="2026-11-02")
    report, _ = inspect(content.parent)
    assert report.result("uninterpreted").headline == "行政规范性文件无解读 1 件：扣分"


def test_unfulfilled_catalogue_row_is_counted(content: Path) -> None:
    (content / "catalogues").mkdir()
    row = {
        "first": "统计信息", "content": "年度统计数据", "basis": "统计法", "deadline": "20个工作日内", "subject": "本局",
        "channels": ["政府网站"], "audience": "全社会", "mode": "主动", "levels": ["县级"], "where": {"columns": ["tjxx"], "match": ["普查"]},
    }
    (content / "catalogues/tj.yml").write_text(json.dumps({"domain": "统计", "rows": [row]}, ensure_ascii=False), encoding="utf-8")
    report, _ = inspect(content.parent)
    assert report.result("catalogue").headline == "标准目录事项未公开 1 项：扣分"


def test_missing_annual_report_is_counted_from_the_reports_check(content: Path) -> None:
    shutil.rmtree(content / "reports", ignore_errors=True)
    report, problems = inspect(content.parent)
    deadline = report.result("report-deadline")
    assert deadline.count >= 1 and deadline.level == "warning"
    assert all(f.where.startswith("content/reports/") for f in deadline.findings)
    assert any(p.rule.startswith("report.deadline") for p in problems.items)


def test_site_schema_lists_exactly_the_rule_ids() -> None:
    schema = load_schema("site")["properties"]["inspection"]
    assert tuple(schema["properties"]["errors"]["items"]["enum"]) == RULE_IDS


def test_months_before_clamps_to_month_end() -> None:
    assert months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 1) == dt.date(2025, 12, 15)


def test_xxgk_check_prints_the_report_and_writes_json(tmp_path: Path) -> None:
    content = make_content(tmp_path / "src", columns=SIX_LEAVES)
    write_item(content, "c0", "a", index_no=no(1), published="2026-11-01")
    project = make_project(tmp_path / "project", content)
    out = tmp_path / "inspection.json"
    result = run_xxgk(project, "check", "--inspection-json", str(out))
    assert result.returncode == 1
    assert "巡检报告（按 2026-11-23 检查" in result.stdout
    assert "✗ 空白栏目 5 个 ≥ 5：单项否决" in result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["today"] == "2026-11-23" and data["overall"] == "单项否决：空白栏目"
    empty = next(r for r in data["rules"] if r["id"] == "empty-column")
    assert (empty["count"], empty["threshold"], empty["level"]) == (5, 5, "error")
    assert [f["where"] for f in empty["findings"]] == [f"content/items/c{n}/" for n in range(1, 6)]
    assert [r["id"] for r in data["rules"]] == list(RULE_IDS)


def test_published_sample_passes_its_own_inspection(sample_build: Path) -> None:
    """The published sample passes its own inspection, links included."""
    data = json.loads((sample_build / "jcbg/inspection.json").read_text(encoding="utf-8"))
    assert data["overall"] == "合格：未发现问题", data
    links = next(r for r in data["rules"] if r["id"] == "links")
    assert links["note"].startswith("已检查生成的") and links["count"] == 0
    page = (sample_build / "jcbg/index.html").read_text(encoding="utf-8")
    assert "结论：合格：未发现问题" in page and links["note"] in page


def test_office_page_is_not_linked_from_public_pages(sample_build: Path) -> None:
    linking = [p.relative_to(sample_build).as_posix() for p in sample_build.rglob("*.html") if "jcbg/" in p.read_text(encoding="utf-8")]
    assert linking == ["jcbg/index.html"], linking  # its own canonical link only
    assert "jcbg/" not in (sample_build / "sitemap.xml").read_text(encoding="utf-8")
    assert (sample_build / "jcbg/index.html").is_file()


def test_office_page_link_and_page_follow_site_yml(tmp_path: Path) -> None:
    from generator.build import generate

    for n, (inspection, linked, written) in enumerate((({"page_in_nav": True}, True, True), ({"page": False}, False, False))):
        where = tmp_path / f"site{n}"
        content = make_content(where, inspection=inspection)
        fill_columns(content)
        docs = where / "docs"
        generate(where, docs_dir=docs, today=TODAY)
        overview = (docs / "fdzdgknr/index.md").read_text(encoding="utf-8")
        assert ('href="../jcbg/"' in overview) is linked
        assert (docs / "jcbg/index.md").is_file() is written
