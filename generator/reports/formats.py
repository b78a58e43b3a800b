"""The two official layouts of the annual report, as data.

国办公开办函〔2019〕60号 (reports for 2019–2020) and 国办公开办函〔2021〕30号
(2021 on) fix the rows, columns, merged header cells and labels of tables
二, 三 and 四. Everything else in ``generator/reports`` reads this module:
the JSON Schemas are generated from it (``schema.py``), the validation walks
it (``checks.py``), the identities name its cells (``identities.py``), and the
tables are drawn from it (``tables.py``). Changing a label here changes all of
them at once.

A *cell* is named by a dotted key path: the row's path, then the column key,
e.g. ``requests.results.refused.third_party.business`` is
``（三）不予公开 4.保护第三方合法权益 / 商业企业``. Labels carry the official row
numbering once and never the section's numeral in front of it (not
“三、一、本年新收…”): the row labels of the three tables are distinct anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

FORMATS = ("2019", "2021")
FORMAT_DOCS = {
    "2019": "国办公开办函〔2019〕60号",
    "2021": "国办公开办函〔2021〕30号",
}
LAST_YEAR_OF_2019_FORMAT = 2020  # 〔2021〕30号 applies to the reports for 2021 on

# Cell kinds: what a number may be.
COUNT = "count"  # a whole number >= 0 (件、个、项)
DELTA = "delta"  # a whole number that may be negative (2019 本年增/减)
AMOUNT = "amount"  # an amount of money >= 0, decimals allowed (万元)


def default_format(year: int) -> str:
    return "2019" if year <= LAST_YEAR_OF_2019_FORMAT else "2021"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = COUNT
    derived: bool = False  # may be left out: the generator computes it (every 总计)


@dataclass(frozen=True)
class Header:
    """A merged column-header cell over ``children`` (e.g. 法人或其他组织)."""

    label: str
    children: tuple[Header | Column, ...]

    def leaves(self) -> list[Column]:
        out: list[Column] = []
        for child in self.children:
            out.extend(child.leaves() if isinstance(child, Header) else [child])
        return out


@dataclass(frozen=True)
class Row:
    """A row of a table, or a group of rows sharing a merged row-header cell."""

    key: str
    label: str
    children: tuple[Row, ...] = ()
    derived: bool = False  # （七）总计: may be left out, computed from the rows above
    named_in_cells: bool = True  # False: the label is left out of cell names (三、本年度办理结果)

    @property
    def is_group(self) -> bool:
        return bool(self.children)


# ── Table 二: 主动公开政府信息情况 ────────────────────────────────────────────
# Each block is a sub-table: a full-width heading row (第二十条第（X）项), a
# header row (信息内容 + the block's columns) and its rows. The table is four
# columns wide; a block with fewer columns stretches its last column.


@dataclass(frozen=True)
class Block:
    key: str  # not part of cell keys; used for HTML ids only
    label: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


ACTIVE_WIDTH = 4  # columns of table 二, including 信息内容
ITEM_HEADER = "信息内容"

_PROJECT_COLUMNS_2019 = (
    Column("previous", "上一年项目数量"),
    Column("change", "本年增/减", DELTA),
    Column("decisions", "处理决定数量"),
)
_DECISIONS_2021 = (Column("decisions", "本年处理决定数量"),)

ACTIVE_2019 = (
    Block(
        "a1",
        "第二十条第（一）项",
        (Column("made", "本年新制作数量"), Column("published", "本年新公开数量"), Column("total", "对外公开总数量")),
        (Row("rules", "规章"), Row("normative", "规范性文件")),
    ),
    Block(
        "a5",
        "第二十条第（五）项",
        _PROJECT_COLUMNS_2019,
        (Row("licensing", "行政许可"), Row("other_services", "其他对外管理服务事项")),
    ),
    Block("a6", "第二十条第（六）项", _PROJECT_COLUMNS_2019, (Row("penalty", "行政处罚"), Row("coercion", "行政强制"))),
    Block("a8", "第二十条第（八）项", _PROJECT_COLUMNS_2019[:2], (Row("fees", "行政事业性收费"),)),
    Block(
        "a9",
        "第二十条第（九）项",
        (Column("projects", "采购项目数量"), Column("amount", "采购总金额", AMOUNT)),
        (Row("procurement", "政府集中采购"),),
    ),
)

ACTIVE_2021 = (
    Block(
        "a1",
        "第二十条第（一）项",
        (Column("issued", "本年制发件数"), Column("repealed", "本年废止件数"), Column("in_force", "现行有效件数")),
        (Row("rules", "规章"), Row("normative", "行政规范性文件")),
    ),
    Block("a5", "第二十条第（五）项", _DECISIONS_2021, (Row("licensing", "行政许可"),)),
    Block("a6", "第二十条第（六）项", _DECISIONS_2021, (Row("penalty", "行政处罚"), Row("coercion", "行政强制"))),
    Block(
        "a8",
        "第二十条第（八）项",
        (Column("amount", "本年收费金额（单位：万元）", AMOUNT),),
        (Row("fees", "行政事业性收费"),),
    ),
)

# ── Table 三: 收到和处理政府信息公开申请情况 ──────────────────────────────────

APPLICANT_COLUMNS = (
    Column("natural", "自然人"),
    Column("business", "商业企业"),
    Column("research", "科研机构"),
    Column("nonprofit", "社会公益组织"),
    Column("legal", "法律服务机构"),
    Column("other", "其他"),
    Column("total", "总计", derived=True),
)
APPLICANT_HEADER = Header(
    "申请人情况",
    (APPLICANT_COLUMNS[0], Header("法人或其他组织", APPLICANT_COLUMNS[1:6]), APPLICANT_COLUMNS[6]),
)
# Printed in the official table's top-left corner.
REQUESTS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

_REFUSED = Row(
    "refused",
    "（三）不予公开",
    (
        Row("state_secret", "1.属于国家秘密"),
        Row("law_forbidden", "2.其他法律行政法规禁止公开"),
        Row("security", "3.危及“三安全一稳定”"),
        Row("third_party", "4.保护第三方合法权益"),
        Row("internal", "5.属于三类内部事务信息"),
        Row("process", "6.属于四类过程性信息"),
        Row("enforcement", "7.属于行政执法案卷"),
        Row("inquiry", "8.属于行政查询事项"),
    ),
)
_UNAVAILABLE = Row(
    "unavailable",
    "（四）无法提供",
    (
        Row("not_held", "1.本机关不掌握相关政府信息"),
        Row("needs_creation", "2.没有现成信息需要另行制作"),
        Row("unclear", "3.补正后申请内容仍不明确"),
    ),
)
_NOT_PROCESSED = Row(
    "not_processed",
    "（五）不予处理",
    (
        Row("petition", "1.信访举报投诉类申请"),
        Row("repeated", "2.重复申请"),
        Row("publication", "3.要求提供公开出版物"),
        Row("excessive", "4.无正当理由大量反复申请"),
        Row("confirmation", "5.要求行政机关确认或重新出具已获取信息"),
    ),
)
_OTHER_2019 = Row("other", "（六）其他处理")
_OTHER_2021 = Row(
    "other",
    "（六）其他处理",
    (
        Row("no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        Row("unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        Row("other", "3.其他"),
    ),
)


def _requests(other: Row) -> Row:
    results = Row(
        "results",
        "三、本年度办理结果",
        (
            Row("granted", "（一）予以公开"),
            Row("partly", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            _REFUSED,
            _UNAVAILABLE,
            _NOT_PROCESSED,
            other,
            Row("total", "（七）总计", derived=True),
        ),
        named_in_cells=False,
    )
    return Row(
        "requests",
        "三、收到和处理政府信息公开申请情况",
        (
            Row("new", "一、本年新收政府信息公开申请数量"),
            Row("carried_in", "二、上年结转政府信息公开申请数量"),
            results,
            Row("carried_over", "四、结转下年度继续办理"),
        ),
    )


# ── Table 四: 政府信息公开行政复议、行政诉讼情况 ──────────────────────────────

OUTCOME_COLUMNS = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计", derived=True),
)
APPEAL_ROWS = (
    Row("review", "行政复议"),
    Row("direct_suit", "行政诉讼 未经复议直接起诉"),
    Row("suit_after_review", "行政诉讼 复议后起诉"),
)
# The one data row of table 四 under a two-level header; the groups are the rows above.
APPEAL_HEADERS = (
    Header("行政复议", OUTCOME_COLUMNS),
    Header("行政诉讼", (Header("未经复议直接起诉", OUTCOME_COLUMNS), Header("复议后起诉", OUTCOME_COLUMNS))),
)

# ── Sections ──────────────────────────────────────────────────────────────────

OVERVIEW_PARTS_2021 = (
    ("active", "（一）主动公开"),
    ("requests", "（二）依申请公开"),
    ("management", "（三）政府信息管理"),
    ("platform", "（四）政府信息公开平台建设"),
    ("oversight", "（五）监督保障"),
)
SECTION_TITLES = {
    "overview": "一、总体情况",
    "active": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "appeals": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}


@dataclass(frozen=True)
class Cell:
    key: str  # dotted path, e.g. "active.normative.in_force"
    path: tuple[str, ...]  # YAML path of the row holding it
    index: int | None  # position in the row's list (tables 三 and 四), None for mappings (table 二)
    label: str  # official label, e.g. "第二十条第（一）项 行政规范性文件 / 现行有效件数"
    column: Column


@dataclass(frozen=True)
class RowSpec:
    """A data row as the YAML holds it: a mapping (table 二) or a list (三, 四)."""

    path: tuple[str, ...]
    label: str  # official row label, e.g. "（三）不予公开 4.保护第三方合法权益"
    columns: tuple[Column, ...]
    as_list: bool
    derived: bool = False  # the whole row may be left out

    @property
    def key(self) -> str:
        return ".".join(self.path)

    def cells(self) -> list[Cell]:
        return [
            Cell(f"{self.key}.{c.key}", self.path, i if self.as_list else None, f"{self.label} / {c.label}", c)
            for i, c in enumerate(self.columns)
        ]

    @property
    def required_length(self) -> int:
        """Numbers an editor must write: the derived last column (总计) is optional."""
        return len(self.columns) - (1 if self.columns[-1].derived else 0)


@dataclass(frozen=True, eq=False)  # a singleton per format: hashed by identity, which keeps its @cache methods cheap
class Layout:
    """Everything about one format."""

    format: str
    active: tuple[Block, ...]
    requests: Row
    overview_parts: tuple[tuple[str, str], ...]  # () = 一、总体情况 is one text
    rows: tuple[RowSpec, ...] = field(default=())

    @property
    def doc(self) -> str:
        return FORMAT_DOCS[self.format]

    def row(self, key: str) -> RowSpec:
        return self.row_index()[key]

    @cache  # noqa: B019 - layouts are module-level singletons
    def row_index(self) -> dict[str, RowSpec]:
        return {r.key: r for r in self.rows}

    @cache  # noqa: B019
    def cell_index(self) -> dict[str, Cell]:
        return {c.key: c for r in self.rows for c in r.cells()}

    @cache  # noqa: B019
    def derived_cells(self) -> frozenset[str]:
        """Cells an editor may leave out (every 总计, the （七）总计 row): blank
        in a printed report, they mean “not printed”, not 0."""
        return frozenset(c.key for r in self.rows for c in r.cells() if r.derived or c.column.derived)

    def leaf_rows(self, group: str) -> list[str]:
        """Keys of the rows an editor fills under a group, e.g. every row of
        三、本年度办理结果 except （七）总计."""
        return [r.key for r in self.rows if r.key.startswith(group + ".") and not r.derived]

    def domain(self, name: str) -> list[str]:
        """Named lists that identities range over (see ``identities.py``)."""
        if name == "applicant_columns":
            return [c.key for c in APPLICANT_COLUMNS]
        if name == "request_rows":
            return [r.key for r in self.rows if r.key.startswith("requests.")]
        if name == "appeal_rows":
            return [r.key for r in self.rows if r.key.startswith("appeals.")]
        if name == "document_rows":
            return ["active.rules", "active.normative"]
        raise KeyError(name)

    @cache  # noqa: B019
    def shapes(self) -> dict[tuple[str, ...], tuple[str, str]]:
        """Every YAML path of the tables → (shape, official label). Shapes:
        ``group`` (a mapping of rows), ``list`` (a row of numbers), ``map`` (a
        row of named columns, table 二) and ``cell`` (one of those columns)."""
        out: dict[tuple[str, ...], tuple[str, str]] = {
            ("active",): ("group", SECTION_TITLES["active"]),
            ("appeals",): ("group", SECTION_TITLES["appeals"]),
        }

        def walk(row: Row, prefix: tuple[str, ...], names: tuple[str, ...]) -> None:
            path = prefix + (row.key,)
            names = names + ((row.label,) if row.named_in_cells else ())
            if row.is_group:
                out[path] = ("group", _cell_name(names) if len(names) > 1 else row.label)
                for child in row.children:
                    walk(child, path, names)

        walk(self.requests, (), ())
        for spec in self.rows:
            out[spec.path] = ("list" if spec.as_list else "map", spec.label)
            if not spec.as_list:
                for cell in spec.cells():
                    out[spec.path + (cell.column.key,)] = ("cell", cell.label)
        return out


def _request_rows(row: Row, prefix: tuple[str, ...], names: tuple[str, ...]) -> list[RowSpec]:
    path = prefix + (row.key,)
    label_names = names + ((row.label,) if row.named_in_cells else ())
    if not row.is_group:
        return [RowSpec(path, _cell_name(label_names), APPLICANT_COLUMNS, True, row.derived)]
    out: list[RowSpec] = []
    for child in row.children:
        out.extend(_request_rows(child, path, label_names))
    return out


def _cell_name(labels: tuple[str, ...]) -> str:
    # The section title ("三、收到和处理…") is left out: one numbering per label,
    # e.g. "（三）不予公开 4.保护第三方合法权益", "一、本年新收政府信息公开申请数量".
    return " ".join(labels[1:])


def _make(fmt: str, active: tuple[Block, ...], other: Row, parts: tuple[tuple[str, str], ...]) -> Layout:
    requests = _requests(other)
    rows: list[RowSpec] = []
    for block in active:
        for r in block.rows:
            rows.append(RowSpec(("active", r.key), f"{block.label} {r.label}", block.columns, False))
    for child in requests.children:
        rows.extend(_request_rows(child, ("requests",), (requests.label,)))
    for r in APPEAL_ROWS:
        rows.append(RowSpec(("appeals", r.key), r.label, OUTCOME_COLUMNS, True))
    return Layout(fmt, active, requests, parts, tuple(rows))


LAYOUTS = {
    "2019": _make("2019", ACTIVE_2019, _OTHER_2019, ()),
    "2021": _make("2021", ACTIVE_2021, _OTHER_2021, OVERVIEW_PARTS_2021),
}


def layout(fmt: str) -> Layout:
    return LAYOUTS[fmt]


def other_format(fmt: str) -> str:
    return "2021" if fmt == "2019" else "2019"
