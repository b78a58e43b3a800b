"""Mirrors of legacy pages for ``xxgk import`` tests.

The real pages (``tests/fixtures/real/legacy/``) are imported as they are. For
behaviours no real page shows (a table with merged cells, a ``javascript:``
link, a repealing decision, two batches), pages are made from one real gov.cn
page (开普 UCAP template) with its metadata cells and body replaced, so the
markup around them is what the old CMS served.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

from content_kit import TODAY, mini_project

from generator import caches, cli
from generator.sources import load_markdown

REAL = Path(__file__).resolve().parent / "fixtures" / "real" / "legacy"
GOV_CN = REAL / "kaipu-ucap" / "gov-cn-zhengce"
TEMPLATE = GOV_CN / "www.gov.cn/zhengce/content/2018-12/29/content_5353307.htm"
HOST = "www.gov.cn"
ORG = "CSJ000001"  # the mini project's agency


def ucap_page(
    title: str,
    number: str = "",
    published: str = "2024年03月01日",
    doc_no: str = "",
    body: str = "<p>正文。</p>",
    **cells: str,
) -> str:
    """The real UCAP page with these metadata values and body (a cell left empty is empty on the page)."""
    text = TEMPLATE.read_text(encoding="utf-8")
    values = {
        "000014349/2018-00222": number,
        "卫生、体育\\医药管理": cells.get("topic", ""),
        "<td>国务院</td>": f"<td>{cells.get('issuer', '')}</td>",
        "2018年12月21日": cells.get("written", ""),
        "国发〔2018〕43号</td>": f"{doc_no}</td>",
        "2018年12月29日": published,
    }
    for old, new in values.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    meta_title = re.search(r'<td colspan="3">([^<]*)</td>', text)
    assert meta_title
    text = text[: meta_title.start(1)] + title + text[meta_title.end(1) :]
    start = text.index('id="UCAP-CONTENT">') + len('id="UCAP-CONTENT">')
    end = text.index("</td>", start)
    return text[:start] + body + text[end:]


def write_mirror(where: Path, pages: dict[str, str], files: dict[str, bytes] | None = None) -> Path:
    """A wget-style mirror: ``pages`` and ``files`` by path under ``www.gov.cn/``."""
    for rel, text in pages.items():
        path = where / HOST / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for rel, data in (files or {}).items():
        path = where / HOST / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return where


def project(where: Path, legacy_forms: tuple[str, ...] = (), extra: str = "") -> Path:
    """The mini project (测试县测试局, CSJ000001) ready to import into, with ``index_no.legacy`` forms."""
    root = mini_project(where)
    site = root / "content" / "site.yml"
    text = site.read_text(encoding="utf-8")
    if legacy_forms:
        forms = "".join(f'    - template: "{form}"\n' for form in legacy_forms)
        text += f"\nindex_no:\n  legacy:\n{forms}"
    site.write_text(text + extra, encoding="utf-8")
    return root


def xxgk(root: Path, *args: str) -> tuple[int, str, str]:
    """``xxgk -C root …`` in this process (as the command line runs it): status, stdout, stderr."""
    caches.reset()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["-C", str(root), *args])
    return status, out.getvalue(), err.getvalue()


def import_(root: Path, mirror: Path, *args: str, column: str = "zcwj/qtwj") -> tuple[int, str, str]:
    return xxgk(root, "import", str(mirror), "--column", column, *args)


def item(root: Path, rel: str) -> tuple[dict, str]:
    """An item file's front matter and body."""
    source = load_markdown(root / rel)
    return source.data, source.body


def items_by_url(root: Path) -> dict[str, tuple[Path, dict, str]]:
    """Every item that records an old address, by its (first) legacy_url."""
    out = {}
    for path in sorted((root / "content" / "items").rglob("*.md")):
        source = load_markdown(path)
        url = source.data.get("legacy_url") if isinstance(source.data, dict) else None
        if url:
            out[url[0] if isinstance(url, list) else url] = (path, source.data, source.body)
    return out


def worklist(root: Path) -> list[list[str]]:
    import csv

    text = (root / "import-worklist.csv").read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


__all__ = ["TODAY"]
