"""A legacy body made a clean Markdown body, with the files it uses.

The body element is cleaned in place with selectolax (fast, in C): scripts,
forms and comments go, and so does Word and CMS styling — every element but
the document ones (paragraphs, headings, lists, tables, links, images,
emphasis …) is unwrapped to its content (``<font>``, ``<span>``, ``<o:p>``)
and every attribute but a link's address, an image's source and text and a
cell's span is dropped (``style``, ``class``, ``align``). Links and images are
resolved against the page's old address: a file saved in the mirror is copied
next to the item and linked relatively, a page imported as an item links to
that item, ``javascript:`` links lose their address and keep their text; every
change that loses something gets a worklist note. Then markdownify writes the
Markdown: blocks written as ``<div>`` are paragraphs, empty paragraphs vanish,
and a table with merged cells, or with paragraphs or lists in its cells, stays
an HTML table (Markdown tables have no spans).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from markdownify import MarkdownConverter
from selectolax.lexbor import LexborHTMLParser, LexborNode

from .mirror import Mirror

DROP = ("script", "style", "noscript", "iframe", "frame", "object", "embed", "applet", "form", "input", "button",
        "select", "textarea", "canvas", "svg", "math", "link", "meta", "template", "video", "audio", "title")  # fmt: skip
KEEP = {"p", "div", "br", "a", "img", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "ul", "ol",
        "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "sub", "sup",
        "blockquote", "pre", "code", "hr", "figure", "figcaption"}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
HTML_MARK = "data-xxgk-html"  # a table markdownify must leave as HTML
_SAFE_NAME = re.compile(r"[^\w.\-\u4e00-\u9fff（）()]+")


@dataclass
class FileUse:
    source: Path  # the file in the mirror
    name: str  # its path relative to the item's column folder ("<stem>/<file name>")
    title: str  # what the link said, for the attachment list
    image: bool


@dataclass
class Converted:
    markdown: str
    files: list[FileUse] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (reason, suggestion) for the worklist


class _Markdown(MarkdownConverter):
    """markdownify, keeping tables Markdown cannot hold as (cleaned) HTML."""

    def convert_table(self, el, text, parent_tags):  # type: ignore[no-untyped-def, override]
        if el.get(HTML_MARK) is not None:
            del el[HTML_MARK]
            return "\n\n" + str(el) + "\n\n"
        return super().convert_table(el, text, parent_tags)


_converter = _Markdown(
    heading_style="ATX", bullets="-", escape_misc=True, table_infer_header=True, newline_style="backslash"
)


def _file_name(source: Path, url: str) -> str:
    """A readable, safe name for a copied file: the ``filename=`` of a download script, else the file's own."""
    query = parse_qs(urlsplit(url).query)
    wanted = next((v[0] for k, v in query.items() if k.lower() in ("filename", "file", "name") and v), "")
    base = posixpath.basename(unquote(wanted)) if wanted else source.name.split("?", 1)[0]
    return _SAFE_NAME.sub("-", base).strip("-.") or "file"


def _spans(cell: LexborNode) -> bool:
    return any((cell.attributes.get(a) or "1").strip() not in ("", "1") for a in ("colspan", "rowspan"))


def _text(node: LexborNode) -> str:
    return " ".join(node.text(deep=True).split())


def convert(
    html: str,
    page_url: str,
    mirror: Mirror,
    folder: str,
    item_link: Callable[[str], str | None],
) -> Converted:
    """The Markdown of a body's HTML. ``folder`` is the item's own folder name (files
    go in it); ``item_link(url)`` is the relative link to an imported item at that old address."""
    out = Converted("")
    body = LexborHTMLParser(html).body
    if body is None:
        return out
    for node in body.css(", ".join(DROP)):
        node.decompose()
    used: dict[Path, str] = {}

    def local(source: Path, url: str, title: str, image: bool) -> str:
        if source not in used:
            name = _file_name(source, url)
            taken = {u.split("/", 1)[1] for u in used.values()}
            stem, suffix = posixpath.splitext(name)
            n = 2
            while name in taken:
                name, n = f"{stem}-{n}{suffix}", n + 1
            used[source] = f"{folder}/{name}"
            out.files.append(FileUse(source, used[source], title, image))
        return used[source]

    for a in body.css("a"):
        href = (a.attributes.get("href") or "").strip()
        text = _text(a)
        if not href or href.startswith("#") or href.lower().replace(" ", "").startswith(SCRIPT_SCHEMES):
            if href and not href.startswith("#"):
                out.notes.append((f"正文链接“{text or href[:40]}”的地址 {href[:60]} 是脚本，已删去地址、保留文字", "如有需要，改成指向新页面的链接"))
            a.unwrap()
            continue
        if href.lower().startswith(("mailto:", "tel:")):
            continue
        url = urljoin(page_url, href)
        if (target := item_link(url)) is not None:
            a.attrs["href"] = target
        elif (source := mirror.file_for(url)) is not None and not source.suffix.lower().startswith((".htm", ".shtml")):
            a.attrs["href"] = local(source, url, text, image=False)
        else:
            a.attrs["href"] = url
            if urlsplit(url).scheme in ("http", "https") and (urlsplit(url).hostname or "") in mirror.hosts:
                out.notes.append((f"正文链接“{text or href[:40]}”指向旧网站的 {url}，镜像中没有这个页面或文件", "找到对应的新页面或附件后改写链接，或删去"))
    for img in body.css("img"):
        src = (img.attributes.get("src") or "").strip()
        url = urljoin(page_url, src) if src and not src.lower().startswith(SCRIPT_SCHEMES) else ""
        source = mirror.file_for(url) if url else None
        if source is None:
            out.notes.append((f"正文图片 {src[:80] or '（无地址）'} 在镜像中找不到，已删去", "从旧网站找到这张图片，放进信息的文件夹并在正文中引用"))
            img.decompose()
            continue
        img.attrs["src"] = local(source, url, img.attributes.get("alt") or source.name, image=True)
    for table in body.css("table"):
        cells = table.css("td, th")
        if len(cells) == 1:  # a layout table around content: its content
            table.unwrap_tags(["td", "th", "tr", "tbody", "thead", "tfoot"])
            table.unwrap()
        elif any(_spans(c) or c.css_first("table, ul, ol, p, div") is not None for c in cells):
            table.attrs[HTML_MARK] = ""
    for node in list(body.traverse(include_text=True)):
        if node.mem_id == body.mem_id or node.is_text_node:
            continue
        if node.is_comment_node:
            node.decompose()
            continue
        if node.tag not in KEEP:
            node.unwrap()
            continue
        allowed = ATTRIBUTES.get(node.tag, set()) | ({HTML_MARK} if node.tag == "table" else set())
        for name in [k for k in node.attributes if k not in allowed]:
            del node.attrs[name]
    markdown = _converter.convert(body.inner_html or "")
    markdown = re.sub(r"[ \t\u3000\xa0\u200b]+\n", "\n", markdown + "\n")
    out.markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
    return out
