"""Every CSV the site offers neutralises cells a spreadsheet would execute
(OWASP CSV injection): formulas become text, numbers stay numbers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from content_kit import mini_project, simple_item

from generator.build import generate
from generator.csv_export import safe_cell

PAYLOADS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example","点我")', "@SUM(1+1)", "+SUM(1+1)", "-2+3+cmd|' /C calc'!A0"]


def test_formula_cells_are_prefixed_and_numbers_are_not() -> None:
    for payload in PAYLOADS:
        assert safe_cell(payload) == "'" + payload
    assert safe_cell("\t=1+1") == "'\t=1+1"
    assert [safe_cell(v) for v in ("-2", "+3", "-0.5", "1e3", 7, -2.5, None)] == ["-2", "+3", "-0.5", "1e3", 7, -2.5, None]
    assert safe_cell("农机补贴=惠农") == "农机补贴=惠农"  # only a leading formula sign matters


def test_the_catalogue_csv_shows_hostile_titles_as_text(tmp_path: Path) -> None:
    items = {
        f"zcwj/qtwj/x{n}.md": simple_item(json.dumps(payload), "2025-01-02", n + 1, summary=json.dumps(payload))
        for n, payload in enumerate(PAYLOADS)
    }
    root = mini_project(tmp_path / "p", items)
    docs = tmp_path / "docs"
    generate(root, docs_dir=docs)
    text = (docs / "xxgkml/zdgkml.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    shown = {row["名称"] for row in rows}
    assert shown == {"'" + p for p in PAYLOADS}
    for row in rows:
        assert not any(str(v).startswith(("=", "+", "-", "@")) for v in row.values()), row
