"""Reading ``content/`` into a :class:`~generator.model.Site`.

Loading never fails on bad content: a file that cannot be parsed becomes a
problem, and everything else still loads, so one run reports every mistake.
Parsed files are cached by (mtime, size) for the life of the process, which
keeps ``mkdocs serve`` fast on large sites: an edit re-reads one file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from .config import SiteConfig
from .diagnostics import Problem, Problems, rel
from .model import Attachment, Column, Guide, Item, Page, Site
from .reports.load import load_reports
from .sources import Source, SourceError, load_markdown, load_yaml_file

CONTENT = "content"
ITEMS_DIR = "items"
RULES_DIR = "rules"
REPORTS_DIR = "reports"

_cache: dict[Path, tuple[tuple[int, int], Source]] = {}


def _cached(path: Path, loader) -> Source:
    stat = path.stat()
    key = (stat.st_mtime_ns, stat.st_size)
    hit = _cache.get(path)
    if hit and hit[0] == key:
        return hit[1]
    source = loader(path)
    _cache[path] = (key, source)
    return source


def _source_problem(exc: SourceError, root: Path) -> Problem:
    return Problem(rel(exc.path, root), exc.line, "", exc.message, exc.hint, rule="source.syntax")


def slugify(text: str) -> str:
    """A URL segment from an index number or file name: a-z, 0-9 and hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "item"


def item_slug(meta: dict[str, Any], path: Path) -> str:
    """Stable URL segment: explicit ``slug``, else the 索引号, else the file name."""
    if isinstance(meta.get("slug"), str) and meta["slug"]:
        return meta["slug"]
    if meta.get("index_no"):
        return slugify(str(meta["index_no"]))
    return slugify(path.stem)


def _attachments(meta: dict[str, Any], folder: Path) -> list[Attachment]:
    out = []
    for entry in meta.get("attachments") or []:
        if isinstance(entry, str):
            name, title = entry, Path(entry).stem
        elif isinstance(entry, dict) and isinstance(entry.get("file"), str):
            name, title = entry["file"], str(entry.get("title") or Path(entry["file"]).stem)
        else:
            continue  # the schema check reports it
        path = folder / name
        size = path.stat().st_size if path.is_file() else None
        out.append(Attachment(file=name, title=title, path=path, size=size))
    return out


def _walk_markdown(folder: Path) -> list[Path]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(Path(dirpath) / f for f in sorted(filenames) if f.endswith(".md") and not f.startswith("."))
    return found


def load_config(root: Path, problems: Problems) -> SiteConfig:
    from .schemas import validate

    path = root / CONTENT / "site.yml"
    if not path.is_file():
        problems.add(
            Problem(rel(path, root), None, "", "找不到网站配置文件 content/site.yml", "参照示例站点的 site.yml 新建一个。")
        )
        return SiteConfig.from_data({})
    try:
        source = _cached(path, load_yaml_file)
    except SourceError as exc:
        problems.add(_source_problem(exc, root))
        return SiteConfig.from_data({})
    data = source.data if isinstance(source.data, dict) else {}
    problems.extend(validate(source.data, "site", source, rel(path, root)))
    return SiteConfig.from_data(data)


