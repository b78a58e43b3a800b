"""Importing published annual reports (``xxgk report import``): the real
fixtures of tests/fixtures/real/reports read cell by cell against their
``expected.yml`` (written by hand before the importer), and edge cases made
from them: retyped labels and digits, a whole legacy page in GBK around the
report, a broken identity published as printed, amounts in 元 with decimals."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, run_xxgk

from generator.reports.formats import layout
from generator.reports.importer import NotAReport, import_report
from generator.reports.printed import read_page
from generator.reports.reading import classify, detect_format, read_tables

REAL = ROOT / "tests" / "fixtures" / "real" / "reports"
SHANGHAI = REAL / "shanghai-szfbgt-2019"
TODAY = dt.date(2026, 11, 23)  # the 2019 report is long past its deadline


def expected(name: str) -> dict[str, Any]:
    return yaml.safe_load((REAL / name / "expected.yml").read_text(encoding="utf-8"))


def flat(node: Any, prefix: str = "") -> dict[str, Any]:
    """{"requests.new": [...], "active.rules.made": 13, …} of a report mapping."""
    out: dict[str, Any] = {}
    if isinstance(node, dict):
        for key, value in node.items():
            out.update(flat(value, f"{prefix}{key}."))
    else:
        out[prefix[:-1]] = node
    return out


def tables(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in flat({s: report.get(s) for s in ("active", "requests", "appeals")}).items() if v is not None}


def shanghai_html() -> str:
    return (SHANGHAI / "report.html").read_text(encoding="utf-8")


# ── the real 2019 report, whole ────────────────────────────────────────────────


def test_shanghai_every_printed_cell_and_text() -> None:
    result = import_report((SHANGHAI / "report.html").read_bytes(), today=TODAY)
    got, want = yaml.safe_load(result.text), expected("shanghai-szfbgt-2019")
    assert (result.year, result.format) == (2019, "2019")
    assert (got["title"], str(got["published"])) == (want["title"], str(want["published"]))
    # expected.yml keeps 251000元 converted to 25.1 万元; the importer keeps the print.
    assert want["printed"]["active.procurement.amount"] == "251000元"
    want["active"]["procurement"]["amount"] = "251000元"
    assert tables(got) == tables(want)
    assert got["requests"]["results"]["granted"] == [258, 12, None, None, 1, 1, None]  # blank total stays blank
    for key in ("intro", "overview", "problems", "other"):
        assert got[key].strip() == want[key].strip(), key
    assert result.notes == [] and result.problems == []  # expected.yml: no identity broken as printed
    # The blank row totals are what cannot be checked (nothing printed to compare).
    assert "（一）予以公开 / 总计：“总计”等于自然人与法人或其他组织各列之和" in result.unchecked


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("（一）予以公开", "(一) 予以公开"),  # half-width brackets, a space
        ("1.属于国家秘密", "1、属于国家秘密"),
        ("<p align=\"center\">821</p>", "<p align=\"center\">８２１</p>"),  # full-width digits
        ("本年新<br />制作数量", "本年新 制作 数量"),
        ("法律服务机构", "法律服务<br/>机构"),
        ("规范性文件</p>", "行政规范性文件</p>"),  # the 2021 wording in a 2019 report
        ("4.保护第三方合法权益", "4.保护第三方的合法权益"),  # a retyped word
        ("<p align=\"center\">251000元</p>", "<p align=\"center\">251,000 元</p>"),
    ],
)
def test_retyped_labels_and_digits_read_the_same(old: str, new: str) -> None:
    html = shanghai_html()
    assert old in html
    reference = import_report(html, today=TODAY)
    changed = import_report(html.replace(old, new), today=TODAY)
    ref, got = tables(yaml.safe_load(reference.text)), tables(yaml.safe_load(changed.text))
    if "251,000" in new:
        assert got.pop("active.procurement.amount") == "251,000元"
        ref.pop("active.procurement.amount")
    assert got == ref
    assert changed.problems == []


def test_a_whole_legacy_page_in_gbk_with_chrome_and_layout_tables() -> None:
    body = shanghai_html()
    page = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>2019年上海市人民政府办公厅政府信息公开工作年度报告_上海市人民政府</title>
<script>var x = "<table><tr><td>三、本年度办理结果</td></tr></table>";</script></head>
<body><div class="nav">首页 政务公开 政府信息公开 年度报告</div>
<table width="100%"><tr><td><table class="meta"><tr><td>索 引 号：</td><td>SH0100000/2020-00001</td>
<td>发布机构：</td><td>市政府办公厅</td></tr></table>
<div class="TRS_Editor"><div class="Custom_UnionStyle">{body}</div></div>
<div class="tools">【打印本页】【关闭窗口】</div></td></tr></table>
<div class="footer">主办：上海市人民政府办公厅 网站标识码 3100000001</div></body></html>"""
    data = page.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = import_report(data, today=TODAY)
    reference = import_report(body, today=TODAY)
    got, ref = yaml.safe_load(result.text), yaml.safe_load(reference.text)
    assert tables(got) == tables(ref)
    for key in ("intro", "overview", "problems", "other"):
        assert got[key] == ref[key], key
    assert "打印" not in got["other"] and "网站标识码" not in got["other"]
    assert result.problems == []


