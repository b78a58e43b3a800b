"""Reading the printed tables 二, 三 and 四 of a published report, cell by cell.

Each table comes in as the texts of its cells in document order (a
``<td>`` is one text, whatever its rowspan or colspan), which is how every
published variant still reads: a row label, then that row's figures. The
official layout (``formats.py``) says which labels to expect and how many
figures follow each; labels are matched tolerantly (``labels.py``). Column
order is the official one (the national format fixes it); the printed header
only decides how many figures a row has (with or without 总计) and, for
table 二, which format the report uses.

Nothing is invented: a row not found is left out (``xxgk check`` then names
it), a cell whose text is not a number keeps its text (the check names it),
and every doubt is a note for the operator.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .amounts import FORMAT_UNIT, Amount, decimal_text, parse_amount
from .formats import (
    AMOUNT,
    APPEAL_ROWS,
    APPLICANT_COLUMNS,
    OUTCOME_COLUMNS,
    REQUESTS_NOTE,
    Layout,
    Row,
    layout,
)
from .labels import MATCH, Value, best, norm, read_value, similarity

_NUMBERED = re.compile(r"^\s*[（(]?\s*\d+\s*[.、．)）]")

Cell = int | str | None  # a count, an amount or unreadable text as printed, None = printed blank

# Column labels only one format prints in table 二 (decide the format).
_FORMAT_COLUMNS = {
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "采购项目数量", "采购总金额"),
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"),
}


@dataclass
class Reading:
    """What was read from the tables: cell values by key, and notes."""

    cells: dict[str, Cell] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    rows: set[str] = field(default_factory=set)  # row keys found


def classify(texts: Sequence[str]) -> str | None:
    """Which table a printed table is: active (二), requests (三), appeals (四), or None."""
    normed = [norm(t) for t in texts if t.strip()]
    joined = "".join(normed)
    if any(similarity(t, "一、本年新收政府信息公开申请数量") >= MATCH for t in texts) or norm(REQUESTS_NOTE)[:12] in joined:
        return "requests"
    if "结果维持" in joined and "行政复议" in joined:
        return "appeals"
    if "第二十条" in joined or ("信息内容" in normed and any(n in ("规章", "行政许可", "行政处罚") for n in normed)):
        return "active"
    return None


def detect_format(texts: Sequence[str]) -> str | None:
    """The format table 二's column headers belong to, or None if they do not say."""
    votes = {
        fmt: sum(1 for t in texts for label in labels if similarity(t, label) >= 0.9)
        for fmt, labels in _FORMAT_COLUMNS.items()
    }
    if votes["2019"] == votes["2021"]:
        return None
    return max(votes, key=lambda k: votes[k])


def _cell(value: Value, kind: str, unit: str) -> Cell:
    """A printed cell as the report file keeps it. An amount keeps its digits
    and the unit printed in the cell, else the one its column header prints."""
    if value.kind == "blank":
        return None
    if kind == AMOUNT:
        amount = parse_amount(value.text.rstrip("件个项次份"))
        if amount is None:
            return value.text
        if not value.text.endswith("元"):
            amount = Amount(amount.text, unit)
        if amount.unit != FORMAT_UNIT:
            return f"{amount.text}{amount.unit}"
        # A YAML number when it reads back with the same digits (0, 12.5), else the text ("386.50").
        number = float(amount.text) if "." in amount.text else int(amount.text) if amount.text.isdigit() else None
        return number if number is not None and decimal_text(number) == amount.text else amount.text
    if value.kind == "count":
        return value.number
    return value.text  # an amount or text in a count cell: kept for the check to name


def _values(texts: Sequence[str], start: int, count: int) -> tuple[list[Value], int]:
    """``count`` cells from ``start`` on; stops early at a label (fewer cells printed)."""
    out: list[Value] = []
    i = start
    while i < len(texts) and len(out) < count:
        value = read_value(texts[i])
        if value.kind == "text" and not _is_value_text(value.text):
            break
        out.append(value)
        i += 1
    return out, i


def _is_value_text(text: str) -> bool:
    # Text that stands where a figure belongs (e.g. “约5”) rather than a label:
    # short, holding a digit, and not a numbered row label (“1.属于国家秘密”).
    return len(text) <= 8 and any(ch.isdigit() for ch in text) and not _NUMBERED.match(text)


def _header_unit(label: str) -> str:
    n = norm(label)
    if "万元" in n:
        return "万元"
    if n.endswith("元") or "单位元" in n:
        return "元"
    return FORMAT_UNIT


def read_active(texts: Sequence[str], lay: Layout, reading: Reading) -> None:
    """Table 二: each row label is followed by its block's figures, in order."""
    rows = {r.key: (block, r) for block in lay.active for r in block.rows}
    labels = {key: row.label for key, (_, row) in rows.items()}
    units: dict[str, str] = {}  # column key → unit printed in its header
    for text in texts:
        for block in lay.active:
            for column in block.columns:
                if column.kind == AMOUNT and similarity(text, column.label) >= 0.9:
                    units[column.key] = _header_unit(text)
    i = 0
    while i < len(texts):
        text = texts[i]
        if read_value(text).is_value:
            i += 1
            continue
        key, _ = best(text, labels)
        if key is None:
            i += 1
            continue
        block, row = rows[key]
        values, end = _values(texts, i + 1, len(block.columns))
        if len(values) < len(block.columns):
            reading.notes.append(
                f"表二“{row.label}”一行只印了 {len(values)} 个数，应有 {len(block.columns)} 个"
                f"（{'、'.join(c.label for c in block.columns)}），已按顺序读取"
            )
        if f"active.{key}" in reading.rows:
            reading.notes.append(f"表二“{row.label}”出现了两次，只读取第一次")
        else:
            reading.rows.add(f"active.{key}")
            for column, value in zip(block.columns, values, strict=False):
                reading.cells[f"active.{key}.{column.key}"] = _cell(value, column.kind, units.get(column.key, FORMAT_UNIT))
        i = max(end, i + 1)


