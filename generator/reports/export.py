"""Downloads: each report's numbers as CSV (UTF-8 with BOM, so Excel opens
the Chinese correctly) and the whole report as JSON; one CSV of all years.

The CSV is one line per cell (long form), labelled with the official row
and column labels and the cell's key, so it sorts, filters and pivots
in Excel and reads back unambiguously. 来源 says where a number comes from:
填报 (in the report), 计算 (a total the generator computed), 空白 (printed
blank: no number). Amounts keep their printed digits and say their unit.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..csv_export import to_csv
from .formats import FORMAT_DOCS, SECTION_TITLES
from .model import Report
from .tables import ORIGIN_LABEL, shown

CSV_HEADER = ["表格", "项目", "列", "数值", "单位", "来源", "字段"]
ALL_YEARS_HEADER = ["年度", "格式", *CSV_HEADER]


def _rows(report: Report) -> list[list[str]]:
    out = []
    for spec in report.layout.rows:
        table = SECTION_TITLES[spec.path[0]]
        for cell in spec.cells():
            item, column = cell.label.rsplit(" / ", 1)
            value = shown(report, cell.key)
            amount = report.amounts.get(cell.key)
            text, unit = (amount.text, amount.unit) if amount else (value.text, "")
            out.append([table, item, column, text, unit, ORIGIN_LABEL[value.origin], cell.key])
    return out


def report_csv(report: Report) -> str:
    return to_csv(CSV_HEADER, _rows(report))


def all_years_csv(reports: list[Report]) -> str:
    rows = [[str(r.year), r.format, *row] for r in reports for row in _rows(r)]
    return to_csv(ALL_YEARS_HEADER, rows)


def _json_value(report: Report, key: str) -> int | float | None:
    if key in report.blank:
        return None
    if key in report.amounts:
        # The printed digits as a JSON number: 24252.311082 stays 24252.311082, 251000 stays 251000.
        number = Decimal(report.amounts[key].text.replace(",", ""))
        return int(number) if number == number.to_integral_value() and "." not in report.amounts[key].text else float(number)
    return report.cells.get(key)


def report_json(report: Report, errata: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """The whole report: text sections and every cell (derived ones included,
    blank ones null), nested as in the YAML file, each row as {column key:
    number}; ``units`` gives every amount's unit, ``errata`` the identities a
    report reproduced as published breaks."""
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
        node[spec.path[-1]] = {cell.column.key: _json_value(report, cell.key) for cell in spec.cells()}
    out["units"] = {key: amount.unit for key, amount in sorted(report.amounts.items())}
    out["problems"] = data.get("problems")
    out["other"] = data.get("other")
    if errata:
        out["errata"] = [{"identity": e["name"], "cell": e["key"], "statement": e["statement"]} for e in errata]
    if data.get("legacy_url"):
        out["legacy_url"] = data["legacy_url"]
    return out