def test_a_page_without_report_tables_is_refused() -> None:
    with pytest.raises(NotAReport):
        import_report("<html><body><p>2019年某机关政府信息公开工作年度报告</p><p>一、总体情况</p></body></html>")


# ── the real partial copies (text, 2021 and 2019 formats) ──────────────────────


def text_tables(text: str) -> list[list[str]]:
    """The tables of a `pages`-corpus text copy as cell texts: the text after each
    heading 二、/三、/四、 split at “|” (how that corpus prints a table); the lines of
    one cell are joined (商业\\n企业)."""
    parts = re.split(r"^[二三四]、(?:主动公开|收到和处理|政府信息公开行政复议).*$", text, flags=re.M)[1:]
    return [["".join(line.strip() for line in piece.splitlines()) for piece in part.split("|")] for part in parts]


@pytest.mark.parametrize("name", ["yangling-sjj-2022", "hanyang-zfbgs-2022", "nilka-town-2023", "taojiang-sjj-2020"])
def test_partial_real_copies_read_every_covered_cell(name: str) -> None:
    want = expected(name)
    found = text_tables((REAL / name / "page.txt").read_text(encoding="utf-8"))
    assert classify(found[0]) == "active" and classify(found[1]) == "requests"
    assert detect_format(found[0]) == str(want["format"])  # from table 二's printed columns
    reading = read_tables(found, str(want["format"]))
    covered = {k: v for k, v in tables(want).items() if k.startswith(tuple(want["covers"]))}
    got = {}
    for key, value in covered.items():
        spec_columns = layout(str(want["format"])).row(key.rsplit(".", 1)[0] if key.startswith("active") else key)
        if isinstance(value, list):
            got[key] = [reading.cells.get(f"{key}.{c.key}") for c in spec_columns.columns]
        else:
            got[key] = reading.cells.get(key)
    assert got == covered
    assert {f"{k.rsplit('.', 1)[0]}" if k.startswith("active") else k for k in covered} <= reading.rows


def test_hanyang_blank_cell_and_printed_header_variant() -> None:
    found = text_tables((REAL / "hanyang-zfbgs-2022" / "page.txt").read_text(encoding="utf-8"))
    assert "现行有效件数 (历史累计)" in found[0]
    reading = read_tables(found, "2021")
    assert reading.cells["active.rules.in_force"] is None  # printed blank, not 0
    assert reading.cells["active.normative.in_force"] == 8


def rows_html(text: str) -> str:
    """A legacy page made from a row-per-line text copy: prose lines become
    paragraphs, each “a | b | c |” line a table row (empty trailing cells of
    merged columns dropped, as a colspan would print them)."""
    out, rows = [], []
    for line in text.splitlines():
        if "|" in line:
            cells = [c.strip() for c in line.split("|")]
            while cells and not cells[-1]:
                cells.pop()
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
            continue
        if rows:
            out.append("<table>" + "".join(rows) + "</table>")
            rows = []
        out.append(f"<p>{line}</p>")
    if rows:
        out.append("<table>" + "".join(rows) + "</table>")
    return "<html><body><p>杨凌示范区审计局2022年政府信息公开工作年度报告</p>" + "".join(out) + "</body></html>"


