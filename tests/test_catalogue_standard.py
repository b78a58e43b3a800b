"""The 基层政务公开标准目录: YAML per 领域, its checks, and the official table
showing where and when each row is published."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from compliance_fixtures import fill_columns, make_content, no, write_item

from generator.build import load_and_check
from generator.diagnostics import Level, Problem

TODAY = dt.date(2026, 11, 23)
ROW: dict[str, Any] = {
    "first": "统计信息",
    "second": "年度统计公报",
    "content": "主要农产品产量",
    "basis": "《中华人民共和国统计法》",
    "deadline": "信息形成之日起20个工作日内",
    "subject": "溪川县农业农村局",
    "channels": ["政府网站"],
    "audience": "全社会",
    "mode": "主动",
    "levels": ["县级"],
}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    content = make_content(tmp_path)
    fill_columns(content)
    write_item(content, "tjxx", "gongbao", index_no=no(40), title="2025年主要农产品产量统计公报", published="2026-03-02")
    return content


def catalogue_problems(content: Path, *rows: dict[str, Any]) -> list[Problem]:
    folder = content / "catalogues"
    folder.mkdir(exist_ok=True)
    (folder / "tj.yml").write_text(json.dumps({"domain": "统计", "rows": list(rows)}, ensure_ascii=False, indent=1), encoding="utf-8")
    _, problems = load_and_check(content.parent, TODAY)
    return [p for p in problems.items if p.path == "content/catalogues/tj.yml"]


def test_row_published_in_a_column_passes(content: Path) -> None:
    assert catalogue_problems(content, {**ROW, "where": {"columns": ["tjxx"], "match": ["公报"]}}) == []


def test_row_published_as_named_items_passes(content: Path) -> None:
    assert catalogue_problems(content, {**ROW, "where": {"items": [no(40)]}}) == []


def test_row_with_nothing_published_is_a_finding(content: Path) -> None:
    (problem,) = catalogue_problems(content, {**ROW, "where": {"columns": ["tjxx"], "match": ["普查"]}})
    assert (problem.rule, problem.level) == ("catalogue.unfulfilled", Level.WARNING)
    assert problem.field == "公开事项 1（统计信息 / 年度统计公报）" and problem.line == 4  # the row's "{"


def test_row_without_where_is_a_finding_unless_not_online(content: Path) -> None:
    (problem,) = catalogue_problems(content, ROW)
    assert problem.rule == "catalogue.unfulfilled" and "没有写 where" in problem.message
    offline = {**ROW, "channels": ["社区/企事业单位/村公示栏（电子屏）"]}
    on_request = {**ROW, "mode": "依申请"}
    assert catalogue_problems(content, offline, on_request) == []


def test_unknown_column_and_item_are_errors(content: Path) -> None:
    problems = catalogue_problems(content, {**ROW, "where": {"columns": ["tjxxx"], "items": [no(40), no(999)]}})
    assert sorted((p.rule, p.level) for p in problems) == [("catalogue.column", Level.ERROR), ("catalogue.item", Level.ERROR)]
    column = next(p for p in problems if p.rule == "catalogue.column")
    assert "tjxxx" in column.message and "tjxx" in column.hint and column.field == "子栏目(rows.第1项.where.columns)"


def test_schema_errors_point_at_the_line_with_a_hint(content: Path) -> None:
    (problem,) = catalogue_problems(content, {**ROW, "channels": ["政府网"], "where": {"items": [no(40)]}})
    assert problem.rule == "catalogue.enum" and "政府网站" in problem.hint
    lines = (content / "catalogues/tj.yml").read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1].strip() == '"政府网"'
    assert problem.field == "rows.第1项.channels.第1项"


class Table(HTMLParser):
    """Cells of the first table: (tag, text, attributes) per row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str, str, dict]]] = []
        self.cell: list | None = None
        self.done = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self.done:
            return
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td") and self.rows:
            self.cell = [tag, "", dict(attrs)]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self.cell is not None:
            self.rows[-1].append(tuple(self.cell))
            self.cell = None
        elif tag == "table":
            self.done = True

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell[1] += data


def table(sample_build: Path, slug: str) -> list[list[tuple[str, str, dict]]]:
    parser = Table()
    parser.feed((sample_build / f"xxgkml/bzml/{slug}/index.html").read_text(encoding="utf-8"))
    return parser.rows


def test_official_table_header(sample_build: Path) -> None:
    first, second = table(sample_build, "shenong-butie")[:2]
    assert [(text, a.get("colspan"), a.get("rowspan")) for _, text, a in first] == [
        ("序号", None, "2"), ("公开事项", "2", None), ("公开内容（要素）", None, "2"), ("公开依据", None, "2"),
        ("公开时限", None, "2"), ("公开主体", None, "2"), ("公开渠道和载体", None, "2"), ("公开对象", "2", None),
        ("公开方式", "2", None), ("公开层级", "2", None), ("本站公开位置", None, "2"), ("最近更新", None, "2"),
    ]
    assert [text for _, text, _ in second] == ["一级事项", "二级事项", "全社会", "特定群体", "主动", "依申请", "县级", "乡级"]


def test_rows_show_where_and_when_published(sample_build: Path) -> None:
    rows = table(sample_build, "shenong-butie")[2:]
    assert len(rows) == 9
    first = rows[0]
    assert first[1][2].get("rowspan") == "2" and first[1][1] == "政策文件"  # 一级事项 merged over its two rows
    assert first[-1][1] == "2024-02-28"  # newest of the normative documents on 补贴
    assert first[-2][1].startswith("行政规范性文件：")
    assert [c[1] for c in first[8:14]] == ["✓", "", "✓", "", "✓", ""]
    offline = next(r for r in rows if "分户补贴清册" in [c[1] for c in r])
    assert offline[-2][1] == "不在本站公开" and offline[-1][1] == "—"


def test_three_domains_fully_filled_in_the_sample(sample_build: Path) -> None:
    site, problems = load_and_check(Path(__file__).resolve().parent.parent, TODAY)
    from generator.catalogues.standard import load

    catalogues, _ = load(site)
    assert len(catalogues) >= 3
    for catalogue in catalogues:
        assert all(row.items or not row.expected_online for row in catalogue.rows), catalogue.slug
        assert table(sample_build, catalogue.slug)
    assert not [p for p in problems.items if p.rule.startswith("catalogue.")]
