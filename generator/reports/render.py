"""Writing the 年度报告 part of the site: the index, one page per report with
the official tables, CSV/JSON downloads, and the cross-year comparison with
static SVG charts (pygal, rendered at build time; no chart JavaScript).

Declared as the reports feature's pages in ``generator/features/reports.py``.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pygal
from pygal.style import Style

from ..docs_tree import DocsTree
from ..feature import BuildContext
from ..model import PART_TITLE, Site
from ..pages.env import front_matter, render
from .compare import GROUPS, FigureGroup
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


def report_nav(site: Site) -> dict[str, list[tuple[str, str]]]:
    """Nav entries under 年度报告: newest report first, then the comparison."""
    reports = reports_of(site)
    entries = [(r.nav_title, f"{r.url}index.md") for r in reversed(reports)]
    return {SECTION: entries + ([(COMPARE_TITLE, f"{COMPARE_URL}index.md")] if reports else [])}


def write_reports(ctx: BuildContext, tree: DocsTree) -> None:
    reports = list(reports_of(ctx.site))
    for report in reports:
        evaluate(report)  # no-op when the checks already did it
    _write_index(reports, tree, settings(ctx.site).deadline_day)
    for report in reports:
        _write_report(ctx, report, tree)
    if reports:
        tree.add(f"{SECTION}/{ALL_YEARS_CSV}", all_years_csv(reports))
        _write_comparison(reports, tree)
    for fmt in FORMAT_DOCS:
        tree.add(f"schemas/report-{fmt}.schema.json", schema_text(fmt))


def _write_index(reports: list[Report], tree: DocsTree, deadline: tuple[int, int]) -> None:
    url = f"{SECTION}/"
    tree.add(
        f"{url}index.md",
        render(
            "reports_index.md.j2",
            front=front_matter(title=PART_TITLE[SECTION], xxgk_kind="index"),
            url=url,
            trail=[(PART_TITLE[SECTION], url)],
            heading=PART_TITLE[SECTION],
            reports=list(reversed(reports)),
            compare_url=COMPARE_URL if reports else None,
            compare_title=COMPARE_TITLE,
            deadline=deadline,
            all_csv=f"{url}{ALL_YEARS_CSV}" if reports else None,
        ),
    )


def _write_report(ctx: BuildContext, report: Report, tree: DocsTree) -> None:
    url = report.url
    stem = file_stem(report)
    tree.add(f"{url}{stem}.csv", report_csv(report))
    tree.add(f"{url}{stem}.json", json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n")
    overview = report.data.get("overview")
    parts = (
        [(label, str(overview.get(key) or "").strip()) for key, label in report.layout.overview_parts]
        if isinstance(overview, dict)
        else []
    )
    tree.add(
        f"{url}index.md",
        render(
            "report.md.j2",
            front=front_matter(
                title=report.title,
                description=f"{report.year}年度政府信息公开工作年度报告",
                xxgk_kind="report",
                **ctx.front("ndbg", report),  # e.g. the search fields
            ),
            url=url,
            trail=[(PART_TITLE[SECTION], f"{SECTION}/"), (report.nav_title, url)],
            report=report,
            published=report.data.get("published"),
            intro=report.text("intro"),
            overview_parts=parts,
            overview_text=report.text("overview"),
            grids=grids(report.layout, report.cells),
            csv_name=f"{stem}.csv",
            json_name=f"{stem}.json",
            download_name=report.title,
            compare_url=COMPARE_URL,
        ),
    )


# ── comparison ────────────────────────────────────────────────────────────────

_STYLE = Style(
    font_family='"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#222222",
    foreground_strong="#000000",
    foreground_subtle="#666666",
    colors=("#a31515", "#0d47a1", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#455a64"),
    # In an 800-unit-wide chart shown about 700 px wide on a desktop: 16–18 px text,
    # scaling with the image (适老化 mode widens it; issue 14: 13-unit text read 9 px).
    label_font_size=19,
    major_label_font_size=19,
    legend_font_size=18,
    title_font_size=21,
    value_font_size=17,
    tooltip_font_size=17,
)


def chart_svg(group: FigureGroup, reports: list[Report]) -> str:
    """One static SVG chart; the identical bytes every build (stable ids)."""
    # The last figure of a stacked group is its total: stacking it would double it.
    figures = group.figures
    if group.chart == "stacked":
        figures = tuple(f for f in figures if not f.label.startswith("合计") and f.label != "结转下年度继续办理")
    cls = pygal.StackedBar if group.chart == "stacked" else pygal.Bar
    chart = cls(
        style=_STYLE,
        js=[],  # pygal links its tooltip script from a CDN by default
        width=800,
        height=380,
        title=group.title,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        print_values=False,
        show_y_guides=True,
        explicit_size=False,
        disable_xml_declaration=True,
        min_scale=4,
    )
    chart.x_labels = [f"{r.year}年" for r in reports]
    for figure in figures:
        chart.add(figure.label, [figure.value(r) for r in reports])
    svg = chart.render(is_unicode=True)
    # Stable bytes, so an unchanged chart is not rewritten: fixed id, no build date.
    svg = re.sub(r"<!--Generated with pygal[^>]*-->", "<!--Generated with pygal-->", svg)
    # pygal's inline script only configures its (CDN) tooltips: no script at all.
    svg = re.sub(r"<script\b.*?</script>", "", svg, flags=re.S)
    return svg.replace(chart.uuid, f"xxgk-{group.key}")


def _comparison_rows(group: FigureGroup, reports: list[Report]) -> list[dict[str, Any]]:
    rows = []
    for figure in group.figures:
        cells = []
        for r in reports:
            value = figure.value(r)
            cells.append(
                {
                    "text": number_text(value) if value is not None else "",
                    "missing": figure.sources.get(r.format) is None,
                    "differs": figure.differs.get(r.format, ""),
                    "mark": 0,
                }
            )
        rows.append({"label": figure.label, "cells": cells})
    return rows


def _write_comparison(reports: list[Report], tree: DocsTree) -> None:
    url = COMPARE_URL
    sections = []
    notes: dict[str, int] = {}
    for group in GROUPS:
        tree.add(f"{url}{group.key}.svg", chart_svg(group, reports))
        rows = _comparison_rows(group, reports)
        for row in rows:
            for cell in row["cells"]:
                if cell["differs"]:
                    cell["mark"] = notes.setdefault(cell["differs"], len(notes) + 1)
        sections.append({"group": group, "rows": rows, "svg": f"{group.key}.svg"})
    tree.add(
        f"{url}index.md",
        render(
            "reports_compare.md.j2",
            front=front_matter(title=COMPARE_TITLE, xxgk_kind="report-compare"),
            url=url,
            trail=[(PART_TITLE[SECTION], f"{SECTION}/"), (COMPARE_TITLE, url)],
            title=COMPARE_TITLE,
            reports=reports,
            sections=sections,
            notes=sorted(notes.items(), key=lambda kv: kv[1]),
            all_csv=f"{SECTION}/{ALL_YEARS_CSV}",
        ),
    )
