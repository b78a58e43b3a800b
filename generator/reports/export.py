"""Downloads: each report's numbers as CSV (UTF-8 with BOM, so Excel opens
the Chinese correctly) and the whole report as JSON; one CSV of all years.

The CSV is one line per cell (long form), labelled with the official row
and column labels and the cell's key, so it sorts, filters and pivots
in Excel and reads back unambiguously.
"""

from __future__ import annotations

from typing import Any

from ..csv_export import to_csv
from .formats import FORMAT_DOCS, SECTION_TITLES
from .model import Report
from .tables import number_text

CSV_HEADER = ["表格", "项目", "列", "数值", "来源", "字段"]
ALL_YEARS_HEADER = ["年度", "格式", *CSV_HEADER]


def _rows(report: Report) -> list[list[str]]:
    out = []
    for spec in report.layout.rows:
        table = SECTION_TITLES[spec.path[0]]
        for cell in spec.cells():
            item, column = cell.label.rsplit(" / ", 1)
            origin = "填报" if cell.key in report.written else "计算"
            out.append([table, item, column, number_text(report.cells.get(cell.key)), origin, cell.key])
    return out


def report_csv(report: Report) -> str:
    return to_csv(CSV_HEADER, _rows(report))


def all_years_csv(reports: list[Report]) -> str:
    rows = [[str(r.year), r.format, *row] for r in reports for row in _rows(r)]
    return to_csv(ALL_YEARS_HEADER, rows)


def report_json(report: Report) -> dict[str, Any]:
    """The whole report: text sections and every cell (derived ones included),
    nested as in the YAML file, each row as {column key: number}."""
    data = report.data
    out: dict[str, Any] = {
        "year": report.year,
        "format": int(report.format),
        "format_doc": FORMAT_DOCS[report.format],
        "agency": report.agency,
        "title": report.title,
        "published": data.get("published"),
    }
    for key in ("intro", "overview"):
        if key in data:
            out[key] = data[key]
    for spec in report.layout.rows:
        node = out
        for key in spec.path[:-1]:
            node = node.setdefault(key, {})
        node[spec.path[-1]] = {cell.column.key: report.cells.get(cell.key) for cell in spec.cells()}
    out["problems"] = data.get("problems")
    out["other"] = data.get("other")
    return out
