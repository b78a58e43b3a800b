"""Writing the 年度报告 part of the site: the index, one page per report with
the official tables, CSV/JSON downloads, and the cross-year comparison with
static SVG charts (pygal, rendered at build time; no chart JavaScript).

Declared as the reports feature's pages in ``generator/features/reports.py``.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from .. import diskmemo
from ..docs_tree import DocsTree
from ..feature import BuildContext
from ..model import PART_TITLE, Site
from ..pages.env import Front, front_matter, render
from ..pages.items import site_version
from . import published
from .charts import Slot, chart_svg, series, slots
from .checks import IN_FORCE_NOTE, acknowledged_breaks, identity_statement
from .compare import GROUPS, FigureGroup
from .documents import DocumentReport, documents_of
from .export import all_years_csv, report_csv, report_json
from .formats import FORMAT_DOCS
from .load import reports_of
from .model import Report
from .schema import schema_text
from .settings import settings
from .tables import grids, number_text
from .values import evaluate

SECTION = "ndbg"
COMPARE_URL = f"{SECTION}/compare/"
COMPARE_TITLE = "历年数据对比"
ALL_YEARS_CSV = "ndbg-all-years.csv"


def file_stem(report: Report) -> str:
    return f"ndbg-{report.year}"


def _all(site: Site) -> list[Report | DocumentReport]:
    """Every report, structured or a document: newest year first, the
    agency's own report of a year before the others of that year."""
    everything: list[Report | DocumentReport] = [*reports_of(site), *documents_of(site)]
    return sorted(everything, key=lambda r: (-r.year, isinstance(r, DocumentReport) and bool(r.suffix), r.url))


def report_nav(site: Site) -> dict[str, list[tuple[str, str]]]:
    """Nav entries under 年度报告: newest report first, then the comparison."""
    entries = [(r.nav_title, f"{r.url}index.md") for r in _all(site)]
    compare = [(COMPARE_TITLE, f"{COMPARE_URL}index.md")] if reports_of(site) else []
    return {SECTION: entries + compare}


def write_reports(ctx: BuildContext, tree: DocsTree) -> None:
    reports = list(reports_of(ctx.site))
    documents = documents_of(ctx.site)
    # Every file of the part is named by the digest of what the part reads (``DocsTree.add_kept``):
    # an item edit makes none of them again (~0.1 s of a one-edit rebuild at 10 000 items).
    inputs = _inputs(ctx, reports, documents)
    for report in reports:
        evaluate(report)  # no-op when the checks already did it
    everything, deadline = _all(ctx.site), settings(ctx.site).deadline_day
    tree.add_kept(f"{SECTION}/index.md", inputs, lambda: _index(everything, bool(reports), deadline))
    for document in documents:
        _write_document(ctx, document, tree, inputs)
    by_year = {r.year: r for r in reports}
    for report in reports:
        _write_report(ctx, report, by_year.get(report.year - 1), tree, inputs)
    if reports:
        tree.add_kept(f"{SECTION}/{ALL_YEARS_CSV}", inputs, lambda: all_years_csv(reports))
        _write_comparison(reports, documents, tree, site_version(ctx), inputs)
    for fmt in FORMAT_DOCS:
        tree.add_kept(f"schemas/report-{fmt}.schema.json", inputs, functools.partial(schema_text, fmt))


def _inputs(ctx: BuildContext, reports: list[Report], documents: list[DocumentReport]) -> bytes:
    """The digest of everything the 年度报告 part shows: the report files as loaded (their
    data, year and agency), the documents (front matter, body, attachments' names, titles and
    sizes) and ``site_version`` (the code and templates, site.yml with the deadline and the
    agency, the features, the day). No item reaches a report's page or download."""
    return diskmemo.key(
        site_version(ctx),
        repr([(r.rel, r.year, r.agency, r.data) for r in reports]),
        repr(
            [
                (d.rel, d.year, d.suffix, d.meta, d.body, [(a.file, a.title, a.size) for a in d.attachments])
                for d in documents
            ]
        ),
    )


