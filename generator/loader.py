"""Reading ``content/`` into a :class:`~generator.model.Site`.

Loading never fails on bad content: a file that cannot be parsed becomes a
problem, and everything else still loads, so one run reports every mistake.
Parsed files are cached by (mtime, size) for the life of the process, which
keeps ``mkdocs serve`` fast on large sites: an edit re-reads one file.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import time
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from . import caches, diskmemo
from .config import SiteConfig, rule_problems
from .diagnostics import Problem, Problems, rel
from .files import attachment_problem, is_link, symlink_problem, walk_markdown
from .model import Attachment, Column, Guide, Item, Page, Site
from .sources import (
    MAX_FILE_BYTES,
    MAX_FRONT_MATTER_BYTES,
    PackedLines,
    Source,
    SourceError,
    load_markdown,
    load_yaml_file,
)

CONTENT = "content"
ITEMS_DIR = "items"
RULES_DIR = "rules"

_cache: dict[Path, tuple[tuple[int, int], Source]] = {}
caches.register(_cache.clear)


def read_yaml(path: Path) -> Source:
    """A YAML file, parsed once per (mtime, size): features read their files through it."""
    return _cached(path, load_yaml_file)


def read_markdown(path: Path | str, look: os.stat_result | None = None, lazy_body: bool = False) -> Source:
    """A Markdown file with front matter, parsed once per (mtime, size) (the preview's fast render re-reads items through it).
    ``look``: its status as the build cache saw it (:attr:`~generator.buildcache.BuildCache.looks`), so it is not looked at again.
    ``lazy_body``: a build (not a preview) may give a file read from its memo with ``read_body``
    set instead of ``body`` (the items: few of their bodies are read in a rebuild)."""
    return _cached(path, load_markdown, look, lazy_body)


def item_meta(source: Source) -> dict[str, Any] | None:
    """An item's front matter as the model keeps it, or None when it is not a mapping.
    A key left blank (``doc_no:``) means "none", as the scaffold invites."""
    data = source.data
    if not isinstance(data, dict):
        return None
    # Most front matters leave no key blank: then the parsed mapping itself (a copy of each
    # cost ~0.015 s at 10 000 items; nothing changes an item's meta).
    return data if None not in data.values() else {k: v for k, v in data.items() if v is not None}


def item_fields(source: Source, meta: dict[str, Any], path: Path | str) -> dict[str, Any]:
    """What an item takes from its file ``path`` (the preview's fast render re-reads an edited item through it)."""
    return {
        "meta": meta,
        "text": source.body if source.read_body is None else source.read_body,
        "lines": source.lines,
        "body_line": source.body_line,
        "attachments": read_attachments(meta, os.path.dirname(path)) if meta.get("attachments") else [],
        "slug": item_slug(meta, path),
        "digest": source.digest,
        "body_key": source.body_key,
    }


def _cached(path: Path | str, loader, look: os.stat_result | None = None, lazy_body: bool = False) -> Source:
    stat = os.stat(path) if look is None else look
    if loader is load_markdown and not caches.kept_between_builds():
        # A build reads each item once: keeping its parsed file would keep its lines to the
        # end (and looking it up, ~10 000 times, costs hashing each path).
        return _kept(path, stat, loader, looked=look is not None, lazy_body=lazy_body)
    key = (stat.st_mtime_ns, stat.st_size)
    path = Path(path)
    hit = _cache.get(path)
    if hit and hit[0] == key:
        return hit[1]
    source = _kept(path, stat, loader)
    _cache[path] = (key, source)
    return source


# A file changed this long before it was read cannot change again unseen under the same
# times (see _stat_key); one changed later is read again by the next build.
SETTLED_NS = 2_000_000_000


def _stat_key(loader, path: Path | str, stat: os.stat_result) -> bytes:
    """The file's identity as the file system keeps it: path, size, modification and
    change times, inode. Any write changes the change time (ctime), which no program
    can set back (os.utime sets it to now), so a file whose four values are those of an
    earlier read holds the same bytes, and is not read or hashed again. The one gap is
    two writes within one tick of the file system's clock (a few ms; seconds on some
    network file systems): as git does for its index, a file is remembered by its times
    only once they are SETTLED_NS old."""
    # One string, one hash (~10 000 a rebuild): a path holds no NUL, so the fields cannot run together.
    text = f"{loader.__name__}\0{diskmemo.place(path)}\0{stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns} {stat.st_ino}"
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _kept(path: Path | str, stat: os.stat_result, loader, looked: bool = False, lazy_body: bool = False) -> Source:
    """Parsed by an earlier build from the same bytes (generator/diskmemo.py), else parsed now.

    A settled file's parse is kept in one record under its identity (``file``: its digest
    and the parsed parts but the body), so an unchanged file costs one look-up; its body is
    kept apart under its digest (``text``), read with the rest or, ``lazy_body``, when asked
    for (``Source.read_body``); ``where`` points from the digest of its bytes to that record,
    for the same bytes under a new identity (a touched file, a checkout). A file too young to
    be known by its times is kept under its digest alone (``source``, body included).

    ``looked``: ``stat`` is the build cache's earlier look (the inputs' digest, which the
    cache saves). A file kept under it is taken as it was then: a change since shows in the
    next build, whose digest differs. A file read now is known by its status now, so a
    change between the two looks is read, and kept under its new status.

    ``path`` may be a string (the loader's walk gives one): a Path is made only to read."""
    if not diskmemo.active() or stat.st_size > MAX_FILE_BYTES:
        return loader(Path(path))
    stat_key = _stat_key(loader, path, stat)
    kept = diskmemo.get("file", stat_key)
    if kept is not None:
        digest, body_key, data, lines, body_line = kept
        diskmemo.keep("where", digest)  # still the way to this parse by its bytes
        if lazy_body:
            diskmemo.keep("text", body_key)  # read or not, it stays for the next build
            reader = functools.partial(_read_body, path, body_key)
            return Source(path, data, PackedLines(lines), "", body_line, digest=digest, body_key=body_key, read_body=reader)
        return Source(path, data, PackedLines(lines), _read_body(path, body_key), body_line, digest=digest, body_key=body_key)
    if looked:
        return _kept(path, os.stat(path), loader, lazy_body=lazy_body)
    path = Path(path)
    try:
        digest = diskmemo.key(loader.__name__, diskmemo.place(path), path.read_bytes())
    except OSError:
        return loader(path)  # reports the error
    settled = time.time_ns() - max(stat.st_ctime_ns, stat.st_mtime_ns) > SETTLED_NS
    parsed = diskmemo.get("source", digest)
    if parsed is None:
        place = diskmemo.get("where", digest)
        found = diskmemo.get("file", place) if isinstance(place, bytes) else None
        body = diskmemo.get("text", found[1]) if found is not None and found[0] == digest else None
        if isinstance(body, str):
            body_key, data, packed, body_line = found[1:]
            parsed = (body_key, data, packed, body, body_line)
    made = parsed is None
    if made:
        source = loader(path)
        packed = PackedLines.pack(source.lines)
        # Kept now, as it is (the build may add to the parsed data later), as plain data.
        parsed = (diskmemo.key(source.body), source.data, packed, source.body, source.body_line)
    body_key, data, packed, body, body_line = parsed
    if packed is not None:
        if settled:
            diskmemo.put("file", stat_key, (digest, body_key, data, packed, body_line), made=made)
            diskmemo.put("text", body_key, body, made=False)
            diskmemo.put("where", digest, stat_key)
        elif made:
            diskmemo.put("source", digest, parsed)
    if made:
        source.digest, source.body_key = digest, body_key
        if packed is not None:
            # As an unchanged file's: a cold build held every file's map of key lines,
            # unpacked (~1 KB an item, ~110 MB at 100 000 items through Pagefind: issue 11).
            source.lines = PackedLines(packed)
        return source
    return Source(path, data, PackedLines(packed), body, body_line, digest=digest, body_key=body_key)


def _read_body(path: Path | str, body_key: bytes) -> str:
    """A file's body from the memo (``text``), or, if the record is gone (the memo was closed:
    a read after the build), from the file, as it is now: a change shows in the next build."""
    body = diskmemo.get("text", body_key)
    return body if isinstance(body, str) else load_markdown(Path(path)).body


def _source_problem(exc: SourceError, root: Path) -> Problem:
    return exc.problem(rel(exc.path, root))


_NOT_IN_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """A URL segment from an index number or file name: a-z, 0-9 and hyphens."""
    slug = _NOT_IN_SLUG.sub("-", text.lower()).strip("-")
    return slug or "item"


def item_slug(meta: dict[str, Any], path: Path | str) -> str:
    """Stable URL segment: explicit ``slug``, else the 索引号, else the file name."""
    if isinstance(meta.get("slug"), str) and meta["slug"]:
        return meta["slug"]
    if meta.get("index_no"):
        return slugify(str(meta["index_no"]))
    return slugify(Path(path).stem)


def read_attachments(meta: dict[str, Any], folder: Path | str) -> list[Attachment]:
    """The ``attachments`` of a front matter, each resolved in ``folder`` (items, and the reports that are documents)."""
    out: list[Attachment] = []
    entries = meta.get("attachments")
    if not entries:
        return out
    folder = Path(folder)
    for entry in entries if isinstance(entries, list) else []:  # any other shape: the schema check reports it
        if isinstance(entry, str):
            name, title = entry, Path(entry).stem
        elif isinstance(entry, dict) and isinstance(entry.get("file"), str):
            name, title = entry["file"], str(entry.get("title") or Path(entry["file"]).stem)
        else:
            continue  # the schema check reports it
        problem = attachment_problem(folder, name)
        path = folder / name
        size = path.stat().st_size if problem is None and path.is_file() else None
        out.append(Attachment(file=name, title=title, path=path, size=size, problem=problem))
    return out


def _unusable() -> SiteConfig:
    config = SiteConfig.from_data({})
    config.usable = False
    return config


def load_config(root: Path, problems: Problems) -> SiteConfig:
    """site.yml, validated before any use: a section that breaks its schema or
    a rule of :func:`~generator.config.rule_problems` is reported and ignored
    (its defaults apply), so one run still checks everything else."""
    from .schemas import invalid_sections, validate

    path = root / CONTENT / "site.yml"
    if is_link(path):
        problems.add(symlink_problem(path, root))
        return _unusable()
    if not path.is_file():
        problems.add(Problem(rel(path, root), None, "", "找不到网站配置文件 content/site.yml", "参照示例站点的 site.yml 新建一个。"))
        return _unusable()
    try:
        source = _cached(path, load_yaml_file)
    except SourceError as exc:
        problems.add(_source_problem(exc, root))
        return _unusable()
    where = rel(path, root)
    problems.extend(validate(source.data, "site", source, where))
    bad = invalid_sections(source.data, "site")
    if bad is None:
        return _unusable()
    for keys, message, hint in rule_problems(source.data):
        problems.add(Problem(where, source.line(*keys), ".".join(map(str, keys)), message, hint, rule="site.rule"))
        bad.add(str(keys[0]))
    config = SiteConfig.from_data({k: v for k, v in source.data.items() if k not in bad})
    config.lines = source.lines
    return config


_INDEX_LINE = re.compile(r"""^index_no\s*[:：]\s*["']?([^\s"'#]+)""", re.M)


def _number_in_text(path: Path) -> str | None:
    """The 索引号 line of a file whose YAML could not be parsed, read as plain text."""
    try:
        head = path.read_text(encoding="utf-8-sig", errors="replace")[:MAX_FRONT_MATTER_BYTES]
    except OSError:
        return None
    found = _INDEX_LINE.search(head)
    return found.group(1) if found else None


def _load_items(
    root: Path, columns: list[Column], problems: Problems, unreadable: dict[str, str], looks: MutableMapping[str, os.stat_result]
) -> list[Item]:
    items_root = root / CONTENT / ITEMS_DIR
    by_path = {c.path: c for top in columns for c in top.walk()}
    items: list[Item] = []
    # Resolve the folder once, not every file (rel() resolves symlinks: a stat per path component).
    items_rel = rel(items_root, root)
    skip = len(str(items_root)) + 1  # walk_markdown yields paths under items_root: cut strings
    for path in walk_markdown(items_root, root, problems) if items_root.is_dir() else []:
        inside = path[skip:].replace(os.sep, "/")
        rel_path = f"{items_rel}/{inside}"
        folder = inside.rpartition("/")[0] or "."  # as Path.relative_to gives it
        column = by_path.get(folder)
        try:
            source = read_markdown(path, looks.get(f"{ITEMS_DIR}/{inside}"), lazy_body=True)
        except SourceError as exc:
            problems.add(_source_problem(exc, root))
            if number := _number_in_text(Path(path)):
                unreadable[number] = rel_path
            continue
        meta = item_meta(source)
        if meta is None:
            meta = {}
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
        item = Item(path=path, rel=rel_path, column=column, **item_fields(source, meta, path))
        items.append(item)
        if column is not None:
            column.items.append(item)
    # Each item's key once, not once per sort it is in (its column's, the site's).
    order = {id(item): item.sort_key() for item in items}
    for column in by_path.values():
        column.items.sort(key=lambda item: order[id(item)])
    items.sort(key=lambda item: order[id(item)])
    return items


def folder_url(folder: str) -> str:
    return {RULES_DIR: "zhidu/"}.get(folder, f"{folder}/")


def _load_pages(root: Path, folder: str, problems: Problems) -> list[Page]:
    from .schemas import validate

    loaded: list[tuple[Page, Source]] = []
    base = root / CONTENT / folder
    for found in walk_markdown(base, root, problems) if base.is_dir() else []:
        path = Path(found)
        try:
            source = read_markdown(path)
        except SourceError as exc:
            problems.add(_source_problem(exc, root))
            continue
        meta = source.data if isinstance(source.data, dict) else {}
        problems.extend(validate(meta, "page", source, rel(path, root)))
        slug = meta.get("slug") if isinstance(meta.get("slug"), str) else slugify(path.stem)
        loaded.append((Page(source=path, rel=rel(path, root), slug=slug, meta=meta, body=source.body, body_line=source.body_line), source))
    pages = []
    # Two pages at one URL: the second would silently replace the first. The
    # one that chose the URL with an explicit slug is told; else the later file.
    for page, source in sorted(loaded, key=lambda pair: ("slug" in pair[0].meta, pair[0].rel)):
        other = next((p for p in pages if p.slug == page.slug), None)
        if other is not None:
            problems.add(
                Problem(
                    page.rel,
                    source.line("slug") if "slug" in page.meta else 1,
                    "网址标识(slug)",
                    f"网址 {folder_url(folder)}{page.slug}/ 与 {other.rel} 重复",
                    "给其中一个写不同的 slug（小写字母、数字和连字符）。",
                    rule="page.slug",
                )
            )
            continue
        pages.append(page)
    pages.sort(key=lambda p: (p.meta.get("order", 1000) if isinstance(p.meta.get("order"), int) else 1000, p.slug))
    return pages


def _load_guide(root: Path, problems: Problems) -> tuple[Guide | None, Source | None]:
    path = root / CONTENT / "guide.yml"
    if is_link(path):
        problems.add(symlink_problem(path, root))
        return None, None
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


def build_columns(specs: list[dict[str, Any]]) -> list[Column]:
    """The sub-columns of 法定主动公开内容 from site.yml's ``columns`` (or the default list)."""

    def make(spec: dict[str, Any], parent: Column | None) -> Column:
        column = Column(
            id=spec["id"],
            title=spec["title"],
            parent=parent,
            description=spec.get("description", ""),
            update_months=spec.get("update_months"),
        )
        column.children = [make(child, column) for child in spec.get("children", [])]
        return column

    return [make(spec, None) for spec in specs]


def load_site(
    root: Path, looks: MutableMapping[str, os.stat_result] | None = None
) -> tuple[Site, Problems, dict[str, Source]]:
    """Load everything under ``root/content``. Returns the site, the parse
    problems, and the raw sources that later checks need for line numbers.
    ``looks``: each content file's status as the build cache saw it, by its path under
    ``content/`` (:attr:`~generator.buildcache.BuildCache.looks`), taken instead of a
    second look at each file; emptied once read (not held to the build's end)."""
    problems = Problems()
    config = load_config(root, problems)
    columns = build_columns(config.column_specs)
    unreadable: dict[str, str] = {}
    items = _load_items(root, columns, problems, unreadable, {} if looks is None else looks)
    if looks is not None:
        looks.clear()
    guide, guide_source = _load_guide(root, problems)
    site = Site(
        root=root,
        config=config,
        columns=columns,
        items=items,
        guide=guide,
        rules=_load_pages(root, RULES_DIR, problems),
        unreadable=unreadable,
    )
    sources = {"guide": guide_source} if guide_source else {}
    return site, problems, sources
