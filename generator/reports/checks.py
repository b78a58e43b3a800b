"""Where an annual report is validated.

Run by ``xxgk check`` and by every build (registered in
``generator/checks/__init__.py``). For each ``content/reports/<year>.yml``:

1. rows that belong to the other format (2019 ↔ 2021);
2. every row and cell of tables 二/三/四 (missing row, wrong number of cells,
   not a number, not an integer, negative), named by its official label;
3. the rest of the file against ``generator/schemas/report-<format>.schema.json``;
4. the identities of ``identities.py`` (STANDARDS §3), both sides with values;
5. a few plain rules: year matches the file name, the format matches the
   year, 2021 reports state the 信息处理费, the publication date;
6. what only archived reports may do (``published.py``): blank cells and
   ``as_published`` (exactly the broken identities); ``in_force_note``
   explains a 现行有效件数 that does not follow from last year's.

And once for the site: the deadline (条例第四十九条, 31 January by default,
``reports.deadline`` in site.yml), warned when last year's report is missing.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from ..checks import markup
from ..checks.items import check_attachments
from ..diagnostics import Level, Problem, Problems
from ..feature import CheckContext
from ..schemas import label, validate
from . import published
from .documents import SCHEMA as DOCUMENT_SCHEMA
from .documents import DocumentReport, documents_of
from .formats import FORMAT_DOCS, default_format, other_format
from .identities import Term
from .load import reports_of
from .model import Report
from .schema import schema_name
from .settings import deadline_text, due_year, settings
from .values import Instance, broken, cell_line, evaluate, term_cells

__all__ = ["check", "check_deadline", "check_report", "due_year"]

IN_FORCE_NOTE = "in_force_note"


def check(ctx: CheckContext) -> Problems:
    problems = Problems()
    reports: list[Report] = list(reports_of(ctx.site))
    by_year = {r.year: r for r in reports}
    deadline = settings(ctx.site).deadline_day
    for report in reports:
        problems.extend(check_report(report, by_year.get(report.year - 1), deadline, ctx.today))
    documents = documents_of(ctx.site)
    for document in documents:
        check_document(document, problems)
    problems.extend(check_deadline(reports, ctx.today, deadline, {d.year for d in documents if not d.suffix}))
    fields = [f for r in reports for f in prose_fields(r)] + [
        markup.Field(d.rel, markup.BODY, d.body, d.source_path, d.body_line, body=True) for d in documents
    ]
    problems.extend(markup.check_fields(fields, ctx.site.config.allowed_hosts))
    return problems


def check_document(document: DocumentReport, problems: Problems) -> None:
    """A report without the national format: its front matter, year and attachments."""
    problems.extend(validate(document.meta, DOCUMENT_SCHEMA, document.source, document.rel))
    problems.extend(_year_rule(document.rel, document.year, document.meta.get("year"), document.line("year")))
    check_attachments(
        document.rel, document.source_path.parent, document.attachments, lambda i: document.line("attachments", i), problems
    )


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


def check_report(
    report: Report, previous: Report | None, deadline: tuple[int, int] = (1, 31), today: dt.date | None = None
) -> list[Problem]:
    """Every problem of one report. ``today`` decides whether the report is
    archived (its deadline passed): only then may it keep printed blanks and
    ``as_published``; without ``today`` the report is judged as current."""
    out: list[Problem] = []
    out.extend(_plain_rules(report, deadline))
    wrong, pruned, removed = _wrong_format_rows(report)
    out.extend(wrong)
    out.extend(evaluate(report, frozenset(removed)))
    # The table rows were checked above with their official labels: the
    # schema sees them as valid placeholders and checks everything else.
    _fill_rows(report, pruned)
    if report.layout.overview_parts and isinstance(pruned.get("overview"), str) and pruned["overview"].strip():
        # One text instead of the five parts: kept as printed (warned below when current).
        pruned["overview"] = {key: pruned["overview"] for key, _ in report.layout.overview_parts}
    out.extend(validate(pruned, schema_name(report.format), report.source, report.rel))
    if previous is not None:
        evaluate(previous)
    past = published.is_past(report, today, deadline)
    if not past:
        out.extend(_current_report_rules(report, deadline))
    acknowledged = {(a.rule, a.cell): a for a in published.acknowledged(report)} if past else {}
    found: set[tuple[str, str]] = set()
    notes = report.data.get(IN_FORCE_NOTE) if isinstance(report.data.get(IN_FORCE_NOTE), dict) else {}
    for inst, left, right in broken(report, previous):
        key = (inst.identity.rule, inst.subject)
        found.add(key)
        if key in acknowledged:
            continue  # reproduced as published, shown as a 勘误说明
        if inst.identity.rule == "report.in_force" and str(notes.get(inst.subject.split(".")[1]) or "").strip():
            continue  # explained in in_force_note, shown under table 二
        out.append(_identity_problem(report, previous, inst, left, right, past))
    for key, ack in acknowledged.items():
        if key not in found:
            out.append(_stale_acknowledgment(report, ack))
    return out


def acknowledged_breaks(report: Report, previous: Report | None) -> list[tuple[Instance, float, float]]:
    """The broken identities ``as_published`` names (for the page's 勘误说明);
    the checks have made sure the list is exact and allowed."""
    names = {(a.rule, a.cell) for a in published.acknowledged(report)}
    return [b for b in broken(report, previous) if (b[0].identity.rule, b[0].subject) in names]


def _current_report_rules(report: Report, deadline: tuple[int, int]) -> list[Problem]:
    """What a report still due (or a future one) may not do."""
    out = []
    due = f"{report.year}年度报告的公布期限（{deadline_text(deadline)}）还没有过"
    for key in sorted(report.blank, key=list(report.layout.cell_index()).index):
        cell = report.layout.cell_index()[key]
        out.append(
            Problem(
                report.rel,
                cell_line(report, cell),
                cell.label,
                "没有填写（null）",
                f"没有数据也要写 0。留空只用于照录公布期限已过的往年报告，{due}。",
                rule="report.cell_missing",
            )
        )
    if published.KEY in report.data:
        out.append(
            Problem(
                report.rel,
                report.line(published.KEY),
                "按原样照录(as_published)",
                f"{due}，不能按原样照录有误的数字",
                "as_published 只用于照录公布期限已过的往年报告；本年度及以后的报告应当更正数字，使勾稽关系成立，然后删去 as_published。",
                rule="report.as_published_year",
            )
        )
    overview = report.data.get("overview")
    if report.layout.overview_parts and isinstance(overview, str):
        out.append(
            Problem(
                report.rel,
                report.line("overview"),
                "一、总体情况(overview)",
                "2021 年格式的总体情况应分为五个小节",
                "分别写 " + "、".join(f"{k}（{label}）" for k, label in report.layout.overview_parts) + "。",
                level=Level.WARNING,
                rule="report.overview_parts",
            )
        )
    return out


def _stale_acknowledgment(report: Report, ack: published.Acknowledged) -> Problem:
    cell = report.layout.cell_index().get(ack.cell)
    identity = published.ACKNOWLEDGEABLE.get(ack.identity)
    if identity is None or cell is None:
        what = f"不认识的勾稽关系 {ack.identity}" if identity is None else f"不认识的单元格 {ack.cell}"
        hint = "identity 可写：" + "、".join(published.ACKNOWLEDGEABLE) + "；cell 写单元格的键，例如 requests.results.total.total。"
    else:
        what = f"“{cell.label}”的勾稽关系“{identity.name}”是成立的（或无法核对），不应列为原报告的错误"
        hint = "删去这一项：as_published 必须恰好列出原报告中不成立的勾稽关系。"
    return Problem(report.rel, ack.line, "按原样照录(as_published)", what, hint, rule="report.as_published")


# ── identities ────────────────────────────────────────────────────────────────


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _term_text(term: Term, report: Report, previous: Report | None) -> str:
    source = previous if term.previous and previous else report
    prefix = f"{source.year}年报告 " if term.previous else ""
    sign = "− " if term.sign < 0 else ""
    if term.cell:
        label = source.layout.cell_index()[term.cell].label
        value = "空白" if term.cell in source.blank else _fmt(source.cells[term.cell])
        return f"{sign}{prefix}{label}（{value}）"
    keys = term_cells(term, source.layout)
    total = sum(source.cells[k] for k in keys)
    group = source.layout.shapes()[tuple(term.group.split("."))][1] if term.group else ""
    column = source.layout.cell_index()[keys[0]].column.label if keys else ""
    return f"{sign}{prefix}{group}（一）至（六）各行之和 / {column}（{_fmt(total)}）"


def _side(terms: tuple[Term, ...], report: Report, previous: Report | None) -> str:
    return " + ".join(_term_text(t, report, previous) for t in terms).replace("+ −", "−")


def identity_statement(report: Report, previous: Report | None, inst: Instance, left: float, right: float) -> str:
    """“左边 … = 3，右边 … = 4”: both sides of a broken identity with their cells."""
    return (
        f"左边 {_side(inst.left, report, previous)} = {_fmt(left)}，"
        f"右边 {_side(inst.right, report, previous)} = {_fmt(right)}"
    )


def _identity_problem(
    report: Report, previous: Report | None, inst: Instance, left: float, right: float, past: bool = False
) -> Problem:
    cell = report.layout.cell_index()[inst.subject]
    line = cell_line(report, cell)
    where = (
        f"（见 {previous.rel} 第 {_prev_line(previous, inst)} 行）" if previous and inst.identity.needs_previous else ""
    )
    message = f"勾稽关系不成立：{inst.identity.name}。{identity_statement(report, previous, inst, left, right)}{where}"
    hint = inst.identity.hint
    if inst.identity.rule == "report.in_force":
        hint += f"差额有原因时，在 {IN_FORCE_NOTE} 中写明：{IN_FORCE_NOTE}: {{{inst.subject.split('.')[1]}: 说明文字}}。"
    elif past:
        hint += (
            "如果原报告发布时就是这个数字（照录往年报告），在文件中写 as_published: "
            f"{{broken: [{published.entry_text(inst.identity.rule, inst.subject)}]}}，页面上会显示勘误说明。"
        )
    return Problem(report.rel, line, cell.label, message, hint, level=inst.identity.level, rule=inst.identity.rule)


def _prev_line(previous: Report, inst: Instance) -> int | None:
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


def _year_rule(where: str, year: int, written: object, line: int | None) -> list[Problem]:
    """``year`` must be the year the file name starts with."""
    if not isinstance(written, int) or isinstance(written, bool) or written == year:
        return []
    return [
        Problem(
            where,
            line,
            "报告年度(year)",
            f"文件名是 {year}，但 year 写的是 {written}",
            "文件名开头的年份和 year 必须是同一年；复制上一年的文件后别忘了改 year 和全部数字。",
            rule="report.year",
        )
    ]


def _plain_rules(report: Report, deadline: tuple[int, int]) -> list[Problem]:
    out = _year_rule(report.rel, report.year, report.data.get("year"), report.line("year"))
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
    published_on = report.published
    if published_on:
        due = dt.date(report.year + 1, *deadline)
        if published_on.year <= report.year:
            out.append(
                Problem(
                    report.rel,
                    report.line("published"),
                    "发布日期(published)",
                    f"{report.year} 年度报告的发布日期 {published_on} 早于该年度结束",
                    "年度报告在次年年初发布，检查发布日期是否写错了年份。",
                    rule="report.published",
                )
            )
        elif published_on > due:
            out.append(
                Problem(
                    report.rel,
                    report.line("published"),
                    "发布日期(published)",
                    f"发布日期 {published_on} 晚于法定期限 {due}",
                    f"本机关的年度报告应于{deadline_text(deadline)}前公布（条例第四十九条；期限见 site.yml 的 reports.deadline）。",
                    level=Level.WARNING,
                    rule="report.late",
                )
            )
    return out


# ── deadline ──────────────────────────────────────────────────────────────────


def check_deadline(
    reports: list[Report], today: dt.date, deadline: tuple[int, int], documents: set[int] = frozenset()  # type: ignore[assignment]
) -> list[Problem]:
    """Warn when the report due by ``today`` is missing (a structured one, or
    the agency's own report as a document: ``documents`` holds their years)."""
    year = due_year(today, deadline)
    if any(r.year == year for r in reports) or year in documents:
        return []
    due = dt.date(year + 1, *deadline)
    return [
        Problem(
            f"content/reports/{year}.yml",
            None,
            "",
            f"缺少 {year} 年度政府信息公开工作年度报告：法定期限 {due.year}年{due.month}月{due.day}日 已过（今天是 {today}）",
            f"运行 xxgk report new {year} 生成报告文件，填好后发布。本机关的年度报告应于{deadline_text(deadline)}前公布（条例第四十九条；期限见 site.yml 的 reports.deadline）。",
            level=Level.WARNING,
            rule="report.deadline",
        )
    ]
