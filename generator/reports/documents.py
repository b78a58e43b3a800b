"""Annual reports without a national format: documents of the 年度报告 part.

Reports before 2019 (before 国办公开办函〔2019〕60号) and reports of other
bodies the column publishes (a department's, a town's) have no official
tables to check: they are documents, each a Markdown file with front matter,
usually with the published PDF or Word file as an attachment:

    content/reports/2018.md                    the agency's report for 2018
    content/reports/2018-nongjiban/index.md    another body's report for 2018,
    content/reports/2018-nongjiban/2018年报.pdf  with its attachment beside it

The file name starts with the year; a suffix (``-nongjiban``) names a second
report of the same year. They are listed with the structured years on the
index, in the navigation and the site map, and searched like every report.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Problem, Problems, rel
from ..files import is_link, symlink_problem
from ..loader import read_attachments
from ..model import Attachment, Key, Site, iso_date
from ..sources import Source, SourceError, load_markdown

DOCUMENT_NAME = re.compile(r"^(\d{4})(?:-([a-z0-9][a-z0-9-]*))?$")
SCHEMA = "report-document"
DOCUMENTS: Key[list[DocumentReport]] = Key("report-documents")


@dataclass
class DocumentReport:
    source_path: Path  # the .md file
    rel: str
    source: Source
    year: int
    suffix: str  # "" or e.g. "nongjiban"
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def meta(self) -> dict[str, Any]:
        return self.source.data if isinstance(self.source.data, dict) else {}

    @property
    def title(self) -> str:
        value = self.meta.get("title")
        return value.strip() if isinstance(value, str) and value.strip() else f"{self.year}年度报告"

    @property
    def body(self) -> str:
        return self.source.body or ""

    @property
    def body_line(self) -> int:
        return self.source.body_line or 1

    @property
    def slug(self) -> str:
        return f"{self.year}-{self.suffix}" if self.suffix else str(self.year)

    @property
    def url(self) -> str:
        return f"ndbg/{self.slug}/"

    @property
    def nav_title(self) -> str:
        custom = self.meta.get("nav_title")
        if isinstance(custom, str) and custom.strip():
            return custom.strip()
        return f"{self.year}年度报告" if not self.suffix else self.title

    @property
    def published(self) -> dt.date | None:
        return iso_date(str(self.meta.get("published")))

    def line(self, *keys: Any) -> int:
        return self.source.line(*keys) or 1


def documents_of(site: Site) -> list[DocumentReport]:
    return site.get(DOCUMENTS, [])


def is_document(path: Path) -> bool:
    """``2018.md`` or a folder ``2018-nongjiban/`` holding ``index.md``."""
    name = path.stem if path.is_file() else path.name
    if not DOCUMENT_NAME.match(name):
        return False
    return (path.is_file() and path.suffix == ".md") or (path.is_dir() and (path / "index.md").is_file())


def load_document(path: Path, root: Path, problems: Problems) -> DocumentReport | None:
    """One document report (``path``: the .md file or the folder)."""
    name = path.stem if path.is_file() else path.name
    match = DOCUMENT_NAME.match(name)
    assert match
    md = path if path.is_file() else path / "index.md"
    if is_link(md):
        problems.add(symlink_problem(md, root))
        return None
    try:
        source = load_markdown(md)
    except SourceError as exc:
        problems.add(Problem(rel(exc.path, root), exc.line, "", exc.message, exc.hint, rule="source.syntax"))
        return None
    doc = DocumentReport(md, rel(md, root), source, int(match.group(1)), match.group(2) or "")
    doc.attachments = read_attachments(doc.meta, md.parent)
    return doc


def load_documents(folder: Path, root: Path, problems: Problems, structured: set[int]) -> list[DocumentReport]:
    """Every document report in ``folder``, newest year first within the list
    order oldest first (like the structured ones). ``structured``: the years
    that have a ``<year>.yml`` (a ``<year>.md`` beside it is a duplicate)."""
    out: list[DocumentReport] = []
    slugs: dict[str, str] = {}
    if not folder.is_dir():
        return out
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not is_document(path):
            continue
        if is_link(path):
            problems.add(symlink_problem(path, root))
            continue
        doc = load_document(path, root, problems)
        if doc is None:
            continue
        if doc.slug in slugs or (not doc.suffix and doc.year in structured):
            other = slugs.get(doc.slug) or f"content/reports/{doc.year}.yml"
            problems.add(
                Problem(
                    doc.rel,
                    1,
                    "",
                    f"{doc.year} 年度已有报告 {other}，这个文件的网址与它重复",
                    f"同一年度的第二份报告（如部门、下属单位的报告）在文件名的年份后加后缀，例如 {doc.year}-bumen.md。",
                    rule="report.duplicate",
                )
            )
            continue
        slugs[doc.slug] = doc.rel
        out.append(doc)
    out.sort(key=lambda d: (d.year, d.suffix))
    return out
