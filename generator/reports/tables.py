"""Tables 二, 三 and 四 as grids of cells with their merged spans.

The grids are computed from ``formats.py`` (header trees and row trees give
the rowspan/colspan of every merged cell) and are what the HTML template
draws. Every data cell lists the ids of all its row and column headers in
``headers``, so a screen reader announces e.g. “三、本年度办理结果，（三）不予
公开，4.保护第三方合法权益，申请人情况，法人或其他组织，商业企业，0”.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .amounts import decimal_text
from .formats import (
    ACTIVE_WIDTH,
    APPEAL_HEADERS,
    APPEAL_ROWS,
    APPLICANT_HEADER,
    ITEM_HEADER,
    OUTCOME_COLUMNS,
    REQUESTS_NOTE,
    SECTION_TITLES,
    Column,
    Header,
    Row,
)
from .model import Number, Report


@dataclass
class GridCell:
    text: str
    header: bool = True  # <th> (else <td>)
    id: str = ""
    scope: str = ""  # col, colgroup, row, rowgroup
    colspan: int = 1
    rowspan: int = 1
    headers: tuple[str, ...] = ()  # ids of the headers of a data cell
    key: str = ""  # cell key of a data cell
    css: str = ""
    origin: str = ""  # of a data cell: written, computed, blank


@dataclass
class Grid:
    id: str
    caption: str
    width: int
    head: list[list[GridCell]] = field(default_factory=list)
    body: list[list[GridCell]] = field(default_factory=list)

    def data_cells(self) -> list[GridCell]:
        return [c for row in self.head + self.body for c in row if c.key]


def number_text(value: Number | None) -> str:
    """A number as written: never rounded (24252.311082 stays 24252.311082)."""
    if value is None:
        return ""
    return decimal_text(value)


@dataclass(frozen=True)
class Shown:
    """A data cell as the page, the CSV and the JSON show it."""

    text: str
    origin: str  # written, computed, blank


ORIGIN_LABEL = {"written": "填报", "computed": "计算", "blank": "空白"}


def shown(report: Report, key: str) -> Shown:
    """What a cell shows: blank as printed, an amount with its printed digits
    and unit, a total the editor left out marked as computed."""
    if key in report.blank:
        return Shown("", "blank")
    if key in report.amounts:
        return Shown(report.amounts[key].shown(), "written")
    return Shown(number_text(report.cells.get(key)), "written" if key in report.written else "computed")


def _data_cell(report: Report, key: str, headers: tuple[str, ...], colspan: int = 1, marked: frozenset[str] = frozenset()) -> GridCell:
    value = shown(report, key)
    css = " ".join(
        c
        for c in (
            "xxgk-report__computed" if value.origin == "computed" else "",
            "xxgk-report__blank" if value.origin == "blank" else "",
            "xxgk-report__erratum" if key in marked else "",
        )
        if c
    )
    return GridCell(value.text, header=False, colspan=colspan, headers=headers, key=key, css=css, origin=value.origin)


def _depth(node: Header | Column) -> int:
    return 1 + max(_depth(c) for c in node.children) if isinstance(node, Header) else 1


def _header_rows(nodes: tuple[Header | Column, ...], prefix: str) -> tuple[list[list[GridCell]], list[tuple[str, ...]]]:
    """Header rows for a tree of merged column headers, and for every leaf
    column (left to right) the ids of its header chain."""
    depth = max(_depth(n) for n in nodes)
    rows: list[list[GridCell]] = [[] for _ in range(depth)]
    chains: list[tuple[str, ...]] = []

    def place(node: Header | Column, level: int, chain: tuple[str, ...], path: str) -> None:
        if isinstance(node, Header):
            cid = f"{prefix}-{path}"
            rows[level].append(GridCell(node.label, id=cid, scope="colgroup", colspan=len(node.leaves())))
            for i, child in enumerate(node.children):
                place(child, level + 1, chain + (cid,), f"{path}-{i}")
        else:
            cid = f"{prefix}-{path}"
            rows[level].append(GridCell(node.label, id=cid, scope="col", rowspan=depth - level))
            chains.append(chain + (cid,))

    for i, node in enumerate(nodes):
        place(node, 0, (), str(i))
    return rows, chains


def active_grid(report: Report, marked: frozenset[str] = frozenset()) -> Grid:
    lay = report.layout
    grid = Grid("t2", SECTION_TITLES["active"], ACTIVE_WIDTH)
    for block in lay.active:
        bid = f"t2-{block.key}"
        grid.body.append(
            [GridCell(block.label, id=bid, scope="colgroup", colspan=ACTIVE_WIDTH, css="xxgk-report__block")]
        )
        header = [GridCell(ITEM_HEADER, id=f"{bid}-item", scope="col")]
        for i, column in enumerate(block.columns):
            last = i == len(block.columns) - 1
            span = ACTIVE_WIDTH - len(block.columns) if last else 1
            header.append(GridCell(column.label, id=f"{bid}-{column.key}", scope="col", colspan=span))
        grid.body.append(header)
        for row in block.rows:
            rid = f"t2-{row.key}"
            line = [GridCell(row.label, id=rid, scope="row")]
            for i, column in enumerate(block.columns):
                key = f"active.{row.key}.{column.key}"
                span = header[i + 1].colspan
                line.append(_data_cell(report, key, (bid, f"{bid}-{column.key}", rid), span, marked))
            grid.body.append(line)
    return grid


def _row_leaves(row: Row) -> int:
    return sum(_row_leaves(c) for c in row.children) if row.is_group else 1


def _row_depth(row: Row) -> int:
    return 1 + max(_row_depth(c) for c in row.children) if row.is_group else 1


def requests_grid(report: Report, marked: frozenset[str] = frozenset()) -> Grid:
    lay = report.layout
    grid = Grid("t3", SECTION_TITLES["requests"], 0)
    head, chains = _header_rows((APPLICANT_HEADER,), "t3-c")
    label_width = max(_row_depth(c) for c in lay.requests.children)
    head[0].insert(
        0, GridCell(REQUESTS_NOTE, header=False, colspan=label_width, rowspan=len(head), css="xxgk-report__note")
    )
    grid.head = head
    grid.width = label_width + len(chains)
    columns = APPLICANT_HEADER.leaves()

    def walk(row: Row, path: tuple[str, ...], level: int, ancestors: tuple[str, ...], pending: list[GridCell]) -> None:
        here = path + (row.key,)
        rid = "t3-" + "-".join(here[1:])
        if row.is_group:
            pending.append(GridCell(row.label, id=rid, scope="rowgroup", rowspan=_row_leaves(row)))
            for child in row.children:
                walk(child, here, level + 1, ancestors + (rid,), pending)
            return
        line = list(pending)
        pending.clear()  # a group's cell opens its first row only
        line.append(GridCell(row.label, id=rid, scope="row", colspan=label_width - level))
        key = ".".join(here)
        for column, chain in zip(columns, chains, strict=True):
            line.append(_data_cell(report, f"{key}.{column.key}", ancestors + (rid,) + chain, marked=marked))
        grid.body.append(line)

    for child in lay.requests.children:
        walk(child, ("requests",), 0, (), [])
    return grid


def appeals_grid(report: Report, marked: frozenset[str] = frozenset()) -> Grid:
    grid = Grid("t4", SECTION_TITLES["appeals"], 0)
    head, chains = _header_rows(APPEAL_HEADERS, "t4-c")
    grid.head = head
    grid.width = len(chains)
    keys = [f"appeals.{r.key}.{c.key}" for r in APPEAL_ROWS for c in OUTCOME_COLUMNS]
    grid.body.append([_data_cell(report, k, chain, marked=marked) for k, chain in zip(keys, chains, strict=True)])
    return grid


def grids(report: Report, marked: frozenset[str] = frozenset()) -> list[Grid]:
    """The three tables; ``marked`` cells carry a 勘误 mark (as_published)."""
    return [active_grid(report, marked), requests_grid(report, marked), appeals_grid(report, marked)]
