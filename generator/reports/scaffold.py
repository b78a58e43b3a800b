"""Writing a report file: every key in the official order with its official
label as a comment, the numbers aligned like the printed table.

``xxgk report new <year>`` uses it with the numbers carried over from last
year's report, so the cross-year identities hold by construction;
``xxgk report import`` uses it with every printed cell (totals and blanks
included) of a published report.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from .formats import (
    APPEAL_ROWS,
    APPLICANT_COLUMNS,
    FORMAT_DOCS,
    OUTCOME_COLUMNS,
    SECTION_TITLES,
    Layout,
    Row,
    layout,
)
from .model import Number, Report
from .published import entry_text
from .schema import schema_name
from .settings import deadline_text
from .tables import number_text

Value = Number | str | None  # a number, an amount as printed ("251000元"), or None: printed blank

TEXT_PROMPTS = {
    "intro": "引言：编制依据、统计期限（1月1日至12月31日）、电子版获取方式和联系方式。",
    "problems": "五、存在的主要问题及改进情况：写明存在的问题和改进措施。",
    "other": "六、其他需要报告的事项",
}
OVERVIEW_PROMPT = "一、总体情况：本年度政府信息公开工作的总体情况。"
EMPTY = '""'
KEY_WIDTH = 22  # keys and numbers line up like the printed table
FEE_PROMPT = "2021 年格式起须说明本年度信息处理费的收取情况，没有收取也要写明。"


def _text(key: str, text: str, comment: str, indent: str = "") -> list[str]:
    text = text.strip()
    if not text:
        return [f'{indent}{key}: ""   # {comment}（必填，尚未填写）']
    body = [f"{indent}  {line}" if line.strip() else "" for line in text.splitlines()]
    return [f"{indent}{key}: |   # {comment}", *body]


def _scalar(value: Value) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a double-quoted YAML string
    return number_text(value)


def _list(values: Sequence[Value], width: int) -> str:
    return "[" + ", ".join(_scalar(v).rjust(width) for v in values) + "]"


def carry_over(previous: Report | None, fmt: str) -> dict[str, Number]:
    """Cells of next year's report that follow from this year's: 上年结转 =
    结转下年度; 2021: 现行有效件数 stays until documents are issued or
    repealed; 2019: 上一年项目数量 = last year's 上一年项目数量 + 本年增/减."""
    if previous is None:
        return {}
    p = previous.cells
    out: dict[str, Number] = {}
    for column in APPLICANT_COLUMNS[:-1]:
        value = p.get(f"requests.carried_over.{column.key}")
        if value is not None:
            out[f"requests.carried_in.{column.key}"] = value
    for row in ("rules", "normative"):
        if fmt == "2021" and previous.format == "2021" and f"active.{row}.in_force" in p:
            out[f"active.{row}.in_force"] = p[f"active.{row}.in_force"]
    if fmt == "2019" and previous.format == "2019":
        for row in ("licensing", "other_services", "penalty", "coercion", "fees"):
            if f"active.{row}.previous" in p and f"active.{row}.change" in p:
                out[f"active.{row}.previous"] = p[f"active.{row}.previous"] + p[f"active.{row}.change"]
    return out


