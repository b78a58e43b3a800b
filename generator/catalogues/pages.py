"""Pages and downloads of the catalogues, under ``xxgkml/`` (信息公开目录):

- ``xxgkml/``: the 主动公开基本目录 by column, downloads, the standard catalogues;
- ``xxgkml/<column path>/`` (+ ``page/N/``): one leaf column's catalogue rows;
- ``xxgkml/zdgkml.csv`` / ``.json``: every item (CSV in UTF-8 with BOM);
- ``xxgkml/bzml/<领域>/``: one 基层政务公开标准目录 as the official table.
"""

from __future__ import annotations

import functools
from typing import Any

from .. import diskmemo
from ..docs_tree import DocsTree
from ..feature import BuildContext
from ..model import Column, Item, Site
from ..pages.blocks import ChipGroup
from ..pages.env import front_matter, render
from ..pages.items import site_version
from ..pages.listing import paginate
from . import basic, standard

URL = "xxgkml/"
TITLE = "政府信息公开目录"
STANDARD_DIR = "bzml"  # 标准目录
PER_PAGE = 100
STANDARD_COLUMN_IDS = ("jcgk",)
WIDE = ["navigation", "toc"]  # Material hides both sidebars: the official tables need the width  # 基层政务公开标准化规范化: where the standard catalogues are linked from


def column_url(column: Column) -> str:
    return f"{URL}{column.path}/"


def standard_url(catalogue: standard.Catalogue) -> str:
    return f"{URL}{STANDARD_DIR}/{catalogue.slug}/"


def _write_index(site: Site, tree: DocsTree, catalogues: list[standard.Catalogue]) -> None:
    columns = []
    for column in site.all_columns():
        items = column.all_items()
        latest = max((i.published for i in items if i.published), default=None)
        depth = len(column.trail) - 1
        columns.append(
            {
                "title": "　" * depth + column.title,
                "url": column_url(column) if column.is_leaf and items else None,
                "count": len(items),
                "latest": latest.isoformat() if latest else "",
            }
        )
    standards = [
        {
            "title": c.title(site.config.agency_name),
            "url": standard_url(c),
            "rows": len(c.rows),
            "online": sum(r.expected_online for r in c.rows),
            "online_done": sum(r.expected_online and bool(r.items) for r in c.rows),
        }
        for c in catalogues
    ]
    tree.add(
        f"{URL}index.md",
        render(
            "catalogue_index.md.j2",
            front=front_matter(title=TITLE, xxgk_kind="catalogue", hide=WIDE),
            url=URL,
            trail=[(TITLE, URL)],
            today=site.today.isoformat(),
            total=len(site.items),
            csv_name=basic.CSV_NAME,
            json_name=basic.JSON_NAME,
            columns=columns,
            standards=standards,
        ),
    )


def _write_columns(site: Site, tree: DocsTree, digests: dict[int, bytes], version: str) -> None:
    """Each leaf column's rows, paginated. A page is named by its other values, the
    code (``version``) and its rows' digests: rendered only when its file is not already it."""
    for column in site.leaf_columns():
        if not column.items:
            continue
        base = column_url(column)
        heading = f"主动公开基本目录：{column.title}"
        for piece in paginate(base, column.items, PER_PAGE):
            context = dict(
                front=front_matter(title=piece.title(heading), xxgk_kind="catalogue", hide=WIDE),
                url=piece.url,
                trail=[(TITLE, URL), (column.title, base)],
                heading=heading,
                column_title=column.title,
                column_url=column.url,
                **piece.pager(),
            )
            digest = diskmemo.key(version, "catalogue_column.md.j2", repr(sorted(context.items())), b"".join(digests[id(i)] for i in piece.rows))
            tree.add_kept(f"{piece.url}index.md", digest, functools.partial(_column_page, site, piece.rows, context))


def _column_page(site: Site, items: list[Item], context: dict[str, Any]) -> str:
    return render("catalogue_column.md.j2", entries=[basic.kept_entry(site, i) for i in items], **context)


def _table_rows(catalogue: standard.Catalogue) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    group = 0  # index of the row whose 一级事项 cell spans the current group
    for row in catalogue.rows:
        d = row.data
        first = str(d.get("first") or "")
        if out and out[group]["first"] == first:
            out[group]["first_span"] += 1
            span = 0
        else:
            group, span = len(out), 1
        updated = row.last_updated
        out.append(
            {
                "number": row.number,
                "first": first,
                "first_span": span,
                "second": d.get("second") or "",
                "content": d.get("content") or "",
                "basis": d.get("basis") or "",
                "deadline": d.get("deadline") or "",
                "subject": d.get("subject") or "",
                "channels": "、".join(d.get("channels") or []),
                "marks": [
                    d.get("audience") == "全社会",
                    d.get("audience") == "特定群体",
                    d.get("mode") == "主动",
                    d.get("mode") == "依申请",
                    "县级" in (d.get("levels") or []),
                    "乡级" in (d.get("levels") or []),
                ],
                "columns": row.columns,
                "found": row.items,
                "count": len(row.items),
                "online": row.expected_online,
                "missing": row.expected_online and not row.items,
                "updated": updated.isoformat() if updated else "",
            }
        )
    return out


def _write_standards(site: Site, tree: DocsTree, catalogues: list[standard.Catalogue]) -> None:
    for catalogue in catalogues:
        url = standard_url(catalogue)
        title = catalogue.title(site.config.agency_name)
        tree.add(
            f"{url}index.md",
            render(
                "catalogue_standard.md.j2",
                front=front_matter(title=title, xxgk_kind="catalogue", hide=WIDE),
                url=url,
                trail=[(TITLE, URL), (catalogue.domain, url)],
                title=title,
                basis=catalogue.data.get("basis") or "",
                updated=catalogue.data.get("updated") or "",
                rows=_table_rows(catalogue),
            ),
        )


def write_pages(ctx: BuildContext, tree: DocsTree) -> None:
    site = ctx.site
    digests = {id(item): basic.entry_digest(site, item) for item in site.items}
    catalogues, _ = standard.load(site)
    _write_index(site, tree, catalogues)
    version = site_version(ctx)  # the code and site.yml (the downloads' format, the agency), the day
    _write_columns(site, tree, digests, version)
    _write_standards(site, tree, catalogues)
    # The downloads are a function of the rows: named by their digests, made (and the rows
    # read) only when the rows or the version changed, not for an edit no row shows.
    digest = diskmemo.key(version, b"".join(digests[id(i)] for i in site.items))
    tree.add_kept(f"{URL}{basic.CSV_NAME}", diskmemo.key("csv", digest), lambda: basic.to_csv(site, digests))
    tree.add_kept(f"{URL}{basic.JSON_NAME}", diskmemo.key("json", digest), lambda: basic.to_json(site, digests) + "\n")


def chips(site: Site, column: Column | None, url: str) -> list[ChipGroup]:
    """Links to the catalogues: on the overview, and the standard ones on the 基层政务公开 column."""
    if column is None:
        return [ChipGroup("政府信息公开目录", [("主动公开基本目录", URL, len(site.items))])]
    if column.id in STANDARD_COLUMN_IDS:
        catalogues, _ = standard.load(site)
        if catalogues:
            return [ChipGroup("基层政务公开标准目录", [(f"{c.domain}标准目录", standard_url(c), len(c.rows)) for c in catalogues])]
    return []