def test_yangling_2021_overview_comes_over_in_its_five_parts() -> None:
    page = read_page(rows_html((REAL / "yangling-sjj-2022" / "page.txt").read_text(encoding="utf-8")))
    assert page.year == 2022
    overview = page.texts["overview"]
    # A lead paragraph sits before （一）: the section is kept as one text, as printed.
    assert isinstance(overview, str) and overview.startswith("根据《中华人民共和国政府信息公开条例》规定")
    for heading in expected("yangling-sjj-2022")["overview_headings"].values():
        assert heading in overview
    # Without the lead paragraph the five printed headings map onto the five parts.
    text = (REAL / "yangling-sjj-2022" / "page.txt").read_text(encoding="utf-8")
    text = text.replace(text.splitlines()[1] + "\n", "", 1)
    parts = read_page(rows_html(text)).texts["overview"]
    assert isinstance(parts, dict) and list(parts) == ["active", "requests", "management", "platform", "oversight"]
    assert parts["active"] == "2022年,我局通过示范区管委会网站审计信息栏目公开信息20条。"
    assert parts["oversight"].startswith("一是把政务公开纳入年度内部目标考核")


# ── a report whose printed numbers break an identity ───────────────────────────

BROKEN = SHANGHAI_BROKEN = ("<p align=\"center\">258</p>", "<p align=\"center\">259</p>")  # （一）予以公开 / 自然人


def test_broken_identity_is_named_and_can_be_published_as_printed() -> None:
    html = shanghai_html().replace(*BROKEN)
    plain = import_report(html, today=TODAY)
    rules = {(p.rule, p.field) for p in plain.errors}
    assert ("report.results_total", "（七）总计 / 自然人") in rules  # 767 printed, the rows now add up to 768
    assert all("as_published" in p.hint for p in plain.errors)
    acknowledged = import_report(html, today=TODAY, as_published=True)
    assert acknowledged.errors == [] and acknowledged.acknowledged
    assert "- {identity: results_total, cell: requests.results.total.natural}" in acknowledged.text
    # The report being written (its deadline not passed) can never be published with errors.
    current = import_report(html, today=dt.date(2020, 1, 20), as_published=True)
    assert current.acknowledged == [] and ("report.results_total", "（七）总计 / 自然人") in {
        (p.rule, p.field) for p in current.errors
    }


# ── the command, and the built pages ───────────────────────────────────────────


def import_into(project: Path, html: str, *args: str) -> Any:
    for old in (project / "content" / "reports").glob("*.yml"):
        old.unlink()  # the sample agency's own reports would not carry 2019 over
    page = project / "report.html"
    page.write_text(html, encoding="utf-8")
    return run_xxgk(project, "report", "import", str(page), *args)


def test_import_command_writes_the_file_and_refuses_to_overwrite(project: Path) -> None:
    result = import_into(project, shanghai_html(), "--url", "https://www.shanghai.gov.cn/nw2/nw2314/nw2319/nw12344/u26aw63139.html")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "content/reports/2019.yml" in result.stdout and "2019 年度" in result.stdout
    data = yaml.safe_load((project / "content" / "reports" / "2019.yml").read_text(encoding="utf-8"))
    assert data["legacy_url"].startswith("https://www.shanghai.gov.cn/")
    again = run_xxgk(project, "report", "import", str(project / "report.html"))
    assert again.returncode == 1 and "已经存在" in again.stderr
    check = run_xxgk(project, "check")
    assert "content/reports/2019.yml" not in check.stdout, check.stdout


def test_broken_report_fails_the_check_until_published_as_printed(project: Path) -> None:
    html = shanghai_html().replace(*BROKEN)
    result = import_into(project, html)
    assert result.returncode == 1
    assert "（七）总计 / 自然人" in result.stdout and "as_published" in result.stdout
    assert run_xxgk(project, "check").returncode == 1
    again = run_xxgk(project, "report", "import", str(project / "report.html"), "--as-published", "--force")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "勘误说明" in again.stdout
    assert "report.results_total" not in run_xxgk(project, "check", "--json").stdout
