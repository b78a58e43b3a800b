"""基层政务公开标准目录 (国办发〔2019〕54号, STANDARDS §7): one YAML file per
领域 in ``content/catalogues/``. Each row (公开事项) names the sub-columns or
items that publish it; resolving those names tells, per row, where the
information is on the site and when it was last updated."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Level, Problem, Problems, rel
from ..files import yaml_files
from ..loader import CONTENT, slugify
from ..model import Column, Item, Key, Site
from ..schemas import label, validate
from ..sources import Source, SourceError, load_yaml_file

FOLDER = "catalogues"
SITE_CHANNEL = "政府网站"
RULE_COLUMN = "catalogue.column"
RULE_ITEM = "catalogue.item"
RULE_UNFULFILLED = "catalogue.unfulfilled"


@dataclass
class Row:
    number: int  # 序号, from 1
    data: dict[str, Any]
    line: int | None
    columns: list[Column] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)  # what publishes it, newest first

    @property
    def expected_online(self) -> bool:
        """主动 and ticked 政府网站: the site itself must publish it."""
        return self.data.get("mode") == "主动" and SITE_CHANNEL in (self.data.get("channels") or [])

    @property
    def last_updated(self) -> dt.date | None:
        return max((i.published for i in self.items if i.published), default=None)


@dataclass
class Catalogue:
    slug: str
    rel: str
    data: dict[str, Any]
    rows: list[Row]

    @property
    def domain(self) -> str:
        return str(self.data.get("domain") or self.slug)

    def title(self, agency: str) -> str:
        return str(self.data.get("title") or f"{agency}{self.domain}领域基层政务公开标准目录")

    @property
    def order(self) -> int:
        value = self.data.get("order")
        return value if isinstance(value, int) else 1000


def _find_column(site: Site, name: str) -> Column | None:
    for column in site.all_columns():
        if name in (column.path, column.id):
            return column
    return None


def _resolve(row: Row, source: Source, site: Site, index: int, by_no: dict[str, Item], problems: Problems, path: str) -> None:
    where = row.data.get("where") or {}
    if not isinstance(where, dict):
        return
    found: dict[int, Item] = {}
    words = [w for w in where.get("match") or [] if isinstance(w, str)]
    for n, name in enumerate(where.get("columns") or []):
        column = _find_column(site, str(name))
        if column is None:
            leaves = "、".join(c.path for c in site.leaf_columns()[:6])
            problems.add(
                Problem(
                    path, source.line("rows", index, "where", "columns", n), label("catalogue", ("rows", index, "where", "columns")),
                    f"没有代码或路径为“{name}”的栏目", f"写 site.yml 中栏目的代码或路径，例如 {leaves}。", rule=RULE_COLUMN,
                )
            )
            continue
        row.columns.append(column)
        for item in column.all_items():
            if not words or any(w in item.title for w in words):
                found[id(item)] = item
    for n, number in enumerate(where.get("items") or []):
        item = by_no.get(str(number))
        if item is None and str(number) in site.unreadable:
            continue  # that item's file has a syntax error, reported there
        if item is None:
            problems.add(
                Problem(
                    path, source.line("rows", index, "where", "items", n), label("catalogue", ("rows", index, "where", "items")),
                    f"索引号 {number} 在本站找不到", "写公开这一事项的信息的索引号（信息头信息中的 index_no）。", rule=RULE_ITEM,
                )
            )
            continue
        found[id(item)] = item
    row.items = sorted(found.values(), key=Item.sort_key)


def _row_name(row: Row) -> str:
    first, second = row.data.get("first", ""), row.data.get("second")
    return f"{first} / {second}" if second else str(first)


_CATALOGUES: Key[tuple[list[Catalogue], Problems]] = Key("catalogues.standard")


def load(site: Site) -> tuple[list[Catalogue], Problems]:
    """Every catalogue under content/catalogues/, resolved against the site (cached)."""
    return site.memo(_CATALOGUES, lambda: _load(site))


def _load(site: Site) -> tuple[list[Catalogue], Problems]:
    problems = Problems()
    catalogues: list[Catalogue] = []
    folder = site.root / CONTENT / FOLDER
    by_no = site.item_by_index_no()
    for file in yaml_files(folder, site.root, problems):
        path = rel(file, site.root)
        try:
            source = load_yaml_file(file)
        except SourceError as exc:
            problems.add(exc.problem(path))
            continue
        schema_problems = validate(source.data, "catalogue", source, path)
        problems.extend(schema_problems)
        if schema_problems:  # validated before any use: the rows are not read until they are right
            continue
        data = source.data
        raw_rows = data.get("rows") if isinstance(data.get("rows"), list) else []
        rows = [Row(n + 1, r, source.line("rows", n)) for n, r in enumerate(raw_rows) if isinstance(r, dict)]
        for index, row in enumerate(rows):
            _resolve(row, source, site, index, by_no, problems, path)
            if row.expected_online and not row.items:
                named = bool(row.data.get("where"))
                problems.add(
                    Problem(
                        path, row.line, f"公开事项 {row.number}（{_row_name(row)}）",
                        "主动公开、渠道含政府网站，但本站没有公开任何相关信息" + ("（所写栏目中没有符合条件的信息）" if named else "（没有写 where）"),
                        "发布这一事项的信息，并在 where 中写明所在子栏目（columns）或信息的索引号（items）。",
                        Level.WARNING, RULE_UNFULFILLED,
                    )
                )
        catalogues.append(Catalogue(slugify(file.stem), path, data, rows))
    catalogues.sort(key=lambda c: (c.order, c.slug))
    return catalogues, problems