def report_yaml(
    year: int,
    fmt: str,
    cells: Mapping[str, Value] | None = None,
    texts: Mapping[str, str | Mapping[str, str]] | None = None,
    published: str = "",
    note: str = "",
    deadline: tuple[int, int] = (1, 31),
    *,
    totals: bool = False,
    header: Mapping[str, str] | None = None,
    broken: Sequence[tuple[str, str]] = (),
) -> str:
    """The YAML text of a report. ``cells`` by cell key (missing = 0; None =
    printed blank; a string = an amount as printed), ``texts`` by section
    key. Derived totals are written only with ``totals`` (an imported report
    keeps what was printed). ``header``: extra top keys (title, legacy_url,
    amount_unit); ``broken``: (identity rule, cell) pairs for ``as_published``."""
    lay: Layout = layout(fmt)
    cells = cells or {}
    texts = texts or {}
    value = lambda key: cells.get(key, 0)  # noqa: E731
    out = [
        f"# yaml-language-server: $schema=../../generator/schemas/{schema_name(fmt)}.schema.json",
        f"# {year} 年度政府信息公开工作年度报告（{FORMAT_DOCS[fmt]}格式）。",
        "# 表格中每个“总计”和“（七）总计”可以不写，由系统计算；写了则检查。改完运行 xxgk check。",
    ]
    if note:
        out += [f"# {line}" for line in note.splitlines()]
    out += [
        f"year: {year}                       # 报告年度（与文件名相同）",
        f"format: {fmt}                     # 报告格式：2019（〔2019〕60号）或 2021（〔2021〕30号）",
        f"published: {published or EMPTY}             # 发布日期 YYYY-MM-DD，应在{deadline_text(deadline)}前",
    ]
    for key, text in (header or {}).items():
        out.append(f"{key}: {json.dumps(text, ensure_ascii=False)}")
    if broken:
        out.append("as_published:                      # 按原样照录：原报告中不成立的勾稽关系（页面上显示勘误说明）")
        out.append("  broken:")
        for rule, cell in broken:
            out.append(f"    - {entry_text(rule, cell)}   # {lay.cell_index()[cell].label}")
    out.append("")
    out += _text("intro", str(texts.get("intro") or ""), TEXT_PROMPTS["intro"])
    out.append("")
    overview = texts.get("overview") or ({} if lay.overview_parts else "")
    if lay.overview_parts:
        out.append(f"overview:                          # {SECTION_TITLES['overview']}")
        parts = overview if isinstance(overview, Mapping) else {}
        for key, label in lay.overview_parts:
            out += _text(key, str(parts.get(key) or ""), label, "  ")
    else:
        out += _text("overview", str(overview), OVERVIEW_PROMPT)
    out.append("")

    # Table 二: one flow mapping per row, the columns named.
    out.append(f"active:                            # {SECTION_TITLES['active']}")
    for block in lay.active:
        out.append(f"  # {block.label}：" + "、".join(f"{c.key} {c.label}" for c in block.columns))
        for row in block.rows:
            pairs = ", ".join(f"{c.key}: {_scalar(value(f'active.{row.key}.{c.key}'))}" for c in block.columns)
            out.append(f"  {row.key + ':':<{KEY_WIDTH - 2}}{{{pairs}}}   # {row.label}")
    out.append("")

    # Table 三: one list per row, aligned in columns like the printed table.
    shown = slice(None) if totals else slice(None, -1)
    numbers = [value(f"{spec.key}.{c.key}") for spec in lay.rows if spec.path[0] == "requests" for c in spec.columns[shown]]
    width = max([len(_scalar(v)) for v in numbers] + [1])
    out.append(f"requests:                          # {SECTION_TITLES['requests']}")
    out.append(
        "  # 每行依次填写 6 个数：" + "、".join(c.label for c in APPLICANT_COLUMNS[:-1]) + "（总计可不写，自动计算）"
        if not totals
        else "  # 每行 7 个数，按原报告照录：" + "、".join(c.label for c in APPLICANT_COLUMNS) + "；null 为原报告空白"
    )

    def rows(row: Row, path: tuple[str, ...], indent: str) -> None:
        here = path + (row.key,)
        key = ".".join(here)
        if row.is_group:
            out.append(f"{indent}{row.key + ':':<{KEY_WIDTH - len(indent)}}{'':<{width * 6 + 12}}   # {row.label}")
            for child in row.children:
                rows(child, here, indent + "  ")
            return
        if row.derived and not totals:
            out.append(f"{indent}# {row.key}: 由系统计算（{row.label}）")
            return
        values = [value(f"{key}.{c.key}") for c in APPLICANT_COLUMNS[shown]]
        out.append(f"{indent}{row.key + ':':<{KEY_WIDTH - len(indent)}}{_list(values, width)}   # {row.label}")

    for child in lay.requests.children:
        rows(child, ("requests",), "  ")
    out.append("")

    # Table 四: one list per group.
    out.append(f"appeals:                           # {SECTION_TITLES['appeals']}")
    out.append(
        "  # 每组依次填写 4 个数：" + "、".join(c.label for c in OUTCOME_COLUMNS[:-1]) + "（总计可不写，自动计算）"
        if not totals
        else "  # 每组 5 个数，按原报告照录：" + "、".join(c.label for c in OUTCOME_COLUMNS) + "；null 为原报告空白"
    )
    for row in APPEAL_ROWS:
        values = [value(f"appeals.{row.key}.{c.key}") for c in OUTCOME_COLUMNS[shown]]
        out.append(f"  {row.key + ':':<{KEY_WIDTH - 2}}{_list(values, 2)}   # {row.label}")
    out.append("")
    out += _text("problems", str(texts.get("problems") or ""), SECTION_TITLES["problems"])
    out.append("")
    other_comment = SECTION_TITLES["other"] + ("（须说明信息处理费收取情况）" if fmt == "2021" else "")
    out += _text("other", str(texts.get("other") or ""), other_comment)
    return "\n".join(out) + "\n"
