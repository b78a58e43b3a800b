"""A legacy body (HTML) made a clean Markdown body, with the files it uses.

The body is cleaned with BeautifulSoup (which markdownify reads): scripts,
forms, comments and the profile's chrome go; Word and CMS styling (``style``,
``class``, ``<font>``, ``<span>``, ``<o:p>``) is unwrapped to its text; empty
paragraphs go; paragraphs written as ``<div>`` become paragraphs. Links and
images are resolved against the page's old address: a file saved in the mirror
is copied next to the item and linked relatively, a page imported as an item
links to that item, ``javascript:`` links lose their address; every change that
loses something gets a worklist note. Then markdownify writes Markdown; a table
with merged cells, or with paragraphs or lists in its cells, stays an HTML table
(Markdown tables have no spans), cleaned to the attributes the site keeps.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from bs4 import BeautifulSoup, Comment, Tag
from markdownify import MarkdownConverter

from .mirror import Mirror

DROP = {"script", "style", "noscript", "iframe", "frame", "object", "embed", "applet", "form", "input", "button",
        "select", "textarea", "canvas", "svg", "math", "link", "meta", "template", "video", "audio"}  # fmt: skip
KEEP = {"p", "div", "br", "a", "img", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "ul", "ol",
        "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "sub", "sup",
        "blockquote", "pre", "code", "hr", "figure", "figcaption"}  # fmt: skip
BLOCKS = {"p", "div", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "figure"}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
_SAFE_NAME = re.compile(r"[^\w.\-\u4e00-\u9fff（）()]+")
_BLANK = re.compile(r"[\s\u3000\xa0\u200b]*")


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
        if el.get("data-xxgk-html") is not None:
            del el["data-xxgk-html"]
            return "\n\n" + str(el) + "\n\n"
        return super().convert_table(el, text, parent_tags)


_converter = _Markdown(
    heading_style="ATX", bullets="-", escape_misc=True, table_infer_header=True, newline_style="backslash", strip=["u"]
)


def _blank(tag: Tag) -> bool:
    """No text, no image, no table: a spacer (``<p>&nbsp;</p>``, ``<p><br></p>``, an empty ``<span>``)."""
    return tag.find(["img", "table", "hr"]) is None and _BLANK.fullmatch(tag.get_text()) is not None


def _file_name(source: Path, url: str) -> str:
    """A readable, safe name for a copied file: the ``filename=`` of a download script, else the file's own."""
    query = parse_qs(urlsplit(url).query)
    wanted = next((v[0] for k, v in query.items() if k.lower() in ("filename", "file", "name") and v), "")
    base = posixpath.basename(unquote(wanted)) if wanted else source.name.split("?", 1)[0]
    return _SAFE_NAME.sub("-", base).strip("-.") or "file"


def _complex(table: Tag) -> bool:
    """Merged cells, nested tables or blocks in cells: Markdown cannot write it."""
    for cell in table.find_all(["td", "th"]):
        if cell.get("colspan", "1") not in ("", "1") or cell.get("rowspan", "1") not in ("", "1"):
            return True
        if cell.find(["table", "ul", "ol", "p", "div"]) is not None:
            return True
    return False


def convert(
    html: str,
    page_url: str,
    mirror: Mirror,
    folder: str,
    item_link: Callable[[str], str | None],
) -> Converted:
    """The body's Markdown. ``folder`` is the item's own folder name (files go in it);
    ``item_link(url)`` is the relative link to an imported item at that old address."""
    out = Converted("")
    soup = BeautifulSoup(html, "html.parser")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(DROP):
        tag.decompose()
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

    for a in soup.find_all("a"):
        href = (a.get("href") or "").strip()
        text = " ".join(a.get_text().split())
        if not href or href.startswith("#") or href.lower().replace(" ", "").startswith(SCRIPT_SCHEMES):
            if href and not href.startswith("#"):
                out.notes.append((f"正文链接“{text or href[:40]}”的地址 {href[:60]} 是脚本，已删去地址、保留文字", "如有需要，改成指向新页面的链接"))
            a.unwrap()
            continue
        if href.lower().startswith(("mailto:", "tel:")):
            continue
        url = urljoin(page_url, href)
        if (target := item_link(url)) is not None:
            a["href"] = target
        elif (source := mirror.file_for(url)) is not None and not source.suffix.lower().startswith((".htm", ".shtml")):
            a["href"] = local(source, url, text, image=False)
        else:
            a["href"] = url
            if urlsplit(url).scheme in ("http", "https") and mirror.hosts and (urlsplit(url).hostname or "") in mirror.hosts:
                out.notes.append((f"正文链接“{text or href[:40]}”指向旧网站的 {url}，镜像中没有这个页面或文件", "找到对应的新页面或附件后改写链接，或删去"))
    for img in soup.find_all("img"):
        src = (img.get("src") or "").strip()
        url = urljoin(page_url, src) if src and not src.lower().startswith(SCRIPT_SCHEMES) else ""
        source = mirror.file_for(url) if url else None
        if source is None:
            out.notes.append((f"正文图片 {src[:80] or '（无地址）'} 在镜像中找不到，已删去", "从旧网站找到这张图片，放进信息的文件夹并在正文中引用"))
            img.decompose()
            continue
        img["src"] = local(source, url, img.get("alt") or source.name, image=True)
    for tag in soup.find_all(True):
        if tag.name not in KEEP:
            tag.unwrap()
            continue
        allowed = ATTRIBUTES.get(tag.name, set())
        tag.attrs = {k: v for k, v in tag.attrs.items() if k in allowed}
    for table in soup.find_all("table"):
        cells = table.find_all(["td", "th"])
        if len(cells) == 1:  # a layout table around content: its content
            cells[0].unwrap()
            for part in table.find_all(["tr", "tbody", "thead", "tfoot"]):
                part.unwrap()
            table.unwrap()
        elif _complex(table):
            table["data-xxgk-html"] = ""
    for div in soup.find_all("div"):
        if div.find(list(BLOCKS)) is None:
            div.name = "p"
    for tag in reversed(soup.find_all(["p", "div", "span", "strong", "b", "em", "i", "li", "h1", "h2", "h3", "h4", "h5", "h6"])):
        if tag.parent is not None and _blank(tag):
            tag.decompose()
    markdown = _converter.convert_soup(soup)
    markdown = re.sub(r"[ \t\u3000\xa0]+\n", "\n", markdown)
    out.markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
    return out
