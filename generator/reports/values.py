"""Reading a report's numbers, computing the cells an editor may leave out,
and evaluating the identities of ``identities.py`` on them.

Blank cells (``null``: the published report printed nothing there) stay
blank wherever they are shown. In the arithmetic a blank *part* counts 0 (an
identity needs a number there, and nothing printed is nothing counted); a
blank *total* (a 总计 or （七）总计 cell) means “not printed”: the identity
that would check it cannot be checked (``unchecked``), and the identities
that read it use the sum of its parts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from ..diagnostics import Problem
from .amounts import UNITS, Amount, parse_amount
from .formats import AMOUNT, COUNT, Cell, Layout, RowSpec
from .identities import IDENTITIES, Identity, Term, parse
from .model import Number, Report
from .schema import LARGEST


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _container(data: dict, path: tuple[str, ...]) -> tuple[dict | None, tuple[str, ...] | None]:
    """The mapping that should hold the row at ``path``; else None and the
    path of the missing group, if a group (not a whole section) is missing.
    A section that is missing or not a mapping is left to the schema check."""
    node: object = data
    for depth, key in enumerate(path[:-1]):
        if isinstance(node, dict) and key not in node and depth >= 1:
            return None, path[: depth + 1]
        node = node.get(key) if isinstance(node, dict) else None
    return (node if isinstance(node, dict) else None), None


def cell_line(report: Report, cell: Cell) -> int | None:
    return report.line(*cell.path, cell.index if cell.index is not None else cell.column.key)


def _cell_problem(report: Report, cell: Cell, value: object) -> Problem | None:
    line = cell_line(report, cell)
    if cell.column.kind == AMOUNT and isinstance(value, str):
        if parse_amount(value, report.amount_unit) is None:
            return Problem(
                report.rel,
                line,
                cell.label,
                f"应当是金额，实际写的是 “{value}”",
                f"写数字，可以带单位（{'或'.join(UNITS)}），按原报告照录，例如 \"251000元\"、24252.311082。",
                rule="report.cell_number",
            )
        return None
    if not _is_number(value):
        return Problem(
            report.rel,
            line,
            cell.label,
            f"应当是数字，实际写的是 “{value}”",
            "只写阿拉伯数字，不要写单位或文字。",
            rule="report.cell_number",
        )
    if not math.isfinite(value) or abs(value) > LARGEST:
        return Problem(
            report.rel,
            line,
            cell.label,
            f"{value} 不是可用的数字",
            "填写实际的数字；没有数据时写 0，不要写 .nan、.inf 或过大的数。",
            rule="report.cell_number",
        )
    if cell.column.kind != AMOUNT and value != int(value):
        return Problem(
            report.rel,
            line,
            cell.label,
            f"应当是整数，实际写的是 {value}",
            "件数、项目数只能是整数。",
            rule="report.cell_integer",
        )
    if cell.column.kind in (COUNT, AMOUNT) and value < 0:
        return Problem(
            report.rel,
            line,
            cell.label,
            f"不能是负数，实际写的是 {value}",
            "件数、金额不能小于 0；没有就写 0。",
            rule="report.cell_negative",
        )
    return None


def _row_values(report: Report, spec: RowSpec, row: object) -> tuple[dict[str, object], list[Problem]]:
    """The values written in one row, by cell key, and the row's shape problems."""
    line = report.line(*spec.path)
    if spec.as_list:
        names = "、".join(c.label for c in spec.columns[: spec.required_length])
        if not isinstance(row, list):
            return {}, [
                Problem(
                    report.rel,
                    line,
                    spec.label,
                    f"应当写成方括号里的一行数字，实际写的是 {row!r}",
                    f"依次写 {spec.required_length} 个数：{names}，例如 [{', '.join('0' * spec.required_length)}]。",
                    rule="report.row_shape",
                )
            ]
        if not spec.required_length <= len(row) <= len(spec.columns):
            return {}, [
                Problem(
                    report.rel,
                    line,
                    spec.label,
                    f"这一行应当有 {spec.required_length} 个数（{names}），可再加第 {len(spec.columns)} 个数“{spec.columns[-1].label}”；实际写了 {len(row)} 个",
                    "按表头的列顺序逐个填写，没有数据的写 0。",
                    rule="report.row_length",
                )
            ]
        return {c.key: row[c.index] for c in spec.cells() if c.index is not None and c.index < len(row)}, []
    if not isinstance(row, dict):
        return {}, [
            Problem(
                report.rel,
                line,
                spec.label,
                "应当写成“列: 数字”的键值表",
                "参照 xxgk report new 生成的模板。",
                rule="report.row_shape",
            )
        ]
    problems = []
    for cell in spec.cells():
        if cell.column.key not in row:
            problems.append(
                Problem(
                    report.rel,
                    line,
                    cell.label,
                    f"缺少这一格（{cell.column.key}）",
                    f"在这一行加上 {cell.column.key}: 0（{cell.column.label}），没有数据也写 0。",
                    rule="report.cell_missing",
                )
            )
    return {c.key: row[c.column.key] for c in spec.cells() if c.column.key in row}, problems


@dataclass
class Read:
    """What a report file says, cell by cell."""

    cells: dict[str, Number]
    blank: set[str]
    amounts: dict[str, Amount]
    problems: list[Problem]


