"""One import: every saved page of a mirror read, the documents among them
written as items of one column, their 索引号 registered, the worklist updated.

Two passes: the first reads every page (fields, old addresses, the body as
HTML), so that the second, converting bodies, can link a page to another one
imported in the same run; the ledger is appended before any file is written
(a number is never in a file without being issued).
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from ..index_ledger import LedgerConflict
from ..index_numbers import Numbering, load_record
from ..loader import CONTENT, ITEMS_DIR, item_slug
from ..model import ITEM_URL_DIR, Column, Site, iso_date
from . import items, proposals, values
from .convert import convert
from .extract import read_page
from .mirror import MAX_FILE_BYTES, MAX_PAGE_BYTES, Mirror, SavedPage, decode
from .profiles import Profile, builtin_profiles, detect, load_profile
from .worklist import Row
from .worklist import write as write_worklist

BODY = "正文"  # the worklist's field for what conversion of the body changed or lost
# The metadata-block fields whose absence an editor should know about.
REPORTED = {
    "title": "标题", "published": "发布日期", "index_no": "索引号", "doc_no": "文号", "topic": "主题分类",
    "genre": "体裁分类", "issuer": "发文机关", "publisher": "发布机构", "written": "成文日期",
}  # fmt: skip
MISSING_HINTS = {
    "index_no": "旧网站没有索引号：确认后运行 xxgk assign 分配新号",
    "title": "必填：补上标题，否则网站无法生成",
    "published": "必填：补上发布日期（YYYY-MM-DD），否则网站无法生成",
    "publisher": "不填时页面显示本机关",
}


class ImportRefused(Exception):
    """Why nothing was imported (no such column, a broken ledger, a bad profile): already in Chinese."""


@dataclass
class Options:
    source: Path
    column: str
    profile: Path | None = None
    base_url: str | None = None
    under: str = ""
    dry_run: bool = False
    worklist: Path | None = None


@dataclass
class Document:
    saved: SavedPage
    profile: Profile
    data: bytes
    urls: list[str]  # old addresses, the page's own first
    meta: dict[str, Any]  # the values found (item keys)
    body: str  # the body's HTML, chrome removed
    source: str = ""  # 来源, only ever a suggestion
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (field, reason, suggestion)
    path: Path | None = None  # the item file
    old: items.Existing | None = None

    @property
    def stamp(self) -> str:
        return items.fingerprint(self.data, self.profile.key)


@dataclass
class Report:
    pages: int = 0  # saved pages looked at
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    registered: int = 0  # 索引号 newly written to the ledger
    files: int = 0  # attachments and images copied
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (page, why)
    found: Counter[str] = field(default_factory=Counter)  # field → documents it was found in
    worklist_rows: int = 0  # rows of this run
    worklist_total: int = 0
    legacy_forms: list[str] = field(default_factory=list)  # templates for index_no.legacy in site.yml
    documents: list[Document] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged


def _column(site: Site, wanted: str) -> Column:
    for column in site.leaf_columns():
        if wanted in (column.path, column.id, column.title):
            return column
    leaves = "、".join(c.path for c in site.leaf_columns()[:8])
    raise ImportRefused(f"没有子栏目“{wanted}”：--column 写子栏目的路径、代码或名称，例如 {leaves}")


def _profiles(options: Options, root: Path) -> tuple[Profile, ...]:
    if options.profile is None:
        return builtin_profiles()
    try:
        shown = options.profile.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = options.profile.as_posix()
    return (load_profile(options.profile, shown),)


def _read(saved: SavedPage, mirror: Mirror, profiles: tuple[Profile, ...], site: Site) -> Document | str:
    """The document a saved page holds, or why it is not one."""
    size = saved.path.stat().st_size
    if size > MAX_PAGE_BYTES:
        return f"文件超过 {MAX_PAGE_BYTES // (1024 * 1024)} MB，未读取"
    data = saved.path.read_bytes()
    text = decode(data)
    tree = LexborHTMLParser(text)
    profile = profiles[0] if len(profiles) == 1 and not profiles[0].detect else detect(tree, profiles)
    if profile is None:
        return "不是已知模板（开普 UCAP、TRS、大汉 Hanweb）的信息页面：需要时用 --profile 写导入规则"
    page = read_page(text, profile)
    if page.body is None:
        return f"按“{profile.name}”没有找到正文（{'、'.join(profile.body)}），不是信息页面"
    for css in profile.remove:
        for node in page.body.css(css):
            node.decompose()
    doc = Document(saved, profile, data, [], {}, page.body.inner_html or "")
    # Old addresses: what the page says it was (resolved against where it was saved), then where it was saved.
    stated = [urljoin(saved.url, text) for text, _ in page.candidates.get("url", [])]
    for url in [*stated, mirror.stated_url(data) or "", saved.url]:
        if url and items.old_path(url) and items.old_path(url) not in {items.old_path(u) for u in doc.urls}:
            doc.urls.append(url)
    _fields(doc, page, site)
    return doc


def _fields(doc: Document, page: Any, site: Site) -> None:
    texts = {name: [text for text, _ in found] for name, found in page.candidates.items()}
    meta = doc.meta

    def take(name: str, outcome: values.Outcome) -> None:
        if outcome.value not in (None, "", []):
            meta[name] = outcome.value
        if outcome.note and (outcome.value not in (None, "", []) or texts.get(name)):
            doc.notes.append((name, outcome.note, outcome.suggestion))

    take("title", values.title(page.candidates.get("title", []), page.doc_title))
    take("published", values.published(texts.get("published", [])))
    if "index_no" in texts:
        take("index_no", values.index_no(texts["index_no"][0]))
    if "written" in texts:
        take("written", values.date_only(texts["written"], "成文日期"))
    if "doc_no" in texts:
        take("doc_no", values.doc_no(texts["doc_no"][0]))
    if "issuer" in texts:
        meta["issuer"] = values.name(texts["issuer"][0])
    if "publisher" in texts:
        take("publisher", values.publisher(texts["publisher"][0], site.config))
    if "topic" in texts:
        take("topic", values.topic(texts["topic"][0]))
    if "genre" in texts:
        genre = values.name(texts["genre"][0])
        if genre in site.config.genres:
            meta["genre"] = genre
        else:
            doc.notes.append(("genre", f"旧网站的体裁分类“{genre}”不在体裁分类中", "从编辑指南的体裁分类中选一个，或在 site.yml 的 extra_genres 中增加"))
    if "keywords" in texts and (words := values.keywords(texts["keywords"][0])):
        meta["keywords"] = words
    if "validity" in texts:
        take("validity", values.validity(texts["validity"][0]))
    for name, what in (("effective", "施行日期"), ("expires", "废止日期")):
        if name in texts:
            take(name, values.date_only(texts[name], what))
    doc.source = values.name(texts["source"][0]) if "source" in texts else ""


def _missing(doc: Document) -> None:
    """A worklist line for each metadata field neither the page nor an editor gave, with what may help."""
    title = str(doc.meta.get("title", ""))
    filled = doc.old.meta if doc.old else {}
    for name, label in REPORTED.items():
        if name in doc.meta or filled.get(name) or any(n == name for n, _, _ in doc.notes):
            continue
        suggestion = MISSING_HINTS.get(name, "")
        if name == "genre" and (guess := proposals.genre(title, str(doc.meta.get("doc_no", "")))):
            suggestion = f"按标题可填：{guess}"
        elif name == "topic":
            classes = proposals.topic_classes(title)
            suggestion = ("按标题可选：" + "、".join(classes)) if classes else "从编辑指南的主题分类表中选一个"
        elif name == "publisher" and doc.source:
            suggestion = f"页面写有“来源：{doc.source}”；{suggestion}"
        elif name == "published" and (day := values.url_date(doc.urls[0])):
            suggestion += f"；旧网址中的日期是 {day}，可作参考"
        doc.notes.append((name, f"页面上没有找到{label}", suggestion))


def _relations(doc: Document, known: list[proposals.Known]) -> None:
    for key, name, matches in proposals.relations(str(doc.meta.get("title", "")), known):
        word = "废止" if key == "repeals" else "修改"
        if matches:
            numbers = [m.index_no for m in matches if m.index_no]
            shown = "、".join(f"《{m.title}》（{m.index_no or m.file}）" for m in matches[:3])
            suggestion = (f"确认后写 {key}: [{', '.join(numbers)}]" if numbers else f"这些文件还没有索引号，分配后写进 {key}") + f"：{shown}"
        elif name:
            suggestion = f"本站还没有《{name}》：导入或发布它之后，把它的索引号写进 {key}"
        else:
            suggestion = f"把正文列出的被{word}文件的索引号逐个写进 {key}"
        doc.notes.append((key, f"标题表明本文件{word}其他文件", suggestion))


def _legacy_form(number: str, code: str) -> str:
    """A template for ``index_no.legacy`` read off one number: year and serial made placeholders."""
    m = re.fullmatch(r"(.*?)((?:19|20)\d{2})(\D+?)(\d+)", number)
    if not m:
        return ""
    prefix = m.group(1).replace("{", "{{").replace("}", "}}")
    if code and prefix.startswith(code):
        prefix = "{code}" + prefix[len(code) :]
    return f"{prefix}{{year}}{m.group(3)}{{serial:0{len(m.group(4))}d}}"


def import_mirror(root: Path, site: Site, options: Options) -> Report:
    """Run one import into the loaded ``site``; raises :class:`ImportRefused` (or
    :class:`~generator.importer.profiles.ProfileError`) before changing anything."""
    if not options.source.is_dir():
        raise ImportRefused(f"找不到保存旧网站页面的文件夹 {options.source}")
    column = _column(site, options.column)
    profiles = _profiles(options, root)
    mirror = Mirror(options.source, options.base_url)
    report = Report()
    items_root = root / CONTENT / ITEMS_DIR
    folder = items_root / column.path
    known_items = items.existing(items_root, root)
    taken = {p.stem for p in folder.glob("*.md")} if folder.is_dir() else set()

    # Pass 1: every page read.
    docs: list[Document] = []
    for saved in mirror.pages(options.under):
        report.pages += 1
        found = _read(saved, mirror, profiles, site)
        if isinstance(found, str):
            report.skipped.append((saved.rel, found))
            continue
        docs.append(found)
        for key in (items.old_path(u) for u in found.urls):
            if key in known_items:
                found.old = known_items[key]
                found.path = found.old.path
                break
        if found.path is None:
            stem = items.file_stem(found.urls[0], taken)
            taken.add(stem)
            found.path = folder / f"{stem}.md"
        report.found.update(found.meta.keys())
    # A legacy number seen twice in one run belongs to the first page only.
    first_page: dict[str, Document] = {}
    for doc in docs:
        number = doc.meta.get("index_no")
        if number and first_page.setdefault(str(number), doc) is not doc:
            doc.notes.append(("index_no", f"索引号 {number} 也印在 {first_page[str(number)].saved.rel} 上", "核对两个页面：同一份文件只导入一次，不同文件要有不同的索引号"))
            del doc.meta["index_no"]

    # 索引号: the file's own number wins (never renumbered); every number is registered.
    record = load_record(root)
    issuer = Numbering(site.config.index_no, record, site.items).issuer()
    rule = site.config.index_no
    forms: dict[str, None] = {}
    for doc in docs:
        assert doc.path is not None
        rel = doc.path.relative_to(root).as_posix()
        kept = doc.old.meta.get("index_no") if doc.old else None
        number = str(kept or doc.meta.get("index_no") or "")
        if kept and doc.meta.get("index_no") and doc.meta["index_no"] != kept:
            doc.notes.append(("index_no", f"旧页面现在印的索引号是 {doc.meta['index_no']}，文件中已登记的 {kept} 保持不变", "索引号一经发布不得更改"))
        if not number:
            continue
        published = iso_date(str(doc.meta.get("published", "")))
        before = len(issuer.pending)
        try:
            issuer.register(number, rel, str(doc.meta.get("title", "")), published.isoformat() if published else "")
        except LedgerConflict as conflict:
            doc.meta.pop("index_no", None)
            doc.notes.append(("index_no", f"旧索引号 {number} 已登记给另一份文件{conflict.entry.describe()}，没有写入", "核对两份文件：是同一份的，删掉重复的一份；不是的，这份运行 xxgk assign 分配新号"))
            continue
        report.registered += len(issuer.pending) - before
        doc.meta["index_no"] = number
        if not rule.accepts(number, column.path):
            forms.setdefault(_legacy_form(number, rule.code) or number)
    report.legacy_forms = [f for f in forms if f]

    # Pass 2: bodies, files, suggestions; then the ledger, then the files.
    by_path = {items.old_path(u): doc for doc in docs for u in doc.urls}
    for key, entry in known_items.items():
        by_path.setdefault(key, entry)  # type: ignore[arg-type]

    def slug_of(target: Document | items.Existing) -> str:
        assert target.path is not None
        return item_slug(target.meta, target.path)

    def known_as(meta: dict[str, Any], path: Path) -> proposals.Known:
        return proposals.Known(str(meta.get("title", "")), str(meta.get("index_no", "")), path.relative_to(root).as_posix())

    known = [known_as(d.meta, d.path) for d in docs if d.path is not None] + [known_as(i.meta, i.source) for i in site.items]
    outputs: list[tuple[Document, str, list]] = []
    rows: list[Row] = []
    unchanged: set[str] = set()
    for doc in docs:
        assert doc.path is not None
        stem = doc.path.stem
        here = f"{ITEM_URL_DIR}/{slug_of(doc)}/"

        def item_link(url: str, here: str = here) -> str | None:
            target = by_path.get(items.old_path(url)) if url else None
            if target is None:
                return None
            there = f"{ITEM_URL_DIR}/{slug_of(target)}/"
            return "./" if there == here else f"../{there.split('/', 1)[1]}"

        rel = doc.path.relative_to(root).as_posix()
        meta = dict(doc.meta)
        meta["legacy_url"] = doc.urls[0] if len(doc.urls) == 1 else list(doc.urls)
        if doc.old is not None and doc.old.stamp == doc.stamp:
            unchanged.add(rel)  # the file stays as it is: no body to convert, its body rows stay in the worklist
        else:
            converted = convert(doc.body, doc.saved.url, mirror, stem, item_link)
            doc.notes.extend((BODY, reason, suggestion) for reason, suggestion in converted.notes)
            attachments = [{"file": f.name, "title": f.title} if f.title and f.title != f.name.split("/")[-1] else f.name for f in converted.files]
            if attachments:
                meta["attachments"] = attachments
            outputs.append((doc, converted.markdown, [(f.source, doc.path.parent / f.name) for f in converted.files]))
        _missing(doc)
        _relations(doc, known)
        doc.meta = items.merge(meta, doc.old.meta if doc.old else None)
        rows.extend(Row(rel, REPORTED.get(name, name), reason, suggestion) for name, reason, suggestion in doc.notes)
    for saved_rel, why in report.skipped:
        rows.append(Row(f"{options.source.name}/{saved_rel}", "页面", why, ""))
    report.worklist_rows = len(rows)
    report.documents = docs
    report.unchanged = len(unchanged)
    if options.dry_run:
        report.created = sum(1 for d in docs if d.old is None)
        report.updated = len(docs) - report.created - report.unchanged
        return report

    issuer.save()
    for doc, body, files in outputs:
        assert doc.path is not None
        doc.path.parent.mkdir(parents=True, exist_ok=True)
        doc.path.write_text(items.render(doc.meta, body, doc.urls[0], doc.stamp), encoding="utf-8")
        for source, target in files:
            if source.stat().st_size > MAX_FILE_BYTES:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.stat().st_size != source.stat().st_size or target.read_bytes() != source.read_bytes():
                shutil.copyfile(source, target, follow_symlinks=False)
                report.files += 1
        if doc.old is None:
            report.created += 1
        else:
            report.updated += 1
    worklist = options.worklist or root / "import-worklist.csv"
    imported = {d.path.relative_to(root).as_posix() for d in docs if d.path is not None}
    # A page seen this run replaces its rows, whether it was skipped before and is a document now or the reverse.
    imported |= {f"{options.source.name}/{rel}" for rel in [*(d.saved.rel for d in docs), *(rel for rel, _ in report.skipped)]}
    report.worklist_total = write_worklist(worklist, rows, imported, keep={(f, BODY) for f in unchanged})
    return report


