"""What the saved page of a published annual report holds: its title, date,
tables and text sections (lxml for the HTML, markdownify for the prose).

A saved page is the whole legacy page (menus, footer, TRS/Hanweb/… chrome)
or just its content fragment. The report's tables are the innermost
``<table>`` elements whose cells read as table 二, 三 or 四 (layout tables
around them are ignored); the report's body is the smallest element holding
them and the section headings 一、…六、; the text between those headings
becomes Markdown (Word's inline styles and empty spans dropped by the
conversion).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree
from markdownify import markdownify

from .formats import OVERVIEW_PARTS_2021
from .labels import clean, norm
from .reading import classify

# Section headings: the numeral, then a word of the official title (reports retitle them).
SECTIONS = (
    ("overview", "一", ("总体情况", "概述", "总体")),
    ("active", "二", ("主动公开",)),
    ("requests", "三", ("申请",)),
    ("appeals", "四", ("复议", "诉讼")),
    ("problems", "五", ("问题", "改进")),
    ("other", "六", ("其他", "其它")),
)
PART_WORDS = {"active": ("主动公开",), "requests": ("依申请",), "management": ("管理",), "platform": ("平台",), "oversight": ("监督", "保障")}
BLOCK_TAGS = {"p", "div", "section", "article", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd", "dt", "td", "th", "center"}
DROPPED_TAGS = ("script", "style", "noscript", "iframe", "template", "form", "button", "select", "svg", "object", "embed")
# Page furniture inside the article: dropped where it stands alone in a short block.
CHROME = ("打印", "关闭", "分享", "收藏", "返回顶部", "字号", "扫一扫", "浏览次数", "访问次数", "【", "相关链接", "上一篇", "下一篇")
_DATE = re.compile(r"(?:发布日期|发布时间|发文日期|日期)\s*[:：]?\s*(\d{4})\s*[-年/.．]\s*(\d{1,2})\s*[-月/.．]\s*(\d{1,2})")
_YEAR = re.compile(r"(20\d{2}|19\d{2})\s*年(?:度)?")
_HEADING = re.compile(r"^\s*([一二三四五六])\s*[、.．,，]")
_PART = re.compile(r"^\s*[（(]\s*([一二三四五])\s*[）)]")


@dataclass
class Printed:
    """A published report page, read."""

    title: str = ""
    year: int | None = None
    published: str = ""  # YYYY-MM-DD as printed under the title, "" if none
    tables: list[list[str]] = field(default_factory=list)  # cell texts of each report table, in order
    texts: dict[str, str | dict[str, str]] = field(default_factory=dict)  # Markdown by section key
    notes: list[str] = field(default_factory=list)


def decode(data: bytes) -> str:
    """Saved pages come in UTF-8 or in GBK/GB2312 (GB18030 reads both)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _markdown(element: etree._Element) -> str:
    html = lxml.html.tostring(element, encoding="unicode", with_tail=False)
    text = markdownify(html, heading_style="ATX", strip=["a", "img"], escape_misc=False, bullets="-")
    return "\n".join(line.rstrip() for line in text.strip().splitlines()).strip()


def _section_of(text: str) -> str | None:
    if len(text) > 40:
        return None
    match = _HEADING.match(text)
    if not match:
        return None
    for key, numeral, words in SECTIONS:
        if match.group(1) == numeral and any(w in norm(text) for w in words):
            return key
    return None


def _blocks(container: etree._Element, tables: set[etree._Element]) -> list[etree._Element]:
    """The innermost block elements of the body in document order; a report
    table is one block (not descended into)."""
    out: list[etree._Element] = []

    def walk(element: etree._Element) -> None:
        if element in tables:
            out.append(element)
            return
        children = [c for c in element if isinstance(c.tag, str)]
        has_blocks = any(c.tag in BLOCK_TAGS or c.tag == "table" or c.tag in ("ul", "ol", "dl", "tr", "tbody", "thead") for c in children)
        if element.tag in BLOCK_TAGS and not has_blocks:
            out.append(element)
            return
        for child in children:
            walk(child)

    walk(container)
    return out


def _common_ancestor(elements: list[etree._Element]) -> etree._Element:
    chains = [list(e.iterancestors())[::-1] + [e] for e in elements]
    common = chains[0][0]
    for level in zip(*chains, strict=False):
        if all(x is level[0] for x in level):
            common = level[0]
        else:
            break
    return common