def _kind(report: Report | DocumentReport) -> str:
    if isinstance(report, Report):
        return f"{FORMAT_DOCS[report.format]}格式"
    kinds = sorted({a.kind for a in report.attachments if a.size is not None})
    return "原文" + (f"（{'、'.join(kinds)}）" if kinds else "")


def _index(everything: list[Report | DocumentReport], structured: bool, deadline: tuple[int, int]) -> str:
    url = f"{SECTION}/"
    entries = [{"title": r.title, "url": r.url, "kind": _kind(r), "published": r.published} for r in everything]
    return render(
        "reports_index.md.j2",
        front=front_matter(title=PART_TITLE[SECTION], xxgk_kind="index"),
        url=url,
        trail=[(PART_TITLE[SECTION], url)],
        heading=PART_TITLE[SECTION],
        entries=entries,
        compare_url=COMPARE_URL if structured else None,
        compare_title=COMPARE_TITLE,
        deadline=deadline,
        all_csv=f"{url}{ALL_YEARS_CSV}" if structured else None,
    )


def _write_document(ctx: BuildContext, doc: DocumentReport, tree: DocsTree, inputs: bytes) -> None:
    """A report without the national format: its text and its attachments."""
    tree.add_kept(f"{doc.url}index.md", inputs, functools.partial(_document_page, ctx, doc))
    for attachment in doc.attachments:
        if attachment.size is not None:
            tree.copy(f"{doc.url}{attachment.file}", attachment.path)


def _front(ctx: BuildContext, report: Report | DocumentReport) -> Front:
    """A report page's front matter, with the features' (e.g. the search fields)."""
    return front_matter(
        title=report.title,
        description=f"{report.year}年度政府信息公开工作年度报告",
        xxgk_kind="report",
        **ctx.front("ndbg", report),
    )


def _document_page(ctx: BuildContext, doc: DocumentReport) -> str:
    agency = str(doc.meta.get("agency") or "").strip()
    return render(
        "report_document.md.j2",
        front=_front(ctx, doc),
        url=doc.url,
        trail=[(PART_TITLE[SECTION], f"{SECTION}/"), (doc.nav_title, doc.url)],
        doc=doc,
        published=doc.meta.get("published"),
        agency=agency,
        kind_note="未采用国家统一格式（2019 年以前的报告或部门报告），按原文发布",
    )


def _errata(report: Report, previous: Report | None) -> list[dict[str, str]]:
    """The 勘误说明 of a report reproduced as published: one line per broken identity."""
    if previous is not None:
        evaluate(previous)
    return [
        {
            "name": inst.identity.name,
            "cell": report.layout.cell_index()[inst.subject].label,
            "statement": identity_statement(report, previous, inst, left, right),
            "key": inst.subject,
        }
        for inst, left, right in acknowledged_breaks(report, previous)
    ]


def _in_force_notes(report: Report) -> list[tuple[str, str]]:
    notes = report.data.get(IN_FORCE_NOTE)
    if not isinstance(notes, dict):
        return []
    labels = {r.key: r.label for b in report.layout.active for r in b.rows}
    return [(labels[k], str(v).strip()) for k, v in notes.items() if k in labels and str(v or "").strip()]


def _write_report(ctx: BuildContext, report: Report, previous: Report | None, tree: DocsTree, inputs: bytes) -> None:
    url = report.url
    stem = file_stem(report)
    errata = functools.cache(functools.partial(_errata, report, previous))  # made only if a file is
    tree.add_kept(f"{url}{stem}.csv", inputs, functools.partial(report_csv, report))
    tree.add_kept(
        f"{url}{stem}.json",
        inputs,
        lambda: json.dumps(report_json(report, errata()), ensure_ascii=False, indent=2) + "\n",
    )
    tree.add_kept(f"{url}index.md", inputs, lambda: _report_page(ctx, report, errata()))


