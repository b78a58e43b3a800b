"""A tiny DOM for asserting on built pages, on top of ``html.parser``.

Enough to say "the links inside <nav class=xxgk-pagination>" or "the text of
every <th> in the metadata table" without string slicing.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def iter(self) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        """Descendants by tag, CSS class and exact attribute values (``for_`` → ``for``)."""
        wanted = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and (cls is None or cls in node.classes)
            and all(node.attrs.get(k) == v for k, v in wanted.items())
        ]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag or '*'} class={cls!r} {attrs}> in <{self.tag} {self.attrs}>"
        return found[0]

    def text(self) -> str:
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text())
        return "".join(parts)

    def clean_text(self) -> str:
        return " ".join(self.text().split())

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, parent=self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:  # ignore stray end tags
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def page(site: Path, url: str) -> Node:
    """The built page at site-relative ``url`` (``fdzdgknr/`` → fdzdgknr/index.html)."""
    path = site / url / "index.html" if url.endswith("/") or not url else site / url
    return parse(path.read_text(encoding="utf-8"))


def resolve(from_url: str, href: str) -> str:
    """Site-relative URL that ``href`` on the page at ``from_url`` points to."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    joined = posixpath.normpath(posixpath.join("/" + base, href.split("#")[0]))
    path = joined.lstrip("/")
    if href.split("#")[0].endswith("/") and path:
        path += "/"
    return "" if path in (".", "") else path


def content(doc: Node) -> Node:
    """The page's main article (without header, navigation and footer)."""
    return doc.find("article", cls="md-content__inner")


def list_rows(doc: Node) -> list[Node]:
    """The rows of the listings in ``doc`` (``<ol class="xxgk-list">``'s items: rows carry no class)."""
    return [li for ol in doc.find_all("ol", cls="xxgk-list") for li in ol.children if isinstance(li, Node) and li.tag == "li"]


def row_link(row: Node) -> Node:
    """A listing row's title link: its first child (classless, styled by position)."""
    link = next(child for child in row.children if isinstance(child, Node))
    assert link.tag == "a", row
    return link


def row_doc_no(row: Node) -> str:
    """A listing row's 文号 (or a report's kind): the span without class among its last span's."""
    details = [child for child in row.children if isinstance(child, Node)][-1]
    spans = [s for s in details.children if isinstance(s, Node) and s.tag == "span" and not s.classes]
    return spans[0].clean_text() if spans else ""


def list_links(doc: Node) -> list[Node]:
    """The title links of every listing row in ``doc``."""
    return [row_link(row) for row in list_rows(doc)]
