"""A column with its past: the sample's reports, plus an archive brought over
from a legacy site, built once and read as HTML, CSV and JSON.

- 2017: a report before the national format (a document, ``2017.md``);
- 2018: a department's report with its PDF (``2018-bumen/``);
- 2019: the real Shanghai report imported as printed, with one printed number
  changed so that it breaks an identity, published with ``as_published``;
- 2020: no report at all; 2021: only a document (no tables);
- 2022–2025: the sample agency's structured reports, 2024 with a fee of
  24252.311082 万元, 2025 counting its amounts in 元 and explaining its
  现行有效件数 in ``in_force_note``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import ROOT, make_project, run_build, run_xxgk
from html_tools import content, list_links, list_rows, page, resolve, row_doc_no

from generator.reports.importer import import_report

REPORTS = ROOT / "content" / "reports"
SHANGHAI = ROOT / "tests" / "fixtures" / "real" / "reports" / "shanghai-szfbgt-2019" / "report.html"
BROKEN = ('<p align="center">258</p>', '<p align="center">259</p>')  # （一）予以公开 / 自然人, as in test_reports_import


def change(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def archive(project: Path) -> Path:
    folder = project / "content" / "reports"
    for year in (2020, 2021):
        (folder / f"{year}.yml").unlink()
    html = SHANGHAI.read_text(encoding="utf-8").replace(*BROKEN)
    imported = import_report(html, today=dt.date(2026, 11, 23), as_published=True)
    assert imported.acknowledged and not imported.errors
    write(folder / "2019.yml", imported.text)
    write(folder / "2017.md", "---\ntitle: 溪川县农业农村局2017年政府信息公开工作年度报告\npublished: 2018-03-20\n---\n\n2017年，我局认真贯彻《中华人民共和国政府信息公开条例》……\n")
    write(
        folder / "2018-bumen" / "index.md",
        "---\ntitle: 溪川县农机服务中心2018年政府信息公开工作年度报告\npublished: 2019-01-25\nagency: 溪川县农机服务中心\n"
        "attachments:\n  - {file: 2018年报.pdf, title: 2018年度报告原文}\n---\n\n报告原文见附件。\n",
    )
    (folder / "2018-bumen" / "2018年报.pdf").write_bytes(b"%PDF-1.4\n%stand-in\n")
    write(folder / "2021.md", "---\ntitle: 溪川县农业农村局2021年政府信息公开工作年度报告\npublished: 2022-01-20\n---\n\n原报告只有扫描件。\n")
    text = (REPORTS / "2024.yml").read_text(encoding="utf-8")
    write(folder / "2024.yml", change(text, "fees:               {amount: 0}", 'fees:               {amount: "24252.311082"}'))
    text = (REPORTS / "2025.yml").read_text(encoding="utf-8")
    text = change(text, "fees:               {amount: 0}", "fees:               {amount: 75394432.52}")
    text = change(text, "{issued: 3, repealed: 0, in_force: 16}", "{issued: 3, repealed: 0, in_force: 17}")
    text = change(text, "year: 2025 ", "amount_unit: 元\nin_force_note:\n  normative: 1 件规范性文件由市级文件转发后纳入统计。\nyear: 2025 ")
    write(folder / "2025.yml", text)
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = archive(make_project(tmp_path_factory.mktemp("archive") / "project"))
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def read_csv(path: Path) -> dict[str, dict[str, str]]:
    rows = csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig")))
    return {row["字段"]: row for row in rows}


def test_the_archive_checks_clean(tmp_path: Path) -> None:
    project = archive(make_project(tmp_path / "project"))
    problems = json.loads(run_xxgk(project, "check", "--json").stdout)
    assert [p for p in problems if p["path"].startswith("content/reports")] == []


def test_index_lists_structured_and_document_reports_newest_first(site: Path) -> None:
    article = content(page(site, "ndbg/"))
    titles = [a.clean_text() for a in list_links(article)]
    years = [int(re.search(r"(\d{4})年", t).group(1)) for t in titles]
    assert years == sorted(years, reverse=True) and 2017 in years and 2018 in years and 2021 in years
    assert "溪川县农机服务中心2018年政府信息公开工作年度报告" in titles
    kinds = [row_doc_no(row) for row in list_rows(article)]
    assert "原文（PDF）" in kinds and "国办公开办函〔2019〕60号格式" in kinds
    assert "暂无年度报告" not in article.clean_text()
    nav = page(site, "ndbg/2019/").find("nav", cls="md-nav--primary").clean_text()
    assert nav.index("2021年度报告") < nav.index("2019年度报告") < nav.index("溪川县农机服务中心") < nav.index("2017年度报告")
    sitemap = {resolve("sitemap/", a.attrs["href"]) for a in content(page(site, "sitemap/")).find_all("a")}
    assert {"ndbg/2017/", "ndbg/2018-bumen/", "ndbg/2021/", "ndbg/2019/"} <= sitemap


def test_only_document_reports_is_not_an_empty_part(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    for old in (project / "content" / "reports").glob("*.yml"):
        old.unlink()
    write(project / "content" / "reports" / "2018.md", "---\ntitle: 2018年政府信息公开工作年度报告\npublished: 2019-01-20\n---\n\n全文。\n")
    write(project / "content" / "reports" / "2025.md", "---\ntitle: 2025年政府信息公开工作年度报告\npublished: 2026-01-20\n---\n\n全文。\n")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    article = content(page(project / "site", "ndbg/")).clean_text()
    assert "暂无年度报告" not in article and "2018年政府信息公开工作年度报告" in article
    assert "历年数据对比" not in article  # nothing to compare
    assert "report.deadline" not in run_xxgk(project, "check", "--json").stdout  # 2025's report is there


def test_document_report_page_with_its_attachment_is_searchable(site: Path) -> None:
    doc = page(site, "ndbg/2018-bumen/")
    article = content(doc)
    assert "报告机关：溪川县农机服务中心" in article.clean_text()
    link = article.find("section", cls="xxgk-attachments").find("a")
    assert link.clean_text() == "2018年度报告原文"
    assert (site / unquote(resolve("ndbg/2018-bumen/", link.attrs["href"]))).read_bytes().startswith(b"%PDF")
    html = (site / "ndbg" / "2018-bumen" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in html


def test_document_report_errors(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    folder = project / "content" / "reports"
    write(folder / "2020.md", "---\ntitle: 重复的2020年报告\npublished: 2021-01-20\n---\n")
    write(folder / "2016.md", "---\ntitle: 2016年报告\npublished: 2017-01-20\nyear: 2015\nattachments: [原文.pdf]\n---\n")
    problems = json.loads(run_xxgk(project, "check", "--json").stdout)
    mine = {(p["path"], p["rule"]) for p in problems if p["path"].startswith("content/reports")}
    assert mine == {
        ("content/reports/2020.md", "report.duplicate"),
        ("content/reports/2016.md", "report.year"),
        ("content/reports/2016.md", "item.attachment"),
    }


# ── the report published as printed ───────────────────────────────────────────


def test_errata_blanks_and_amounts_on_the_page(site: Path) -> None:
    article = content(page(site, "ndbg/2019/"))
    box = article.find("div", cls="xxgk-report__errata")
    text = box.clean_text()
    assert text.startswith("勘误说明") and "本报告按原发布版本照录" in text
    assert "“（七）总计”等于本年度办理结果（一）至（六）各行之和" in text and "（七）总计 / 自然人" in text
    cells = {td.attrs["data-cell"]: td for td in article.find_all("td") if "data-cell" in td.attrs}
    assert "xxgk-report__erratum" in cells["requests.results.total.natural"].classes
    assert cells["requests.results.granted.natural"].clean_text() == "259"
    assert cells["requests.results.granted.total"].clean_text() == ""  # printed blank, not computed
    assert "xxgk-report__blank" in cells["requests.results.granted.total"].classes
    assert cells["requests.new.research"].clean_text() == ""
    assert cells["active.procurement.amount"].clean_text() == "251000 元"
    assert "空白的格子：原报告此处空白" in article.clean_text()


def test_printed_blanks_and_units_in_the_downloads(site: Path) -> None:
    rows = read_csv(site / "ndbg" / "2019" / "ndbg-2019.csv")
    assert (rows["requests.new.research"]["数值"], rows["requests.new.research"]["来源"]) == ("", "空白")
    assert rows["requests.results.granted.total"]["来源"] == "空白"
    assert (rows["active.procurement.amount"]["数值"], rows["active.procurement.amount"]["单位"]) == ("251000", "元")
    assert rows["requests.new.total"]["项目"] == "一、本年新收政府信息公开申请数量"  # one numbering
    data = json.loads((site / "ndbg" / "2019" / "ndbg-2019.json").read_text(encoding="utf-8"))
    assert data["requests"]["new"]["research"] is None and data["requests"]["results"]["granted"]["total"] is None
    assert data["active"]["procurement"]["amount"] == 251000 and data["units"]["active.procurement.amount"] == "元"
    assert data["errata"][0]["cell"] == "requests.results.total.natural"


@pytest.mark.parametrize(("year", "shown", "unit"), [(2024, "24252.311082", "万元"), (2025, "75394432.52", "元")])
def test_amounts_are_never_rounded(site: Path, year: int, shown: str, unit: str) -> None:
    cells = {td.attrs["data-cell"]: td.clean_text() for td in content(page(site, f"ndbg/{year}/")).find_all("td") if "data-cell" in td.attrs}
    assert cells["active.fees.amount"] == (shown if unit == "万元" else f"{shown} {unit}")
    row = read_csv(site / "ndbg" / str(year) / f"ndbg-{year}.csv")["active.fees.amount"]
    assert (row["数值"], row["单位"]) == (shown, unit)
    raw = (site / "ndbg" / str(year) / f"ndbg-{year}.json").read_text(encoding="utf-8")
    assert f'"amount": {shown}' in raw


def test_computed_totals_are_marked(site: Path) -> None:
    article = content(page(site, "ndbg/2024/"))
    total = next(td for td in article.find_all("td") if td.attrs.get("data-cell") == "requests.new.total")
    assert "xxgk-report__computed" in total.classes and total.attrs["aria-describedby"] == "xxgk-computed-note"
    assert article.find(id="xxgk-computed-note").clean_text().endswith("由系统根据表中数字计算。")
    written = next(td for td in article.find_all("td") if td.attrs.get("data-cell") == "requests.new.natural")
    assert "xxgk-report__computed" not in written.classes


def test_in_force_note_is_shown_under_table_two(site: Path) -> None:
    article = content(page(site, "ndbg/2025/"))
    notes = article.find("dl", cls="xxgk-report__in-force").clean_text()
    assert "行政规范性文件现行有效件数说明" in notes and "1 件规范性文件由市级文件转发后纳入统计。" in notes


# ── the comparison across the gaps ────────────────────────────────────────────


def test_comparison_keeps_the_missing_years_visible(site: Path) -> None:
    compare = site / "ndbg" / "compare"
    article = content(page(site, "ndbg/compare/"))
    header = [th.clean_text() for th in article.find("table").find("thead").find_all("th")][1:]
    assert header == ["2019年2019 格式", "2020年缺", "2021年缺", "2022年2021 格式", "2023年2021 格式", "2024年2021 格式", "2025年2021 格式"]
    assert "2020 年没有年度报告；2021 年只有原文，没有表格数据" in article.clean_text()
    for name in ("applications", "appeals", "documents"):
        svg = (compare / f"{name}.svg").read_text(encoding="utf-8")
        labels = re.findall(r"<text[^>]*>(20\d\d年[^<]*)</text>", svg)
        assert labels[:3] == ["2019年", "2020年（缺）", "2021年（缺）"], labels