def _report_page(ctx: BuildContext, report: Report, errata: list[dict[str, str]]) -> str:
    url = report.url
    stem = file_stem(report)
    tables = grids(report, frozenset(e["key"] for e in errata))
    origins = {c.origin for g in tables for c in g.data_cells()}
    overview = report.data.get("overview")
    parts = (
        [(label, str(overview.get(key) or "").strip()) for key, label in report.layout.overview_parts]
        if isinstance(overview, dict)
        else []
    )
    return render(
        "report.md.j2",
        front=_front(ctx, report),
        url=url,
        trail=[(PART_TITLE[SECTION], f"{SECTION}/"), (report.nav_title, url)],
        report=report,
        published=report.data.get("published"),
        intro=report.text("intro"),
        overview_parts=parts,
        overview_text=report.text("overview"),
        grids=tables,
        errata=errata,
        errata_note=published.note(report),
        in_force_notes=_in_force_notes(report),
        has_computed="computed" in origins,
        has_blank="blank" in origins,
        csv_name=f"{stem}.csv",
        json_name=f"{stem}.json",
        download_name=report.title,
        compare_url=COMPARE_URL,
    )


# ── comparison ────────────────────────────────────────────────────────────────


def _notes(reports: list[Report]) -> dict[str, int]:
    """The 口径说明 numbers (※1, ※2 …) of the figures whose meaning changes in
    a format present on the page, in page order."""
    formats = {r.format for r in reports}
    notes: dict[str, int] = {}
    for group in GROUPS:
        for figure in group.figures:
            for fmt, text in figure.differs.items():
                if fmt in formats:
                    notes.setdefault(text, len(notes) + 1)
    return notes


def _comparison_rows(group: FigureGroup, years: list[Slot], notes: dict[str, int]) -> list[dict[str, Any]]:
    rows = []
    for figure in group.figures:
        cells = []
        for slot in years:
            report = slot.report
            value = figure.value(report) if report else None
            differs = figure.differs.get(report.format, "") if report else ""
            cells.append(
                {
                    "text": number_text(value) if value is not None else "",
                    "gap": report is None,
                    "missing": report is not None and figure.sources.get(report.format) is None,
                    "mark": notes.get(differs, 0),
                }
            )
        rows.append({"label": figure.label, "cells": cells})
    return rows


def _write_comparison(
    reports: list[Report], documents: list[DocumentReport], tree: DocsTree, version: str, inputs: bytes
) -> None:
    url = COMPARE_URL
    years = slots(reports)
    notes = _notes(reports)
    for group in GROUPS:
        # A chart shows its group (code: in ``version``), the years' labels and its series:
        # drawn (pygal, ~20 ms a chart) only when they changed (``DocsTree.add_kept``).
        shown = repr((group.key, [slot.label for slot in years], series(group, years, notes)))
        tree.add_kept(
            f"{url}{group.key}.svg", diskmemo.key(version, shown), functools.partial(chart_svg, group, years, notes)
        )
    tree.add_kept(f"{url}index.md", inputs, functools.partial(_comparison_page, reports, documents, years, notes))


def _comparison_page(
    reports: list[Report], documents: list[DocumentReport], years: list[Slot], notes: dict[str, int]
) -> str:
    url = COMPARE_URL
    documented = {d.year for d in documents}
    sections = [
        {"group": group, "rows": _comparison_rows(group, years, notes), "svg": f"{group.key}.svg"} for group in GROUPS
    ]
    gaps = [
        (slot.year, "只有原文，没有表格数据" if slot.year in documented else "没有年度报告")
        for slot in years
        if slot.report is None
    ]
    return render(
        "reports_compare.md.j2",
        front=front_matter(title=COMPARE_TITLE, xxgk_kind="report-compare"),
        url=url,
        trail=[(PART_TITLE[SECTION], f"{SECTION}/"), (COMPARE_TITLE, url)],
        title=COMPARE_TITLE,
        reports=reports,
        years=years,
        gaps=gaps,
        sections=sections,
        notes=sorted(notes.items(), key=lambda kv: kv[1]),
        all_csv=f"{SECTION}/{ALL_YEARS_CSV}",
    )
