"""Where an annual report is validated.

Run by ``xxgk check`` and by every build (registered in
``generator/checks/__init__.py``). For each ``content/reports/<year>.yml``:

1. rows that belong to the other format (2019 ↔ 2021);
2. every row and cell of tables 二/三/四 (missing row, wrong number of cells,
   not a number, not an integer, negative), named by its official label;
3. the rest of the file against ``generator/schemas/report-<format>.schema.json``;
4. the identities of ``identities.py`` (STANDARDS §3), both sides with values;
5. a few plain rules: year matches the file name, the format matches the
   year, 2021 reports state the 信息处理费, the publication date.

And once for the site: the deadline (条例第四十九条, 31 January by default,
``reports.deadline`` in site.yml), warned when last year's report is missing.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from ..checks import markup
from ..diagnostics import Level, Problem, Problems
from ..feature import CheckContext
from ..schemas import label, validate
from .formats import FORMAT_DOCS, default_format, other_format
from .identities import Term
from .load import reports_of
from .model import Report
from .schema import schema_name
from .settings import settings
from .values import broken, evaluate, term_cells


def check(ctx: CheckContext) -> Problems:
    problems = Problems()
    reports: list[Report] = list(reports_of(ctx.site))
    by_year = {r.year: r for r in reports}
    deadline = settings(ctx.site).deadline_day
    for report in reports:
        problems.extend(check_report(report, by_year.get(report.year - 1), deadline))
    problems.extend(check_deadline(reports, ctx.today, deadline))
    problems.extend(markup.check_fields((f for r in reports for f in prose_fields(r)), ctx.site.config.allowed_hosts))
    return problems


def prose_fields(report: Report) -> list[markup.Field]:
    """The report's Markdown fields (引言, 总体情况, 问题, 其他事项), for the core's markup check."""
    overview = report.data.get("overview")
    parts = [("overview", k) for k, _ in report.layout.overview_parts] if isinstance(overview, dict) else [("overview",)]
    keys: list[tuple[str, ...]] = [("intro",), *parts, ("problems",), ("other",)]
    return [
        markup.Field(report.rel, label(schema_name(report.format), key), text, report.path, report.line(*key))
        for key in keys
        if (text := markup.yaml_value(report.data, key))
    ]


def check_report(report: Report, previous: Report | None, deadline: tuple[int, int] = (1, 31)) -> list[Problem]:
    out: list[Problem] = []
    out.extend(_plain_rules(report, deadline))
    wrong, pruned, removed = _wrong_format_rows(report)
    out.extend(wrong)
    out.extend(evaluate(report, frozenset(removed)))
    # The table rows were checked above with their official labels: the
    # schema sees them as valid placeholders and checks everything else.
    _fill_rows(report, pruned)
    out.extend(validate(pruned, schema_name(report.format), report.source, report.rel))
    if previous is not None:
        evaluate(previous)
    for inst, left, right in broken(report, previous):
        out.append(_identity_problem(report, previous, inst, left, right))
    return out


# ── identities ────────────────────────────────────────────────────────────────


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _term_text(term: Term, report: Report, previous: Report | None) -> str:
    source = previous if term.previous and previous else report
    prefix = f"{source.year}年报告 " if term.previous else ""
    sign = "− " if term.sign < 0 else ""
    if term.cell:
        label = source.layout.cell_index()[term.cell].label
        return f"{sign}{prefix}{label}（{_fmt(source.cells[term.cell])}）"
    keys = term_cells(term, source.layout)
    total = sum(source.cells[k] for k in keys)
    group = source.layout.shapes()[tuple(term.group.split("."))][1] if term.group else ""
    column = source.layout.cell_index()[keys[0]].column.label if keys else ""
    return f"{sign}{prefix}{group}（一）至（六）各行之和 / {column}（{_fmt(total)}）"


def _side(terms: tuple[Term, ...], report: Report, previous: Report | None) -> str:
    return " + ".join(_term_text(t, report, previous) for t in terms).replace("+ −", "−")


def _identity_problem(report: Report, previous: Report | None, inst: Any, left: float, right: float) -> Problem:
    cell = report.layout.cell_index()[inst.subject]
    line = report.line(*cell.path, cell.index if cell.index is not None else cell.column.key)
    where = (
        f"（见 {previous.rel} 第 {_prev_line(previous, inst)} 行）" if previous and inst.identity.needs_previous else ""
    )
    message = (
        f"勾稽关系不成立：{inst.identity.name}。"
        f"左边 {_side(inst.left, report, previous)} = {_fmt(left)}，"
        f"右边 {_side(inst.right, report, previous)} = {_fmt(right)}{where}"
    )
    return Problem(
        report.rel, line, cell.label, message, inst.identity.hint, level=inst.identity.level, rule=inst.identity.rule
    )


def _prev_line(previous: Report, inst: Any) -> int | None:
    for term in inst.right:
        if term.previous and term.cell:
            cell = previous.layout.cell_index()[term.cell]
            return previous.line(*cell.path, cell.index if cell.index is not None else cell.column.key)
    return None


# ── format ────────────────────────────────────────────────────────────────────


def _wrong_format_rows(report: Report) -> tuple[list[Problem], dict[str, Any], set[tuple[str, ...]]]:
    """Rows and columns written in the other format's shape. Returns the
    problems, a copy of the data without them, and their paths."""
    own, other = report.layout.shapes(), _other_layout(report).shapes()
    fmt, alt = report.format, other_format(report.format)
    data = copy.deepcopy(report.data)
    problems: list[Problem] = []
    removed: set[tuple[str, ...]] = set()

    def shape_of(value: Any, path: tuple[str, ...], table: dict) -> bool:
        kind = table[path][0]
        return (
            isinstance(value, list) if kind == "list" else isinstance(value, dict) if kind in ("group", "map") else True
        )

    def walk(node: dict, path: tuple[str, ...]) -> None:
        for key in list(node):
            here = path + (key,)
            value = node[key]
            in_own, in_other = here in own, here in other
            misplaced = in_other and (not in_own or (not shape_of(value, here, own) and shape_of(value, here, other)))
            if misplaced:
                label = other[here][1]
                right = _own_alternative(report, here)
                problems.append(
                    Problem(
                        report.rel,
                        report.line(*here),
                        label,
                        f"这是 {alt} 格式（{FORMAT_DOCS[alt]}）的写法，本报告是 {fmt} 格式（{FORMAT_DOCS[fmt]}）",
                        (f"{right}；" if right else "删去这一行；")
                        + f"如果本报告确实应当用 {alt} 格式，在文件开头写 format: {alt}。",
                        rule="report.wrong_format",
                    )
                )
                del node[key]
                removed.add(here)
            elif in_own and isinstance(value, dict) and own[here][0] in ("group", "map"):
                walk(value, here)

    for section in ("active", "requests", "appeals"):
        if isinstance(data.get(section), dict):
            walk(data[section], (section,))
    return problems, data, removed


def _other_layout(report: Report):  # noqa: ANN202
    from .formats import layout

    return layout(other_format(report.format))


def _own_alternative(report: Report, path: tuple[str, ...]) -> str:
    """How this format writes the part at ``path``, for the hint."""
    own = report.layout.shapes()
    parent = path[:-1]
    if path in own and own[path][0] == "group":
        children = [p[-1] for p in own if p[:-1] == path]
        return f"{report.format} 格式的“{own[path][1]}”分为 {len(children)} 行：" + "、".join(children)
    siblings = [(p[-1], label) for p, (kind, label) in own.items() if p[:-1] == parent and kind == "cell"]
    if siblings:
        return "这一行在本格式中填写 " + "、".join(f"{k}（{label.split(' / ')[-1]}）" for k, label in siblings)
    return ""


def _fill_rows(report: Report, data: dict[str, Any]) -> None:
    """Replace every table row present in ``data`` by a valid placeholder, and
    add missing ones, so the schema reports nothing already reported."""
    for spec in report.layout.rows:
        node: Any = data
        for depth, key in enumerate(spec.path[:-1]):
            if depth >= 1 and isinstance(node, dict) and key not in node:
                node[key] = {}  # a missing group: read_cells reported it
            node = node.get(key) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            continue
        node[spec.path[-1]] = [0] * spec.required_length if spec.as_list else {c.key: 0 for c in spec.columns}
        if spec.derived:
            del node[spec.path[-1]]


# ── plain rules ───────────────────────────────────────────────────────────────


def _plain_rules(report: Report, deadline: tuple[int, int]) -> list[Problem]:
    out = []
    year = report.data.get("year")
    if isinstance(year, int) and not isinstance(year, bool) and year != report.year:
        out.append(
            Problem(
                report.rel,
                report.line("year"),
                "报告年度(year)",
                f"文件名是 {report.year}，但 year 写的是 {year}",
                "文件名和 year 必须是同一年；复制上一年的文件后别忘了改 year 和全部数字。",
                rule="report.year",
            )
        )
    declared = report.declared_format
    if declared and declared != default_format(report.year):
        out.append(
            Problem(
                report.rel,
                report.line("format"),
                "报告格式(format)",
                f"{report.year} 年度报告一般应使用 {default_format(report.year)} 格式（{FORMAT_DOCS[default_format(report.year)]}），这里写的是 {declared}",
                "〔2019〕60号格式用于 2019、2020 年度，〔2021〕30号格式用于 2021 年度起。",
                level=Level.WARNING,
                rule="report.format_year",
            )
        )
    if report.format == "2021" and report.text("other") and "信息处理费" not in report.text("other"):
        out.append(
            Problem(
                report.rel,
                report.line("other"),
                "六、其他需要报告的事项(other)",
                "没有说明信息处理费的收取情况",
                "〔2021〕30号格式要求在第六部分说明本年度收取信息处理费的情况，没有收取也要写明，例如“本年度未收取信息处理费”。",
                level=Level.WARNING,
                rule="report.processing_fee",
            )
        )
    published = report.published
    if published:
        due = dt.date(report.year + 1, *deadline)
        if published.year <= report.year:
            out.append(
                Problem(
                    report.rel,
                    report.line("published"),
                    "发布日期(published)",
                    f"{report.year} 年度报告的发布日期 {published} 早于该年度结束",
                    "年度报告在次年年初发布，检查发布日期是否写错了年份。",
                    rule="report.published",
                )
            )
        elif published > due:
            out.append(
                Problem(
                    report.rel,
                    report.line("published"),
                    "发布日期(published)",
                    f"发布日期 {published} 晚于法定期限 {due}",
                    "条例第四十九条：部门应于每年 1 月 31 日前公布上一年度的年度报告。",
                    level=Level.WARNING,
                    rule="report.late",
                )
            )
    return out


# ── deadline ──────────────────────────────────────────────────────────────────


def due_year(today: dt.date, deadline: tuple[int, int]) -> int:
    """The latest year whose report must be public by ``today``."""
    return today.year - 1 if today > dt.date(today.year, *deadline) else today.year - 2


def check_deadline(reports: list[Report], today: dt.date, deadline: tuple[int, int]) -> list[Problem]:
    year = due_year(today, deadline)
    if any(r.year == year for r in reports):
        return []
    due = dt.date(year + 1, *deadline)
    return [
        Problem(
            f"content/reports/{year}.yml",
            None,
            "",
            f"缺少 {year} 年度政府信息公开工作年度报告：法定期限 {due.year}年{due.month}月{due.day}日 已过（今天是 {today}）",
            f"运行 xxgk report new {year} 生成报告文件，填好后发布。条例第四十九条规定部门应于每年 1 月 31 日前公布上一年度的年度报告。",
            level=Level.WARNING,
            rule="report.deadline",
        )
    ]
