"""Downloads and scaffolding: the CSV and JSON say exactly what the YAML says,
``xxgk report new`` carries last year's numbers over, and the committed JSON
Schemas are the ones the layout generates."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_xxgk

from generator.reports.formats import FORMATS
from generator.reports.schema import SCHEMA_DIR, schema_text

APPLICANTS = ["natural", "business", "research", "nonprofit", "legal", "other", "total"]
OUTCOMES = ["upheld", "corrected", "other", "pending", "total"]


def yaml_cells(year: int) -> dict[str, float]:
    """Every number written in content/reports/<year>.yml, by cell key, read
    straight from the YAML (not through the generator)."""
    data = yaml.safe_load((ROOT / "content" / "reports" / f"{year}.yml").read_text(encoding="utf-8"))
    out: dict[str, float] = {}

    def walk(node: object, path: str, columns: list[str]) -> None:
        if isinstance(node, list):
            out.update({f"{path}.{col}": v for col, v in zip(columns, node, strict=False)})
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}", columns)

    walk(data["requests"], "requests", APPLICANTS)
    walk(data["appeals"], "appeals", OUTCOMES)
    for row, cols in data["active"].items():
        out.update({f"active.{row}.{col}": v for col, v in cols.items()})
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so that Excel reads the Chinese"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.mark.parametrize("year", range(2020, 2026))
def test_csv_numbers_equal_the_yaml(sample_build: Path, year: int) -> None:
    rows = read_csv(sample_build / "ndbg" / str(year) / f"ndbg-{year}.csv")
    written = yaml_cells(year)
    by_key = {r["字段"]: r for r in rows}
    assert {k for k, r in by_key.items() if r["来源"] == "填报"} == set(written)
    for key, value in written.items():
        assert float(by_key[key]["数值"]) == value, key
    # Computed cells: every 总计 is the sum of its row.
    for key, row in by_key.items():
        if key.startswith("requests.") and key.endswith(".total") and row["来源"] == "计算":
            base = key.rsplit(".", 1)[0]
            assert int(row["数值"]) == sum(int(by_key[f"{base}.{c}"]["数值"]) for c in APPLICANTS[:-1])
    labels = {r["字段"]: (r["表格"], r["项目"], r["列"]) for r in rows}
    assert labels["requests.results.refused.third_party.business"] == (
        "三、收到和处理政府信息公开申请情况",
        "（三）不予公开 4.保护第三方合法权益",
        "商业企业",
    )


def test_json_holds_the_whole_report(sample_build: Path) -> None:
    report = json.loads((sample_build / "ndbg" / "2024" / "ndbg-2024.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((ROOT / "content" / "reports" / "2024.yml").read_text(encoding="utf-8"))
    assert (report["year"], report["format"], report["format_doc"]) == (2024, 2021, "国办公开办函〔2021〕30号")
    assert report["overview"] == data["overview"] and report["other"] == data["other"]
    for key, value in yaml_cells(2024).items():
        node = report
        for part in key.split("."):
            node = node[part]
        assert node == value, key
    assert report["requests"]["results"]["total"]["total"] == 38  # computed
    assert report["appeals"]["review"]["total"] == 3


def test_all_years_csv(sample_build: Path) -> None:
    rows = read_csv(sample_build / "ndbg" / "ndbg-all-years.csv")
    assert sorted({r["年度"] for r in rows}) == [str(y) for y in range(2020, 2026)]
    assert {r["格式"] for r in rows if r["年度"] == "2020"} == {"2019"}
    new = {r["年度"]: r["数值"] for r in rows if r["字段"] == "requests.new.total"}
    assert new == {"2020": "17", "2021": "25", "2022": "29", "2023": "36", "2024": "38", "2025": "33"}


def test_report_new_carries_last_year_over(project: Path) -> None:
    result = run_xxgk(project, "report", "new", "2026", today="2027-01-10")
    assert result.returncode == 0, result.stderr
    path = project / "content" / "reports" / "2026.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../generator/schemas/report-2021.schema.json")
    assert "# 4.保护第三方合法权益" in text and "# （六）其他处理" in text  # official labels beside the keys
    new = yaml.safe_load(text)
    last = yaml.safe_load((project / "content" / "reports" / "2025.yml").read_text(encoding="utf-8"))
    assert new["requests"]["carried_in"] == last["requests"]["carried_over"] == [2, 0, 0, 0, 0, 0]
    assert new["active"]["normative"]["in_force"] == last["active"]["normative"]["in_force"] == 16
    assert (new["year"], new["format"], str(new["published"])) == (2026, 2021, "2027-01-10")
    # Carried over by construction: what is left are the texts to write and this
    # year's figures (上年结转 2 not yet accounted for in the 自然人 column).
    problems = json.loads(run_xxgk(project, "check", "--json", today="2027-01-10").stdout)
    mine = [p for p in problems if p["path"] == "content/reports/2026.yml"]
    assert {p["rule"] for p in mine} == {"report-2021.minLength", "report.column_balance"}, mine
    assert [p["field"] for p in mine if p["rule"] == "report.column_balance"] == [
        "一、本年新收政府信息公开申请数量 / 自然人"
    ]
    again = run_xxgk(project, "report", "new", "2026")
    assert again.returncode == 1 and "已经存在" in again.stderr


def test_report_new_in_the_2019_format_carries_item_counts(project: Path) -> None:
    (project / "content" / "reports" / "2021.yml").rename(project / "2021.yml.bak")
    result = run_xxgk(project, "report", "new", "2021", "--format", "2019")
    assert result.returncode == 0, result.stderr
    new = yaml.safe_load((project / "content" / "reports" / "2021.yml").read_text(encoding="utf-8"))
    assert new["active"]["licensing"]["previous"] == 16  # 2020: 18 previous, −2 this year
    assert new["requests"]["results"]["other"] == [0, 0, 0, 0, 0, 0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_committed_schema_matches_the_layout(fmt: str) -> None:
    committed = (SCHEMA_DIR / f"report-{fmt}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(fmt), "run: .venv/bin/python -m generator.reports.schema"


def test_schema_is_published_with_the_site(sample_build: Path) -> None:
    for fmt in FORMATS:
        assert json.loads((sample_build / "schemas" / f"report-{fmt}.schema.json").read_text(encoding="utf-8"))["title"]