def read_page(data: bytes | str) -> Printed:
    """Read one saved report page."""
    text = decode(data) if isinstance(data, bytes) else data
    doc = lxml.html.document_fromstring(text)
    for element in doc.iter(*DROPPED_TAGS):
        element.drop_tree()
    for comment in doc.xpath("//comment()"):
        comment.drop_tree()
    printed = Printed()
    report_tables = []
    for table in doc.iter("table"):
        if table.xpath(".//table"):
            continue  # a layout table around others
        cells = [cell.text_content() for cell in table.iter("td", "th")]
        if classify(cells):
            report_tables.append(table)
            printed.tables.append(cells)
    body = doc.find("body") if doc.find("body") is not None else doc
    container = _common_ancestor(report_tables) if report_tables else body
    if container.tag == "table":
        container = container.getparent() if container.getparent() is not None else body
    blocks = _blocks(container, set(report_tables))
    # Widen to the element that also holds 一、 and 六、 (the body of the article).
    while container is not body and container.getparent() is not None:
        found = {_section_of(clean(b.text_content())) for b in blocks if b not in report_tables}
        if "overview" in found and "other" in found:
            break
        container = container.getparent()
        blocks = _blocks(container, set(report_tables))
    _read_head(doc, blocks, report_tables, printed)
    _read_sections(blocks, set(report_tables), printed)
    return printed


def _read_head(doc: etree._Element, blocks: list[etree._Element], tables: list[etree._Element], printed: Printed) -> None:
    title = ""
    head_texts: list[str] = []
    for block in blocks:
        if block in tables:
            break
        text = clean(block.text_content())
        if _section_of(text) == "overview":
            break
        head_texts.append(text)
        if not title and "报告" in text and len(text) <= 80:
            title = text
    if not title:
        page_title = doc.findtext(".//title") or ""
        parts = [clean(p) for p in re.split(r"[_|｜\-—]+", page_title)]
        title = next((p for p in parts if "报告" in p), "")
    printed.title = title
    match = _YEAR.search(title)
    if match:
        printed.year = int(match.group(1))
    for text in head_texts + [clean(doc.text_content())[:3000]]:
        date = _DATE.search(text)
        if date:
            printed.published = f"{int(date.group(1)):04d}-{int(date.group(2)):02d}-{int(date.group(3)):02d}"
            break


def _is_chrome(text: str, title: str) -> bool:
    if text == title or (title and text.replace(" ", "") == title.replace(" ", "")):
        return True
    return len(text) <= 40 and (any(word in text for word in CHROME) or bool(_DATE.search(text)) or text.startswith("来源"))


def _read_sections(blocks: list[etree._Element], tables: set[etree._Element], printed: Printed) -> None:
    parts: dict[str, list[etree._Element]] = {key: [] for key in ("intro", *(k for k, _, _ in SECTIONS))}
    current = "intro"
    order = [k for k, _, _ in SECTIONS]
    for block in blocks:
        if block in tables:
            continue
        text = clean(block.text_content())
        if not text:
            continue
        section = _section_of(text)
        if section and (current == "intro" or order.index(section) > order.index(current)):
            current = section
            continue
        if current == "intro" and _is_chrome(text, printed.title):
            continue
        parts[current].append(block)
    while parts["other"] and _is_chrome(clean(parts["other"][-1].text_content()), printed.title):
        parts["other"].pop()
    for key in ("active", "requests", "appeals"):
        if parts[key]:
            lost = "；".join(clean(b.text_content())[:60] for b in parts[key])
            printed.notes.append(f"{dict((k, n) for k, n, _ in SECTIONS)[key]}、部分的表格外文字没有导入（官方格式中这一部分只有表格）：{lost}")
    for key in ("intro", "problems", "other"):
        if parts[key]:
            printed.texts[key] = "\n\n".join(_markdown(b) for b in parts[key])
    if parts["overview"]:
        printed.texts["overview"] = _overview(parts["overview"])
    missing = [f"{n}、" for k, n, _ in SECTIONS if k in ("overview", "problems", "other") and not parts[k]]
    if missing:
        printed.notes.append("没有找到这些部分的文字：" + "、".join(missing))


def _overview(blocks: list[etree._Element]) -> str | dict[str, str]:
    """一、总体情况: split into the 2021 format's five parts when it is printed
    that way (every part heading, in order, and nothing before the first);
    else one text, as printed. The caller keeps the dict only for 2021."""
    keys = [key for key, _ in OVERVIEW_PARTS_2021]
    starts: dict[str, int] = {}
    for i, block in enumerate(blocks):
        text = clean(block.text_content())
        match = _PART.match(text)
        if not match:
            continue
        key = keys["一二三四五".index(match.group(1))]
        if key not in starts and any(w in norm(text[:30]) for w in PART_WORDS[key]):
            starts[key] = i
    whole = "\n\n".join(_markdown(b) for b in blocks)
    positions = [starts.get(k) for k in keys]
    if None in positions or positions != sorted(positions) or positions[0] != 0:  # type: ignore[type-var]
        return whole
    out: dict[str, str] = {}
    bounds = positions + [len(blocks)]  # type: ignore[operator]
    for key, start, end in zip(keys, bounds, bounds[1:], strict=False):
        chunk = blocks[start:end]
        heading_only = len(clean(chunk[0].text_content())) <= 20
        body = chunk[1:] if heading_only and len(chunk) > 1 else chunk
        out[key] = "\n\n".join(_markdown(b) for b in body)
    return out
