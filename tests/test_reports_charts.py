"""The comparison charts: no legend entry overlaps another (measured from the
SVG's legend boxes and texts, CJK characters a full em wide), a missing year
keeps its place on the axis, and a series that changes meaning with the
format is drawn as its own, marked series."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT

from generator.diagnostics import Problems
from generator.reports.charts import WIDTH, chart_svg, legend_columns, slots, text_width
from generator.reports.compare import GROUPS, Figure, FigureGroup
from generator.reports.load import load_reports
from generator.reports.model import Report
from generator.reports.values import evaluate

SVG = "{http://www.w3.org/2000/svg}"


def sample_reports(drop: tuple[int, ...] = ()) -> list[Report]:
    reports = [r for r in load_reports(ROOT / "content" / "reports", ROOT, Problems()) if r.year not in drop]
    for report in reports:
        evaluate(report)
    return reports


def legend_boxes(svg: str) -> list[tuple[str, float, float, float]]:
    """(text, left, right, y) of every legend entry: its colour box to the end of its text."""
    root = ET.fromstring(svg)
    out = []
    for group in root.iter(f"{SVG}g"):
        if "legend" not in group.attrib.get("class", "").split():
            continue
        rect, text = group.find(f"{SVG}rect"), group.find(f".//{SVG}text")
        assert rect is not None and text is not None
        label = text.text or ""
        out.append((label, float(rect.attrib["x"]), float(text.attrib["x"]) + text_width(label), float(rect.attrib["y"])))
    return out


def legends_translate(svg: str) -> float:
    match = re.search(r'<g transform="translate\(([\d.]+), [\d.]+\)" class="legends"', svg)
    assert match
    return float(match.group(1))


def assert_no_overlap(svg: str) -> None:
    boxes = legend_boxes(svg)
    assert boxes
    for y in {b[3] for b in boxes}:
        row = sorted((b for b in boxes if b[3] == y), key=lambda b: b[1])
        for left, right in zip(row, row[1:], strict=False):
            assert left[2] < right[1], f"legend “{left[0]}” runs into “{right[0]}”"
        assert legends_translate(svg) + row[-1][2] <= WIDTH, f"legend “{row[-1][0]}” leaves the chart"


@pytest.mark.parametrize("group", GROUPS, ids=[g.key for g in GROUPS])
def test_no_legend_entry_overlaps_another(group: FigureGroup) -> None:
    reports = sample_reports()
    assert_no_overlap(chart_svg(group, slots(reports), {"2019 年格式为“本年新制作数量”": 1, "2019 年格式为“对外公开总数量”，含已失效文件，口径不同": 2}))


def test_long_labels_take_fewer_columns() -> None:
    long = FigureGroup(
        "long",
        "长标签",
        tuple(Figure(f"行政诉讼（未经复议直接起诉）第{i}类情形的数量", {"2019": "appeals.review.total", "2021": "appeals.review.total"}) for i in range(5)),
    )
    svg = chart_svg(long, slots(sample_reports()), {})
    assert_no_overlap(svg)
    labels = [f.label for f in long.figures]
    columns = legend_columns(labels)
    assert columns < 4  # entries of some 360 px: fewer a row, not four
    assert len({b[3] for b in legend_boxes(svg)}) == math.ceil(len(labels) / columns)
    assert "…" not in svg  # never truncated


def test_the_old_fixed_four_columns_did_overlap() -> None:
    # What the issue saw in appeals.svg: four columns of 175 px for labels up to 199 px wide.
    labels = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）", "其中结果纠正"]
    assert max(text_width(label) for label in labels) + 12 + 5 > (WIDTH - 100) / 4


def test_a_missing_year_is_a_visible_gap() -> None:
    reports = sample_reports(drop=(2022,))
    years = slots(reports)
    assert [s.label for s in years] == ["2020年", "2021年", "2022年（缺）", "2023年", "2024年", "2025年"]
    svg = chart_svg(GROUPS[0], years, {})
    assert "2022年（缺）" in svg
    # Every applicant series draws nothing in the third slot (no bar, or one of no height).
    root = ET.fromstring(svg)
    series = [g for g in root.iter(f"{SVG}g") if "series" in g.attrib.get("class", "").split()]
    drawn = [s.findall(f".//{SVG}rect") for s in series if s.findall(f".//{SVG}rect")]
    assert drawn and all(len(rects) == 6 for rects in drawn)
    assert all(float(rects[2].attrib["height"]) == 0 for rects in drawn)
    assert any(float(rects[1].attrib["height"]) > 0 for rects in drawn)


def test_a_series_that_changes_meaning_is_marked() -> None:
    notes = {"2019 年格式为“本年新制作数量”": 1, "2019 年格式为“对外公开总数量”，含已失效文件，口径不同": 2}
    documents = next(g for g in GROUPS if g.key == "documents")
    svg = chart_svg(documents, slots(sample_reports()), notes)
    names = [b[0] for b in legend_boxes(svg)]
    assert names == ["本年制发", "本年新制作（2019 格式）※1", "本年废止", "现行有效", "对外公开总数（2019 格式）※2"]
    root = ET.fromstring(svg)
    series = [g for g in root.iter(f"{SVG}g") if "series" in g.attrib.get("class", "").split()]
    bars = [len(s.findall(f".//{SVG}rect")) for s in series]
    assert bars[1] == 1 and bars[4] == 1  # the 2019-format meaning: 2020 only


@pytest.mark.browser
def test_legends_do_not_overlap_in_chromium(page, sample_url: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 800, "height": 380})  # the SVG scales to the window: 1 px = 1 unit
    for group in GROUPS:
        page.goto(f"{sample_url}ndbg/compare/{group.key}.svg")
        boxes = page.eval_on_selector_all(
            "g.legend",
            "gs => gs.map(g => { const b = g.getBoundingClientRect(); return [g.textContent, b.left, b.right, Math.round(b.top)]; })",
        )
        assert boxes, group.key
        for top in {b[3] for b in boxes}:
            row = sorted((b for b in boxes if b[3] == top), key=lambda b: b[1])
            for left, right in zip(row, row[1:], strict=False):
                assert left[2] < right[1], (group.key, left[0], right[0])
            assert row[-1][2] <= 800, (group.key, row[-1])


def test_sample_comparison_svgs_are_written(sample_build: Path) -> None:
    for group in GROUPS:
        assert_no_overlap((sample_build / "ndbg" / "compare" / f"{group.key}.svg").read_text(encoding="utf-8"))
