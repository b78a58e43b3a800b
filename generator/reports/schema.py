"""The JSON Schema of each report format, generated from ``formats.py``.

The committed files ``generator/schemas/report-2019.schema.json`` and
``report-2021.schema.json`` are what editors' editors (VS Code YAML) and
``generator.schemas.validate`` read; they are written by this module so the
schema can never disagree with the layout (a test compares them). Regenerate
after editing ``formats.py``::

    .venv/bin/python -m generator.reports.schema
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .amounts import UNITS
from .formats import (
    AMOUNT,
    DELTA,
    FORMAT_DOCS,
    FORMATS,
    SECTION_TITLES,
    Column,
    Layout,
    Row,
    RowSpec,
    layout,
)
from .identities import IDENTITIES, Level

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def schema_name(fmt: str) -> str:
    return f"report-{fmt}"


# Far above any agency's yearly counts or fees, far below where numbers lose precision.
LARGEST = 10**12


BLANK = "照录往年报告时，原报告空白的格子写 null。"


def _number(column: Column) -> dict[str, Any]:
    if column.kind == AMOUNT:
        return {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": LARGEST},
                {"type": "string", "pattern": r"^\s*[0-9０-９][0-9０-９,，.．]*\s*(" + "|".join(UNITS) + r")?\s*$"},
                {"type": "null"},
            ],
            "title": column.label,
            "description": "金额，可以有小数，按原报告照录不取整：写数字（单位见 amount_unit，默认万元），"
            "或写带单位的文字，例如 \"251000元\"。" + BLANK,
        }
    if column.kind == DELTA:
        return {"type": ["integer", "null"], "minimum": -LARGEST, "maximum": LARGEST, "title": column.label, "description": "整数；减少时写负数，例如 -2。" + BLANK}
    return {"type": ["integer", "null"], "minimum": 0, "maximum": LARGEST, "title": column.label, "description": BLANK}


def _as_published() -> dict[str, Any]:
    names = [i.rule.removeprefix("report.") for i in IDENTITIES if i.level is Level.ERROR]
    return {
        "type": "object",
        "title": "按原样照录（勘误说明）",
        "description": "只用于公布期限已过的往年报告：原报告的数字不满足勾稽关系时，按原样照录并在页面上显示勘误说明。"
        "broken 必须恰好列出不成立的勾稽关系（xxgk check 的错误信息中给出要写的内容）。",
        "additionalProperties": False,
        "required": ["broken"],
        "properties": {
            "note": {"type": "string", "minLength": 1, "maxLength": 2000, "title": "说明", "description": "显示在勘误说明中的文字（可不写）。"},
            "broken": {
                "type": "array",
                "title": "不成立的勾稽关系",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["identity", "cell"],
                    "properties": {
                        "identity": {"enum": names, "title": "勾稽关系"},
                        "cell": {"type": "string", "pattern": r"^(requests|appeals|active)(\.[a-z_]+)+$", "title": "单元格的键"},
                    },
                },
            },
        },
    }


def _in_force_note() -> dict[str, Any]:
    text = {"type": "string", "minLength": 1, "maxLength": 2000}
    return {
        "type": "object",
        "title": "现行有效件数说明",
        "description": "现行有效件数不等于“上年现行有效件数 + 本年制发 − 本年废止”时写明原因（如文件到期失效），"
        "写了就不再警告，说明显示在表二下方。",
        "additionalProperties": False,
        "properties": {"rules": text | {"title": "规章"}, "normative": text | {"title": "行政规范性文件"}},
    }


def _row_schema(spec: RowSpec, title: str) -> dict[str, Any]:
    if spec.as_list:
        names = "、".join(c.label for c in spec.columns[: spec.required_length])
        return {
            "type": "array",
            "title": title,
            "description": f"{spec.required_length} 个数，依次为：{names}。"
            f"可以再写第 {len(spec.columns)} 个数“{spec.columns[-1].label}”，不写则自动计算。",
            "prefixItems": [_number(c) for c in spec.columns],
            "minItems": spec.required_length,
            "maxItems": len(spec.columns),
        }
    return {
        "type": "object",
        "title": title,
        "additionalProperties": False,
        "required": [c.key for c in spec.columns],
        "properties": {c.key: _number(c) for c in spec.columns},
    }


def _tree(row: Row, path: tuple[str, ...], lay: Layout) -> dict[str, Any]:
    here = path + (row.key,)
    if not row.is_group:
        return _row_schema(lay.row(".".join(here)), row.label)
    return {
        "type": "object",
        "title": row.label,
        "additionalProperties": False,
        "required": [c.key for c in row.children if not c.derived],
        "properties": {c.key: _tree(c, here, lay) for c in row.children},
    }


def _text(title: str, description: str = "") -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "maxLength": 50000, "title": title, "description": description or "Markdown 文字。"}


def build_schema(fmt: str) -> dict[str, Any]:
    lay = layout(fmt)
    active_rows = [r for b in lay.active for r in b.rows]
    if lay.overview_parts:
        overview: dict[str, Any] = {
            "type": "object",
            "title": SECTION_TITLES["overview"],
            "description": "分五部分写：" + "、".join(label for _, label in lay.overview_parts),
            "additionalProperties": False,
            "required": [key for key, _ in lay.overview_parts],
            "properties": {key: _text(label) for key, label in lay.overview_parts},
        }
        # An archived report not split in parts may keep one text: checks.py accepts
        # that (a warning for a current report) before the schema sees the file.
        overview["description"] += "。照录往年报告时，原报告没有分小节的，可以写成一段文字。"
    else:
        overview = _text(SECTION_TITLES["overview"])
    extra: dict[str, Any] = {"in_force_note": _in_force_note()} if fmt == "2021" else {}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://xxgk.example/schemas/{schema_name(fmt)}.schema.json",
        "title": f"政府信息公开工作年度报告（{FORMAT_DOCS[fmt]}格式，content/reports/<年份>.yml）",
        "description": "一年一个文件。表格二、三、四的数字按官方格式逐行填写；"
        "每个“总计”和“（七）总计”可以不写，由系统计算，写了则检查。",
        "type": "object",
        "additionalProperties": False,
        "required": ["year", "published", "overview", "active", "requests", "appeals", "problems", "other"],
        "properties": {
            "year": {
                "type": "integer",
                "minimum": 2008,
                "maximum": 2100,
                "title": "报告年度",
                "description": "与文件名相同，例如 2024。",
            },
            "format": {
                "enum": [int(f) for f in FORMATS],
                "title": "报告格式",
                "description": "2019（国办公开办函〔2019〕60号，2019、2020 年度）或 2021（〔2021〕30号，2021 年度起）。不写则按年度确定。",
            },
            "title": {
                "type": "string",
                "minLength": 1,
                "maxLength": 300,
                "title": "标题",
                "description": "不写则为“机关名称+年度+政府信息公开工作年度报告”。",
            },
            "published": {
                "type": "string",
                "pattern": DATE_PATTERN,
                "format": "date",
                "title": "发布日期",
                "description": "YYYY-MM-DD；应在 site.yml 中 reports.deadline 规定的期限前公布（默认次年 1 月 31 日）。",
            },
            "legacy_url": {
                "type": "string",
                "pattern": "^https?://",
                "maxLength": 2000,
                "title": "原发布地址",
                "description": "从旧网站导入的报告在旧网站上的地址（xxgk report import 写入）。",
            },
            "amount_unit": {
                "enum": list(UNITS),
                "title": "金额单位",
                "description": "本报告中只写数字的金额的单位，默认万元；原报告以元为单位时写 元。",
            },
            "as_published": _as_published(),
            "intro": _text("引言", "报告开头的说明：编制依据、统计期限、获取方式和联系方式（Markdown 文字）。"),
            "overview": overview,
            "active": {
                "type": "object",
                "title": SECTION_TITLES["active"],
                "additionalProperties": False,
                "required": [r.key for r in active_rows],
                "properties": {
                    r.key: _row_schema(lay.row(f"active.{r.key}"), lay.row(f"active.{r.key}").label)
                    for r in active_rows
                },
            },
            "requests": _tree(lay.requests, (), lay) | {"title": SECTION_TITLES["requests"]},
            "appeals": {
                "type": "object",
                "title": SECTION_TITLES["appeals"],
                "additionalProperties": False,
                "required": [r.path[-1] for r in lay.rows if r.path[0] == "appeals"],
                "properties": {r.path[-1]: _row_schema(r, r.label) for r in lay.rows if r.path[0] == "appeals"},
            },
            "problems": _text(SECTION_TITLES["problems"]),
            "other": _text(SECTION_TITLES["other"], "2021 格式起须说明信息处理费的收取情况。" if fmt == "2021" else ""),
        }
        | extra,
    }


def schema_text(fmt: str) -> str:
    return json.dumps(build_schema(fmt), ensure_ascii=False, indent=2) + "\n"


def write_schemas() -> list[Path]:
    written = []
    for fmt in FORMATS:
        path = SCHEMA_DIR / f"{schema_name(fmt)}.schema.json"
        path.write_text(schema_text(fmt), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_schemas():
        print(p)
