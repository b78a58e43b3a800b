"""The report pages draw the official tables: every row label and header of
国办公开办函〔2019〕60号 / 〔2021〕30号 in order, with the merged cells'
spans, a grid without holes, and headers a screen reader can follow.

The expected labels are typed out here from the official templates, not
taken from ``generator/reports/formats.py``, so a wrong label there fails."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

REQUEST_ROWS_COMMON = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",
]
REQUEST_ROWS = {
    "2019": [*REQUEST_ROWS_COMMON, "（七）总计", "四、结转下年度继续办理"],
    "2021": [
        *REQUEST_ROWS_COMMON,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
        "（七）总计",
        "四、结转下年度继续办理",
    ],
}
REQUEST_HEADERS = [("申请人情况", 1, 7), ("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)] + [
    (label, 1, 1) for label in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
]
OUTCOMES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
APPEAL_HEADERS = (
    [("行政复议", 1, 5), ("行政诉讼", 1, 10)]
    + [(label, 2, 1) for label in OUTCOMES]
    + [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)]
    + [(label, 1, 1) for label in OUTCOMES * 2]
)
ACTIVE = {
    "2019": [
        ("第二十条第（一）项", 1, 4), ("信息内容", 1, 1), ("本年新制作数量", 1, 1), ("本年新公开数量", 1, 1), ("对外公开总数量", 1, 1),
        ("规章", 1, 1), ("规范性文件", 1, 1),
        ("第二十条第（五）项", 1, 4), ("信息内容", 1, 1), ("上一年项目数量", 1, 1), ("本年增/减", 1, 1), ("处理决定数量", 1, 1),
        ("行政许可", 1, 1), ("其他对外管理服务事项", 1, 1),
        ("第二十条第（六）项", 1, 4), ("信息内容", 1, 1), ("上一年项目数量", 1, 1), ("本年增/减", 1, 1), ("处理决定数量", 1, 1),
        ("行政处罚", 1, 1), ("行政强制", 1, 1),
        ("第二十条第（八）项", 1, 4), ("信息内容", 1, 1), ("上一年项目数量", 1, 1), ("本年增/减", 1, 2),
        ("行政事业性收费", 1, 1),
        ("第二十条第（九）项", 1, 4), ("信息内容", 1, 1), ("采购项目数量", 1, 1), ("采购总金额", 1, 2),
        ("政府集中采购", 1, 1),
    ],
    "2021": [
        ("第二十条第（一）项", 1, 4), ("信息内容", 1, 1), ("本年制发件数", 1, 1), ("本年废止件数", 1, 1), ("现行有效件数", 1, 1),
        ("规章", 1, 1), ("行政规范性文件", 1, 1),
        ("第二十条第（五）项", 1, 4), ("信息内容", 1, 1), ("本年处理决定数量", 1, 3),
        ("行政许可", 1, 1),
        ("第二十条第（六）项", 1, 4), ("信息内容", 1, 1), ("本年处理决定数量", 1, 3),
        ("行政处罚", 1, 1), ("行政强制", 1, 1),
        ("第二十条第（八）项", 1, 4), ("信息内容", 1, 1), ("本年收费金额（单位：万元）", 1, 3),
        ("行政事业性收费", 1, 1),
    ],
}  # fmt: skip
SECTIONS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
OVERVIEW_2021 = [
    "（一）主动公开",
    "（二）依申请公开",
    "（三）政府信息管理",
    "（四）政府信息公开平台建设",
    "（五）监督保障",
]


@dataclass
class Cell:
    tag: str
    attrs: dict[str, str]
    text: str = ""

    @property
    def rowspan(self) -> int:
        return int(self.attrs.get("rowspan", 1))

    @property
    def colspan(self) -> int:
        return int(self.attrs.get("colspan", 1))


@dataclass
class Table:
    attrs: dict[str, str]
    head: list[list[Cell]] = field(default_factory=list)
    body: list[list[Cell]] = field(default_factory=list)

    def rows(self) -> list[list[Cell]]:
        return self.head + self.body

    def cells(self) -> list[Cell]:
        return [c for row in self.rows() for c in row]


class _Tables(HTMLParser):
    """The report tables of a page, as rows of cells (stdlib parser, no regexes)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[Table] = []
        self.headings: list[tuple[str, str]] = []
        self._cell: Cell | None = None
        self._part = "body"
        self._heading: list[str] | None = None
        self._heading_tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "table" and "xxgk-report__table" in a.get("class", ""):
            self.tables.append(Table(a))
        elif not self.tables:
            pass
        elif tag == "thead":
            self._part = "head"
        elif tag == "tbody":
            self._part = "body"
        elif tag == "tr":
            (self.tables[-1].head if self._part == "head" else self.tables[-1].body).append([])
        elif tag in ("th", "td"):
            self._cell = Cell(tag, a)
            (self.tables[-1].head if self._part == "head" else self.tables[-1].body)[-1].append(self._cell)
        if tag in ("h2", "h3"):
            self._heading, self._heading_tag = [], tag

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td"):
            self._cell = None
        if tag == self._heading_tag and self._heading is not None:
            self.headings.append((tag, "".join(self._heading).strip()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.text += data.strip()
        if self._heading is not None:
            self._heading.append(data)


def parse(path: Path) -> _Tables:
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def grid_width(table: Table) -> list[int]:
    """Columns each row covers, counting cells spanning down from rows above."""
    widths, carried = [], []  # carried: rows still covered, per column
    for rows in (table.head, table.body):
        carried = []
        for row in rows:
            taken = [c for c in carried if c > 0]
            width = len(taken) + sum(c.colspan for c in row)
            widths.append(width)
            carried = [c - 1 for c in carried if c > 1] + [
                cell.rowspan - 1 for cell in row for _ in range(cell.colspan) if cell.rowspan > 1
            ]
    return widths


FORMAT_OF = {2020: "2019", 2024: "2021"}


@pytest.fixture(scope="module", params=[2020, 2024], ids=["2019-format", "2021-format"])
def report_page(request: pytest.FixtureRequest, sample_build: Path) -> tuple[str, _Tables]:
    return FORMAT_OF[request.param], parse(sample_build / "ndbg" / str(request.param) / "index.html")


def test_sections_in_order(report_page: tuple[str, _Tables]) -> None:
    fmt, page = report_page
    h2 = [text for tag, text in page.headings if tag == "h2" and text in SECTIONS]
    assert h2 == SECTIONS
    h3 = [text for tag, text in page.headings if tag == "h3"]
    assert h3 == (OVERVIEW_2021 if fmt == "2021" else [])


def test_table_two_blocks_columns_and_spans(report_page: tuple[str, _Tables]) -> None:
    fmt, page = report_page
    t2 = page.tables[0]
    headers = [(c.text, c.rowspan, c.colspan) for c in t2.cells() if c.tag == "th"]
    assert headers == ACTIVE[fmt]
    assert set(grid_width(t2)) == {4}


def test_table_three_headers_rows_and_spans(report_page: tuple[str, _Tables]) -> None:
    fmt, page = report_page
    t3 = page.tables[1]
    corner = t3.head[0][0]
    assert (corner.text, corner.rowspan, corner.colspan) == (NOTE, 3, 3)
    assert [(c.text, c.rowspan, c.colspan) for c in t3.head[0][1:] + t3.head[1] + t3.head[2]] == REQUEST_HEADERS
    labels = [c.text for c in t3.cells() if c.tag == "th" and c in [r for row in t3.body for r in row]]
    assert labels == REQUEST_ROWS[fmt]
    spans = {c.text: (c.rowspan, c.colspan) for row in t3.body for c in row if c.tag == "th"}
    assert spans["三、本年度办理结果"] == (20 if fmt == "2019" else 22, 1)
    assert spans["（三）不予公开"] == (8, 1) and spans["（四）无法提供"] == (3, 1) and spans["（五）不予处理"] == (5, 1)
    assert spans["（六）其他处理"] == ((1, 2) if fmt == "2019" else (3, 1))
    assert spans["一、本年新收政府信息公开申请数量"] == (1, 3) and spans["（七）总计"] == (1, 2)
    assert set(grid_width(t3)) == {10}
    assert all(len([c for c in row if c.tag == "td"]) == 7 for row in t3.body)


def test_table_four_headers_and_spans(report_page: tuple[str, _Tables]) -> None:
    _, page = report_page
    t4 = page.tables[2]
    assert [(c.text, c.rowspan, c.colspan) for c in t4.cells() if c.tag == "th"] == APPEAL_HEADERS
    assert set(grid_width(t4)) == {15}
    assert len(t4.body) == 1 and len(t4.body[0]) == 15


def test_every_data_cell_names_existing_row_and_column_headers(report_page: tuple[str, _Tables]) -> None:
    _, page = report_page
    for table in page.tables[:3]:
        ids = {c.attrs["id"]: c for c in table.cells() if c.tag == "th" and "id" in c.attrs}
        for cell in (c for c in table.cells() if c.tag == "td" and "data-cell" in c.attrs):
            names = [ids[i].text for i in cell.attrs["headers"].split()]
            assert all(ids[i].attrs["scope"] for i in cell.attrs["headers"].split())
            assert names, cell
    t3 = page.tables[1]
    cell = next(c for c in t3.cells() if c.attrs.get("data-cell") == "requests.results.refused.third_party.business")
    ids = {c.attrs["id"]: c.text for c in t3.cells() if "id" in c.attrs}
    assert [ids[i] for i in cell.attrs["headers"].split()] == [
        "三、本年度办理结果",
        "（三）不予公开",
        "4.保护第三方合法权益",
        "申请人情况",
        "法人或其他组织",
        "商业企业",
    ]


def test_numbers_and_derived_totals(sample_build: Path) -> None:
    t3 = parse(sample_build / "ndbg" / "2024" / "index.html").tables[1]
    value = {c.attrs["data-cell"]: c.text for c in t3.cells() if "data-cell" in c.attrs}
    assert value["requests.results.refused.third_party.business"] == "1"  # as in content/reports/2024.yml
    assert value["requests.new.total"] == "38"  # computed: 31 + 4 + 0 + 1 + 2 + 0
    assert value["requests.results.total.natural"] == "31"  # computed （七）总计


def test_index_lists_every_report_newest_first(sample_build: Path) -> None:
    html = (sample_build / "ndbg" / "index.html").read_text(encoding="utf-8")
    positions = [html.index(f"溪川县农业农村局{year}年政府信息公开工作年度报告") for year in range(2025, 2019, -1)]
    assert positions == sorted(positions)
    assert 'href="compare/"' in html and "ndbg-all-years.csv" in html


def test_nav_lists_reports_and_comparison(sample_build: Path) -> None:
    html = (sample_build / "ndbg" / "2024" / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('class="md-nav md-nav--primary') :]
    assert nav.index("2025年度报告") < nav.index("2020年度报告") < nav.index("历年数据对比")


def test_comparison_page_lists_every_year_and_marks_format_differences(sample_build: Path) -> None:
    page = sample_build / "ndbg" / "compare" / "index.html"
    html = page.read_text(encoding="utf-8")
    tables = parse(page).tables
    assert len(tables) == 5
    for table in tables:
        years = [c.text for c in table.head[0][1:]]
        assert years == [f"{y}年{'2019' if y == 2020 else '2021'} 格式" for y in range(2020, 2026)]
    applications = {row[0].text: [c.text for c in row[1:]] for row in tables[0].body}
    assert applications["合计"] == ["17", "25", "29", "36", "38", "33"]
    documents = {row[0].text: [c.text for c in row[1:]] for row in tables[3].body}
    assert documents["本年废止"][0] == "—该年度格式无此项"  # not in the 2019 format
    assert documents["现行有效"][0].startswith("9※")  # 2019's 对外公开总数量, marked
    assert "口径不同" in html
    for name in ("applications", "outcomes", "appeals", "documents", "decisions"):
        svg = (page.parent / f"{name}.svg").read_text(encoding="utf-8")
        assert f'src="{name}.svg"' in html
        assert svg.startswith("<svg") and "kozea.github.io" not in svg and "<script" not in svg
        assert "2020年" in svg and "2025年" in svg
