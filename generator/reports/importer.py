"""Importing a published annual report: a saved HTML page → ``content/reports/<year>.yml``.

``xxgk report import PAGE.html`` and the legacy-column importer call
:func:`import_report`. The page is read (``printed.py``), its tables cell by
cell (``reading.py``), the report file is written with every printed cell —
totals included, blanks as ``null``, amounts with their printed digits and
unit (``scaffold.py``) — and then checked like any report. With
``as_published`` the identities the printed numbers break are acknowledged
(archived reports only), so the report is published as printed with a
勘误说明; without it ``xxgk check`` names the broken cells.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Level, Problem, Problems
from ..loader import CONTENT
from ..sources import parse_yaml
from .checks import check_report
from .formats import OVERVIEW_PARTS_2021, default_format
from .load import REPORTS_DIR, load_reports
from .model import Report
from .printed import Printed, read_page
from .published import is_past
from .reading import classify, detect_format, read_tables
from .scaffold import report_yaml
from .values import unchecked


@dataclass
class Imported:
    """One imported report: the file's text and what the operator must know."""

    year: int
    format: str
    text: str  # the YAML file
    notes: list[str] = field(default_factory=list)  # what the reader doubted or could not read
    problems: list[Problem] = field(default_factory=list)  # xxgk check on the file
    unchecked: list[str] = field(default_factory=list)  # identities a blank total leaves unchecked
    acknowledged: list[tuple[str, str]] = field(default_factory=list)  # as_published entries written

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level is Level.ERROR]


class NotAReport(Exception):
    """The page is not a report that can be imported (no year, no tables)."""


def import_report(
    data: bytes | str,
    *,
    year: int | None = None,
    fmt: str | None = None,
    legacy_url: str = "",
    published: str = "",
    previous: Report | None = None,
    today: dt.date | None = None,
    deadline: tuple[int, int] = (1, 31),
    as_published: bool = False,
    rel: str = "",
) -> Imported:
    """Import one saved report page. ``previous`` is last year's report (for
    the cross-year identities); ``today`` and ``deadline`` decide whether the
    report is archived (blanks and ``as_published`` allowed)."""
    printed = read_page(data)
    year = year or printed.year
    if year is None:
        raise NotAReport("页面上找不到报告年度（标题中没有“20XX年”）：用 --year 指定")
    active = next((t for t in printed.tables if classify(t) == "active"), [])
    fmt = fmt or detect_format(active) or default_format(year)
    reading = read_tables(printed.tables, fmt)
    if not printed.tables:
        raise NotAReport("页面上找不到年度报告的表格（表二、表三、表四）")
    header = {"title": printed.title} if printed.title else {}
    if legacy_url:
        header["legacy_url"] = legacy_url
    texts = _texts(printed, fmt)
    rel = rel or f"content/reports/{year}.yml"
    result = Imported(year, fmt, "", notes=printed.notes + reading.notes)

    def build(broken: list[tuple[str, str]]) -> tuple[str, Report, list[Problem]]:
        text = report_yaml(
            year,
            fmt,
            reading.cells,
            texts,
            published=published or printed.published,
            note=_note(printed, legacy_url),
            deadline=deadline,
            totals=True,
            header=header,
            broken=broken,
        )
        report = _report(text, year, rel)
        return text, report, check_report(report, previous, deadline, today)

    text, report, problems = build([])
    broken = [(p.rule, _cell_key(report, p)) for p in problems if p.rule.startswith("report.") and _cell_key(report, p)]
    broken = [b for b in broken if b[0] in _ERROR_IDENTITIES]
    if as_published and broken and is_past(report, today, deadline):
        text, report, problems = build(broken)
        result.acknowledged = broken
    result.text, result.problems = text, problems
    result.unchecked = [f"{report.layout.cell_index()[i.subject].label}：{i.identity.name}" for i in unchecked(report)]
    return result


_ERROR_IDENTITIES = {"report.row_total", "report.results_total", "report.column_balance", "report.appeal_total", "report.carry_over"}


def _cell_key(report: Report, problem: Problem) -> str:
    """The cell a problem names (problems carry the cell's label)."""
    by_label = {c.label: c.key for c in report.layout.cell_index().values()}
    return by_label.get(problem.field, "")


def _texts(printed: Printed, fmt: str) -> dict[str, str | dict[str, str]]:
    texts = dict(printed.texts)
    overview = texts.get("overview")
    if isinstance(overview, dict) and fmt != "2021":
        texts["overview"] = "\n\n".join(overview[k] for k, _ in OVERVIEW_PARTS_2021)
    return texts


def _note(printed: Printed, legacy_url: str) -> str:
    lines = ["按原发布的年度报告导入（xxgk report import）：数字按原表照录，null 为原表空白。"]
    if legacy_url:
        lines.append(f"原地址：{legacy_url}")
    return "\n".join(lines)


def _report(text: str, year: int, rel: str) -> Report:
    path = Path(rel)
    return Report(path=path, rel=rel, source=parse_yaml(text, path), year=year)


def import_report_file(
    root: Path,
    page: Path,
    *,
    today: dt.date,
    deadline: tuple[int, int],
    year: int | None = None,
    fmt: str | None = None,
    legacy_url: str = "",
    published: str = "",
    as_published: bool = False,
    overwrite: bool = False,
) -> tuple[Path, Imported]:
    """Import the saved page ``page`` into ``root/content/reports/<year>.yml``
    (the one call the legacy-column importer needs). Last year's report, if
    the site has it, is used for the cross-year identities. Raises
    :class:`NotAReport` for a page that is not a report and
    :class:`FileExistsError` when the year's file exists (unless ``overwrite``)."""
    folder = root / CONTENT / REPORTS_DIR
    reports = {r.year: r for r in load_reports(folder, root, Problems())}
    data = page.read_bytes()
    probe = year or read_page(data).year
    previous = reports.get(probe - 1) if probe else None
    result = import_report(
        data,
        year=year,
        fmt=fmt,
        legacy_url=legacy_url,
        published=published,
        previous=previous,
        today=today,
        deadline=deadline,
        as_published=as_published,
    )
    target = folder / f"{result.year}.yml"
    if not overwrite and (target.exists() or target.with_suffix(".yaml").exists()):
        raise FileExistsError(target)
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(result.text, encoding="utf-8")
    return target, result
