"""The comparison page's static SVG charts (pygal, rendered at build time; no
chart JavaScript), with the three things a reader must not miss:

- every year between the first and the last report has its place on the x
  axis; a year without figures is a visible gap labelled 缺, never closed up;
- a series whose meaning changes with the report format is drawn as two
  series, the other meaning named in the legend with its ※ note;
- legend entries never overlap: the number of legend columns follows the
  widest entry, measured with CJK characters a full em wide (pygal's own
  estimate assumes Latin letters and lets Chinese labels run into the next).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .compare import FigureGroup
from .model import Number, Report

if TYPE_CHECKING:
    from pygal.style import Style

WIDTH, HEIGHT = 800, 380
# Text sizes in an 800-unit-wide chart shown about 700 px wide on a desktop: 15–17 px
# on screen, scaling with the image in the 适老化 mode (issue 14: 13 units read as 9 px).
LEGEND_FONT = 17
X_LABEL_FONT = 18
LEGEND_BOX = 12  # pygal's legend_box_size
LEGEND_GAP = 5 + 16  # box-to-text (pygal) + space before the next entry
PLOT_MARGIN = 60  # the y labels and margins pygal keeps beside the plot


@functools.cache
def _style() -> Style:
    """pygal's style for every chart. pygal is imported when a chart is drawn: a rebuild that
    draws none does not pay its import (~25 ms of every build's start)."""
    from pygal.style import Style

    return Style(
        font_family='"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#222222",
        foreground_strong="#000000",
        foreground_subtle="#666666",
        colors=("#a31515", "#0d47a1", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#455a64"),
        label_font_size=X_LABEL_FONT,
        major_label_font_size=X_LABEL_FONT,
        legend_font_size=LEGEND_FONT,
        title_font_size=20,
        value_font_size=16,
        tooltip_font_size=16,
    )


def text_width(text: str, size: float = LEGEND_FONT) -> float:
    """Width of a text in px: wide (CJK, full-width) characters one em, others 0.6 em."""
    return sum(size if unicodedata.east_asian_width(ch) in ("W", "F") else 0.6 * size for ch in text)


def legend_columns(labels: list[str]) -> int:
    """As many legend columns as the widest label allows (at most 4)."""
    widest = max((text_width(label) for label in labels), default=0)
    room = WIDTH - PLOT_MARGIN
    return max(1, min(4, len(labels), math.floor(room / (widest + LEGEND_BOX + LEGEND_GAP))))


def _crowded(labels: list[str]) -> bool:
    room = (WIDTH - PLOT_MARGIN) / max(1, len(labels))
    return max((text_width(label, X_LABEL_FONT) for label in labels), default=0) > room * 0.9


@dataclass(frozen=True)
class Slot:
    """One year on the x axis: its report, or None for a gap."""

    year: int
    report: Report | None

    @property
    def label(self) -> str:
        return f"{self.year}年" if self.report else f"{self.year}年（缺）"


def slots(reports: list[Report]) -> list[Slot]:
    """Every year from the first report to the last, gaps included."""
    if not reports:
        return []
    by_year = {r.year: r for r in reports}
    return [Slot(y, by_year.get(y)) for y in range(min(by_year), max(by_year) + 1)]


def series(group: FigureGroup, years: list[Slot], notes: dict[str, int]) -> list[tuple[str, list[Number | None]]]:
    """The chart's series: one per figure, split where a format gives the figure
    another meaning (that part named by the figure's legend, with its note)."""
    figures = group.figures
    if group.chart == "stacked":  # the totals of a stacked group would double it
        figures = tuple(f for f in figures if not f.label.startswith("合计") and f.label != "结转下年度继续办理")
    out: list[tuple[str, list[Number | None]]] = []
    for figure in figures:
        main: list[Number | None] = []
        other: dict[str, list[Number | None]] = {}
        for slot in years:
            report = slot.report
            value = figure.value(report) if report else None
            fmt = report.format if report else ""
            if fmt in figure.legend:
                name = f"{figure.legend[fmt]}※{notes[figure.differs[fmt]]}"
                other.setdefault(name, [None] * len(years))[len(main)] = value
                main.append(None)
            else:
                main.append(value)
        if any(v is not None for v in main) or not other:
            out.append((figure.label, main))
        out.extend(other.items())
    return out


def chart_svg(group: FigureGroup, years: list[Slot], notes: dict[str, int]) -> str:
    """One static SVG chart; the identical bytes every build (stable ids)."""
    lines = series(group, years, notes)
    import pygal

    cls = pygal.StackedBar if group.chart == "stacked" else pygal.Bar
    chart = cls(
        style=_style(),
        js=[],  # pygal links its tooltip script from a CDN by default
        width=WIDTH,
        height=HEIGHT,
        title=group.title,
        legend_at_bottom=True,
        legend_at_bottom_columns=legend_columns([label for label, _ in lines]),
        truncate_legend=-1,  # never cut a label: the columns are chosen so that each fits
        # Tilted when a year's label is wider than its slot; never cut (「2022年（缺）」 says a year is missing).
        x_label_rotation=30 if _crowded([slot.label for slot in years]) else 0,
        truncate_label=-1,
        print_values=False,
        show_y_guides=True,
        explicit_size=False,
        disable_xml_declaration=True,
        min_scale=4,
    )
    chart.x_labels = [slot.label for slot in years]
    for label, values in lines:
        chart.add(label, values)
    svg = chart.render(is_unicode=True)
    # Stable bytes, so an unchanged chart is not rewritten: fixed id, no build date.
    svg = re.sub(r"<!--Generated with pygal[^>]*-->", "<!--Generated with pygal-->", svg)
    # pygal's inline script only configures its (CDN) tooltips: no script at all.
    svg = re.sub(r"<script\b.*?</script>", "", svg, flags=re.S)
    return svg.replace(chart.uuid, f"xxgk-{group.key}")
