"""A Word document (.docx) as an item: its body in Markdown, its pictures as
files, and the title, 文号 and 成文日期 the document states (``xxgk new --from``).

mammoth reads the document into clean HTML (headings from Word's heading
styles, lists, tables, pictures) and markdownify writes that as Markdown;
tables stay HTML, which item bodies accept (merged cells survive). What a 公文
states in its head is read from its first paragraphs the way it is laid out:
an optional 版头 (…文件), the title over one to four short lines ending with
its genre (…的通知), the 文号 (国发〔2019〕5号) before or after it, then the
主送机关 line ending with a colon; the title's words before 关于 name the 发文机关. The signing date (2020年7月7日) alone on a
line is the 成文日期. The head lines that become front matter leave the body.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mammoth
from bs4 import BeautifulSoup, Tag
from markdownify import MarkdownConverter

from .checks.items import doc_no_fix
from .dates import guess_date

# Chinese Word and WPS name the built-in styles in Chinese in some documents.
STYLE_MAP = "\n".join(
    [f"p[style-name='标题 {n}'] => h{n}:fresh" for n in range(1, 7)]
    + ["p[style-name='Title'] => h1:fresh", "p[style-name='标题'] => h1:fresh"]
)
# How 公文 titles end (the genres of 党政机关公文处理工作条例, and what agencies issue with them).
TITLE_ENDINGS = (
    "通知", "通报", "意见", "决定", "决议", "命令", "令", "公告", "通告", "公报", "报告", "请示", "批复", "议案",
    "函", "纪要", "办法", "规定", "细则", "方案", "规划", "计划", "要点", "条例", "规则", "指南", "解读", "答记者问",
)
DOC_NO = re.compile(r"^\S{1,20}[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*\d{1,5}\s*号$")
SECTION = re.compile(r"^[一二三四五六七八九十]{1,3}、\S")  # 一、总体要求: a 公文's first-level heading
MAX_TITLE_LINE = 40
HEAD_PARAGRAPHS = 10


class WordError(Exception):
    """A file that is not a Word document xxgk can read (message in Chinese)."""


@dataclass
class Converted:
    values: dict[str, Any] = field(default_factory=dict)  # title, issuer, doc_no, written (as the document states them)
    body: str = ""
    pictures: list[tuple[str, bytes, str]] = field(default_factory=list)  # (file name, bytes, title)


class _Markdown(MarkdownConverter):
    """Markdown for mammoth's HTML; tables are kept as HTML (merged cells, paragraphs in cells)."""

    def convert_table(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        for cell_paragraph in el.find_all("p"):
            cell_paragraph.unwrap()
        return "\n\n" + str(el) + "\n\n"


def _text(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split()).strip()


def _read(path: Path, stem: str) -> tuple[BeautifulSoup, list[tuple[str, bytes, str]]]:
    pictures: list[tuple[str, bytes, str]] = []

    def picture(image: Any) -> dict[str, str]:
        extension = {"image/jpeg": "jpg", "image/gif": "gif", "image/svg+xml": "svg"}.get(image.content_type, "png")
        name = f"{stem}-{len(pictures) + 1}.{extension}"
        with image.open() as data:
            title = (image.alt_text or "").strip() or f"图{len(pictures) + 1}"
            pictures.append((name, data.read(), title))
        return {"src": name, "alt": title}

    try:
        with path.open("rb") as handle:
            result = mammoth.convert_to_html(
                handle, style_map=STYLE_MAP, convert_image=mammoth.images.img_element(picture)
            )
    except (zipfile.BadZipFile, KeyError, ValueError):  # not a zip; a zip but no Word body (.xlsx …)
        raise WordError(
            f"{path.name} 不是可以读取的 Word 文档（.docx）。旧的 .doc 文件请先用 Word 或 WPS“另存为”.docx 格式。"
        ) from None
    return BeautifulSoup(result.value, "html.parser"), pictures


def _head(blocks: list[Tag]) -> tuple[dict[str, Any], list[Tag]]:
    """What the 公文's head states, and the head lines that leave the body."""
    values: dict[str, Any] = {}
    used: list[Tag] = []
    title: list[Tag] = []
    for block in blocks[:HEAD_PARAGRAPHS]:
        text = _text(block)
        if not text:
            continue
        if DOC_NO.match(text) and "doc_no" not in values:
            values["doc_no"] = doc_no_fix(text) or text
            used.append(block)
            continue
        if "title" in values and text.endswith(("：", ":")):
            break  # the 主送机关: the text begins
        if "title" in values or block.find("img"):
            continue
        if not title and text.endswith("文件") and len(text) <= 30:
            used.append(block)  # the 版头 (…文件)
            continue
        if len(text) > MAX_TITLE_LINE or "。" in text or text.endswith(("：", ":")) or len(title) == 4:
            break
        title.append(block)
        joined = "".join(_text(t) for t in title)
        if joined.endswith(TITLE_ENDINGS):
            values["title"] = joined
            used.extend(title)
            issuer = joined.split("关于")[0]
            if issuer and issuer != joined and len(issuer) <= MAX_TITLE_LINE:
                values["issuer"] = "、".join(issuer.split())  # 联合发文: the agencies, as 发文机关 lists them
    if "title" not in values and blocks and blocks[0].name in ("h1", "h2") and _text(blocks[0]):
        values["title"] = _text(blocks[0])  # a document with a Word title heading and no 公文 head
        used.append(blocks[0])
    return values, used


def _headings(blocks: list[Tag]) -> None:
    """Headings under the page's own title: Word's start at ## ; without any, a
    公文's short "一、…" lines are its first-level headings."""
    levels = sorted({int(b.name[1]) for b in blocks if re.fullmatch(r"h[1-6]", b.name or "")})
    if levels:
        shift = 2 - levels[0]
        for block in blocks:
            if re.fullmatch(r"h[1-6]", block.name or ""):
                block.name = f"h{min(6, int(block.name[1]) + shift)}"
        return
    for block in blocks:
        text = _text(block)
        if block.name == "p" and SECTION.match(text) and len(text) <= MAX_TITLE_LINE and not text.endswith("。"):
            block.name = "h2"


def convert(path: Path, stem: str) -> Converted:
    """The document at ``path``; its pictures are named ``<stem>-1.png`` …"""
    soup, pictures = _read(path, stem)
    blocks = [b for b in soup.children if isinstance(b, Tag)]
    values, used = _head(blocks)
    for block in used:
        block.decompose()
    blocks = [b for b in blocks if b not in used]
    for block in blocks:
        if block.name == "p" and (meant := guess_date(_text(block))):
            values["written"] = meant  # the signing date, alone on its line
            break
    _headings(blocks)
    markdown = _Markdown(heading_style="ATX", bullets="-", escape_misc=False).convert_soup(soup)
    body = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
    return Converted(values=values, body=body, pictures=pictures)