def _load_items(root: Path, columns: list[Column], problems: Problems) -> list[Item]:
    items_root = root / CONTENT / ITEMS_DIR
    by_path = {c.path: c for top in columns for c in top.walk()}
    items: list[Item] = []
    # Resolve the folder once, not every file (rel() resolves symlinks: a stat per path component).
    items_rel = rel(items_root, root)
    for path in _walk_markdown(items_root) if items_root.is_dir() else []:
        rel_path = f"{items_rel}/{path.relative_to(items_root).as_posix()}"
        folder = path.parent.relative_to(items_root).as_posix()
        column = by_path.get(folder)
        try:
            source = _cached(path, load_markdown)
        except SourceError as exc:
            problems.add(_source_problem(exc, root))
            continue
        # A key left blank (``doc_no:``) means "none", as the scaffold invites.
        meta = {k: v for k, v in source.data.items() if v is not None} if isinstance(source.data, dict) else {}
        if not isinstance(source.data, dict):
            problems.add(Problem(rel_path, 2, "", "头信息应当是“字段: 值”的键值表", "参照 xxgk new 生成的模板。"))
        if column is None or not column.is_leaf:
            leaves = [c.path for c in by_path.values() if c.is_leaf]
            where = "上级栏目" if column else "未配置的栏目文件夹"
            problems.add(
                Problem(
                    rel_path,
                    None,
                    "",
                    f"文件放在{where} content/{ITEMS_DIR}/{folder}/ 中，不属于任何子栏目",
                    "把文件移到子栏目的文件夹，例如 " + "、".join(f"content/{ITEMS_DIR}/{p}/" for p in leaves[:4]) + " 等。",
                    rule="item.column",
                )
            )
            column = None
        item = Item(
            source=path,
            rel=rel_path,
            column=column,
            meta=meta,
            body=source.body,
            lines=source.lines,
            body_line=source.body_line,
            attachments=_attachments(meta, path.parent),
            slug=item_slug(meta, path),
        )
        items.append(item)
        if column is not None:
            column.items.append(item)
    for column in by_path.values():
        column.items.sort(key=Item.sort_key)
    items.sort(key=Item.sort_key)
    return items


def _load_pages(root: Path, folder: str, problems: Problems) -> list[Page]:
    from .schemas import validate

    pages = []
    base = root / CONTENT / folder
    for path in _walk_markdown(base) if base.is_dir() else []:
        try:
            source = _cached(path, load_markdown)
        except SourceError as exc:
            problems.add(_source_problem(exc, root))
            continue
        meta = source.data if isinstance(source.data, dict) else {}
        problems.extend(validate(meta, "page", source, rel(path, root)))
        slug = meta.get("slug") if isinstance(meta.get("slug"), str) else slugify(path.stem)
        pages.append(Page(source=path, rel=rel(path, root), slug=slug, meta=meta, body=source.body, body_line=source.body_line))
    pages.sort(key=lambda p: (p.meta.get("order", 1000) if isinstance(p.meta.get("order"), int) else 1000, p.slug))
    return pages


def _load_guide(root: Path, problems: Problems) -> tuple[Guide | None, Source | None]:
    path = root / CONTENT / "guide.yml"
    if not path.is_file():
        problems.add(
            Problem(
                rel(path, root),
                None,
                "",
                "缺少政府信息公开指南 content/guide.yml",
                "指南是政府信息公开专栏的第一部分（条例第十二条），必须提供。",
                rule="guide.missing",
            )
        )
        return None, None
    try:
        source = _cached(path, load_yaml_file)
    except SourceError as exc:
        problems.add(_source_problem(exc, root))
        return None, None
    data = source.data if isinstance(source.data, dict) else {}
    return Guide(rel=rel(path, root), data=data), source


def load_site(root: Path) -> tuple[Site, Problems, dict[str, Source]]:
    """Load everything under ``root/content``. Returns the site, the parse
    problems, and the raw sources that later checks need for line numbers."""
    problems = Problems()
    config = load_config(root, problems)
    columns = config.build_columns()
    items = _load_items(root, columns, problems)
    guide, guide_source = _load_guide(root, problems)
    site = Site(
        root=root,
        config=config,
        columns=columns,
        items=items,
        guide=guide,
        rules=_load_pages(root, RULES_DIR, problems),
        # Annual reports are YAML data (generator/reports/), one file per year.
        reports=load_reports(root / CONTENT / REPORTS_DIR, root, problems, config.agency_name, lambda p: _cached(p, load_yaml_file)),
    )
    sources = {"guide": guide_source} if guide_source else {}
    return site, problems, sources