def _request_labels(lay: Layout) -> tuple[dict[str, str], dict[str, str]]:
    """Official labels of table 三: leaf rows by key, groups by key."""
    leaves: dict[str, str] = {}
    groups: dict[str, str] = {}

    def walk(row: Row, path: tuple[str, ...]) -> None:
        here = path + (row.key,)
        if row.is_group:
            groups[".".join(here)] = row.label
            for child in row.children:
                walk(child, here)
        else:
            leaves[".".join(here)] = row.label

    for child in lay.requests.children:
        walk(child, ("requests",))
    return leaves, groups


def read_requests(texts: Sequence[str], lay: Layout, reading: Reading) -> None:
    """Table 三: the header (skipped; it says whether 总计 is printed), then
    rows of labels and seven (or six) figures. Group labels (（三）不予公开 …)
    tell which numbered sub-row “1.” is."""
    leaves, groups = _request_labels(lay)
    first = next((i for i, t in enumerate(texts) if similarity(t, leaves["requests.new"]) >= MATCH), 0)
    header = [norm(t) for t in texts[:first]]
    width = len(APPLICANT_COLUMNS) if (not header or "总计" in header) else len(APPLICANT_COLUMNS) - 1
    columns = APPLICANT_COLUMNS[:width]
    if width < len(APPLICANT_COLUMNS):
        reading.notes.append("表三没有印“总计”一列：各行的总计留给系统计算")
    group = "requests"
    i = first
    while i < len(texts):
        text = texts[i]
        value = read_value(text)
        if value.is_value or _is_value_text(value.text):
            i += 1
            continue
        nxt = read_value(texts[i + 1]) if i + 1 < len(texts) else Value("text")
        follows_figures = nxt.is_value or _is_value_text(nxt.text)
        # A group label opens its sub-rows; the group itself has no figures.
        gkey, gscore = best(text, groups)
        if gkey and not follows_figures:
            group = gkey
            i += 1
            continue
        # Leaf rows: numbered sub-rows only within the group just opened.
        candidates = {k: v for k, v in leaves.items() if k.rsplit(".", 1)[0] in ("requests", "requests.results", group)}
        key, score = best(text, candidates)
        if key is None or not follows_figures:
            if gkey and follows_figures and gkey not in ("requests.results",):
                reading.notes.append(
                    f"表三“{text}”印成一行数字，但{lay.doc}格式中它分为几行：这一行没有读取"
                )
            i += 1
            continue
        values, end = _values(texts, i + 1, width)
        if len(values) < width:
            reading.notes.append(f"表三“{leaves[key]}”一行只印了 {len(values)} 个数，应有 {width} 个")
        if key in reading.rows:
            reading.notes.append(f"表三“{leaves[key]}”出现了两次，只读取第一次")
        else:
            reading.rows.add(key)
            for column, cell in zip(columns, values, strict=False):
                reading.cells[f"{key}.{column.key}"] = _cell(cell, column.kind, FORMAT_UNIT)
        if key.count(".") == 1:  # 一、二、四、: back at the top level
            group = "requests"
        i = max(end, i + 1)


def read_appeals(texts: Sequence[str], reading: Reading) -> None:
    """Table 四: one row of 15 figures (12 without the three 总计) under a
    two-level header, in the official order."""
    normed = [norm(t) for t in texts]
    with_totals = normed.count("总计") >= 3 or "总计" in normed
    width = len(OUTCOME_COLUMNS) if with_totals else len(OUTCOME_COLUMNS) - 1
    wanted = width * len(APPEAL_ROWS)
    # The longest run of cells that print figures (or nothing) is the data row.
    runs: list[list[Value]] = []
    current: list[Value] = []
    for text in texts:
        value = read_value(text)
        if value.is_value or _is_value_text(value.text):
            current.append(value)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    run = max(runs, key=lambda r: (len(r) >= wanted, sum(v.kind == "count" for v in r)), default=[])
    while len(run) > wanted and run[0].kind == "blank":
        run = run[1:]
    run = run[:wanted]
    if len(run) < wanted:
        reading.notes.append(f"表四应有 {wanted} 个数，只找到 {len(run)} 个：没有读取")
        return
    for r, row in enumerate(APPEAL_ROWS):
        reading.rows.add(f"appeals.{row.key}")
        for c, column in enumerate(OUTCOME_COLUMNS[:width]):
            reading.cells[f"appeals.{row.key}.{column.key}"] = _cell(run[r * width + c], column.kind, FORMAT_UNIT)


def read_tables(tables: Sequence[Sequence[str]], fmt: str) -> Reading:
    """Every printed table of a report (each a list of cell texts), classified
    and read in the layout of ``fmt``."""
    reading = Reading()
    lay = layout(fmt)
    seen: set[str] = set()
    for texts in tables:
        kind = classify(texts)
        if kind is None:
            continue
        if kind == "active":
            read_active(texts, lay, reading)
        elif kind in seen:
            reading.notes.append(f"又找到一张“{ {'requests': '表三', 'appeals': '表四'}[kind] }”，没有读取")
            continue
        elif kind == "requests":
            read_requests(texts, lay, reading)
        else:
            read_appeals(texts, reading)
        seen.add(kind)
    for name, kind in (("表二", "active"), ("表三", "requests"), ("表四", "appeals")):
        if kind not in seen:
            reading.notes.append(f"没有找到{name}")
    return reading