def read_cells(report: Report, skip: frozenset[tuple[str, ...]] = frozenset()) -> Read:
    """Every valid number the editor wrote, by cell key, the cells written
    blank (null), the amounts as printed, and the problems: missing rows, rows
    of the wrong length, cells that are not valid numbers. Rows at or under a
    path in ``skip`` were already reported (wrong format)."""
    cells: dict[str, Number] = {}
    blank: set[str] = set()
    amounts: dict[str, Amount] = {}
    problems: list[Problem] = []
    missing_groups: set[tuple[str, ...]] = set()
    for spec in report.layout.rows:
        if any(spec.path[: len(s)] == s for s in skip):
            continue
        parent, missing = _container(report.data, spec.path)
        if missing and missing not in missing_groups:
            missing_groups.add(missing)
            problems.append(
                Problem(
                    report.rel,
                    report.line(*missing[:-1]),
                    report.layout.shapes()[missing][1],
                    f"缺少这一组（{missing[-1]}）",
                    f"按{report.layout.doc}的格式，这一组的每一行都必须填写；可参照 xxgk report new 生成的模板。",
                    rule="report.missing_row",
                )
            )
        if parent is None:
            continue
        if spec.path[-1] not in parent:
            if not spec.derived:
                problems.append(
                    Problem(
                        report.rel,
                        report.line(*spec.path[:-1]),
                        spec.label,
                        f"缺少这一行（{spec.path[-1]}）",
                        f"按{report.layout.doc}的格式，这一行必须填写；没有数据就写 0。可参照 xxgk report new 生成的模板。",
                        rule="report.missing_row",
                    )
                )
            continue
        values, row_problems = _row_values(report, spec, parent[spec.path[-1]])
        problems.extend(row_problems)
        for cell in spec.cells():
            if cell.key not in values:
                continue
            value = values[cell.key]
            if value is None:
                blank.add(cell.key)
                continue
            problem = _cell_problem(report, cell, value)
            if problem:
                problems.append(problem)
            elif cell.column.kind == AMOUNT:
                amount = parse_amount(value, report.amount_unit)
                assert amount is not None  # checked by _cell_problem
                amounts[cell.key] = amount
                cells[cell.key] = amount.value
            else:
                cells[cell.key] = int(value)  # type: ignore[call-overload]
    return Read(cells, blank, amounts, problems)


# ── identities ────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Instance:
    """One identity with its placeholders filled, e.g. the column balance of 商业企业."""

    identity: Identity
    left: tuple[Term, ...]
    right: tuple[Term, ...]

    @property
    def subject(self) -> str:
        """The cell a broken identity is reported on: the first on the left."""
        return self.left[0].cell or ""


@cache  # a layout is a singleton per format; ~1 ms each, asked for twice per report by every build
def instances(layout: Layout) -> tuple[Instance, ...]:
    out = []
    for identity in IDENTITIES:
        bindings: list[dict[str, str]] = [{}]
        for name, domain in identity.over:
            bindings = [{**b, name: value} for b in bindings for value in layout.domain(domain)]
        for b in bindings:
            out.append(
                Instance(identity, tuple(parse(identity.left.format(**b))), tuple(parse(identity.right.format(**b))))
            )
    return tuple(out)


def term_cells(term: Term, layout: Layout) -> list[str]:
    if term.cell:
        return [term.cell]
    return [f"{row}.{term.column}" for row in layout.leaf_rows(term.group or "")]


def side_value(terms: tuple[Term, ...], report: Report, previous: Report | None) -> Number | None:
    total: Number = 0
    for term in terms:
        source = previous if term.previous else report
        if source is None:
            return None
        for key in term_cells(term, source.layout):
            if key not in source.cells or key not in source.layout.cell_index():
                return None
            total += term.sign * source.cells[key]
    return total


def evaluate(report: Report, skip: frozenset[tuple[str, ...]] = frozenset()) -> list[Problem]:
    """Fill ``report.cells`` (derived cells included) and return the problems
    with the numbers themselves. Idempotent."""
    if report.evaluated:
        return []
    read = read_cells(report, skip)
    report.written, report.blank, report.amounts, report.evaluated = set(read.cells), read.blank, read.amounts, True
    derived = report.layout.derived_cells()
    # A blank part counts 0; a blank total is computed below like an omitted one.
    report.cells = read.cells | {key: 0 for key in read.blank if key not in derived}
    problems = read.problems
    derivable = [i for i in instances(report.layout) if i.identity.derives]
    changed = True
    while changed:  # a total may need another total first, e.g. （七）总计 / 总计
        changed = False
        for inst in derivable:
            target = inst.subject
            if target in report.cells or target not in report.layout.cell_index():
                continue
            value = side_value(inst.right, report, None)
            if value is not None:
                report.cells[target] = value
                changed = True
    return problems


def checkable(report: Report, key: str) -> bool:
    """Whether an identity on ``key`` says anything: the cell was written, or
    printed blank where blank means 0 (a part, not a total)."""
    return key in report.written or (key in report.blank and key not in report.layout.derived_cells())


def unchecked(report: Report) -> list[Instance]:
    """The identity instances a printed blank total leaves unchecked (nothing
    printed to compare), e.g. the 总计 of a row whose total was left blank."""
    return [i for i in instances(report.layout) if i.subject in report.blank and not checkable(report, i.subject)]


def broken(report: Report, previous: Report | None) -> list[tuple[Instance, Number, Number]]:
    """Identity instances that do not hold, with both sides' values. An
    instance is skipped when a cell is unknown (already reported) or when its
    subject was computed by the generator (it holds by construction) or
    printed blank where a total belongs (nothing to check)."""
    out = []
    for inst in instances(report.layout):
        if inst.identity.needs_previous and previous is None:
            continue
        if not checkable(report, inst.subject):
            continue
        left = side_value(inst.left, report, previous)
        right = side_value(inst.right, report, previous)
        if left is None or right is None:
            continue
        if abs(left - right) > 1e-9:
            out.append((inst, left, right))
    return out
