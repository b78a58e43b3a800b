"""The 主动公开基本目录: generated from the items, downloadable as CSV and JSON
that match them, browsable by column."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from conftest import ROOT

from generator.build import load_and_check
from generator.catalogues.basic import HEADERS, summary
from generator.model import Item

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def items() -> list[Item]:
    site, _ = load_and_check(ROOT, TODAY)
    return site.items


def test_csv_has_a_bom_and_one_row_per_item_matching_it(sample_build: Path, items: list[Item]) -> None:
    raw = (sample_build / "xxgkml/zdgkml.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8 Chinese
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == list(HEADERS.values())
    assert [r["索引号"] for r in rows] == [i.index_no for i in items]  # newest first, like the site
    for row, item in zip(rows, items, strict=True):
        assert row["名称"] == item.title
        assert row["生成日期"] == (item.meta.get("written") or item.meta["published"])
        assert row["发布日期"] == item.meta["published"]
        assert row["内容概述"] == summary(item) and row["内容概述"]
        assert row["栏目"].split(" / ")[-1] == item.column.title
        assert (sample_build / row["网址"] / "index.html").is_file()


def test_json_matches_the_csv(sample_build: Path, items: list[Item]) -> None:
    data = json.loads((sample_build / "xxgkml/zdgkml.json").read_text(encoding="utf-8"))
    assert data["generated"] == "2026-11-23" and data["fields"] == HEADERS
    assert [e["index_no"] for e in data["items"]] == [i.index_no for i in items]
    repealed = next(e for e in data["items"] if e["index_no"] == "XCNY00001/2020-00003")
    assert repealed["validity"] == "废止"


def test_catalogue_is_browsable_per_column(sample_build: Path, items: list[Item]) -> None:
    index = (sample_build / "xxgkml/index.html").read_text(encoding="utf-8")
    assert 'href="zdgkml.csv"' in index and 'href="zdgkml.json"' in index
    assert 'href="zcwj/gfxwj/"' in index and "基层政务公开标准目录" in index
    page = (sample_build / "xxgkml/zcwj/gfxwj/index.html").read_text(encoding="utf-8")
    column = [i for i in items if i.column and i.column.path == "zcwj/gfxwj"]
    assert column and all(i.index_no in page for i in column)
    other = next(i for i in items if i.column and i.column.path != "zcwj/gfxwj")
    assert other.index_no not in page
    overview = (sample_build / "fdzdgknr/index.html").read_text(encoding="utf-8")
    assert 'href="../xxgkml/"' in overview  # linked from 法定主动公开内容


def test_summary_falls_back_to_the_body_as_plain_text(tmp_path: Path) -> None:
    item = Item(path=str(tmp_path / "a.md"), rel="a.md", column=None, meta={}, text="## 一、总则\n\n**补贴**对象为[农户](x.md)，标准 1.5 万元。\n", lines={})
    assert summary(item) == "一、总则 补贴对象为农户，标准 1.5 万元。"
    item.meta["summary"] = "写明的概述。"
    assert summary(item) == "写明的概述。"
