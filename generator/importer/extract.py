"""The fields of one saved page, as the page states them (text, not yet values).

For each field the candidates come, best first, from the profile's selectors,
then from the labels of a metadata block anywhere outside the body
(``索 引 号：`` in one cell and the value in the next, ``发布日期：2016-11-22`` in
one span, ``<i>时间：</i>2019-09-18 06:23``), then from the generic metadata of
web pages (``<meta name="PubDate">``, the canonical link, ``<title>``). The
page is parsed once, with selectolax (lexbor); nothing here parses HTML with
regular expressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .profiles import Profile, Selector

FIELDS = (
    "title", "index_no", "doc_no", "topic", "genre", "issuer", "publisher", "written", "published",
    "validity", "effective", "expires", "keywords", "source", "url",
)  # fmt: skip

# Labels of metadata blocks as legacy sites print them (whitespace removed),
# best first. "时间"/"日期" alone are the weakest: only when nothing else says.
LABELS: dict[str, tuple[str, ...]] = {
    "index_no": ("索引号", "信息索引号", "索取号"),
    "title": ("标题", "文件名称", "名称"),
    "doc_no": ("发文字号", "文号", "发文号"),
    "topic": ("主题分类", "主题类别", "主题"),
    "genre": ("体裁分类", "体裁", "文种", "公文种类"),
    "issuer": ("发文机关", "发文单位", "发文机构", "制发机关", "成文机关"),
    "publisher": ("发布机构", "发布单位", "信息公开主体", "公开主体"),
    "written": ("成文日期", "印发日期", "制发日期", "发文日期", "生成日期"),
    "published": ("发布日期", "发布时间", "公开日期", "公开时间", "时间", "日期"),
    "validity": ("有效性", "效力状态", "时效性", "是否有效"),
    "effective": ("施行日期", "实施日期", "生效日期"),
    "expires": ("废止日期", "失效日期"),
    "keywords": ("主题词", "关键词"),
    "source": ("来源", "信息来源", "文章来源"),
}
# Web-page metadata any template may carry, after the profile's and the labels.
GENERIC: dict[str, tuple[Selector, ...]] = {
    "title": (Selector("meta[name=ArticleTitle i]", "content"), Selector('meta[property="og:title"]', "content")),
    "published": (
        Selector("meta[name=PubDate i]", "content"),
        Selector('meta[property="article:published_time"]', "content"),
        Selector("meta[name=firstpublishedtime i]", "content"),
    ),
    "source": (Selector("meta[name=ContentSource i]", "content"), Selector("meta[name=source i]", "content")),
    "url": (
        Selector("link[rel=canonical]", "href"),
        Selector('meta[property="og:url"]', "content"),
        Selector("meta[name=url i]", "content"),
    ),
}
_SKIP_PARENTS = {"script", "style", "title", "noscript", "textarea", "option", "template"}
_SPACE = re.compile(r"\s+")
_COLON = re.compile(r"[:：]")
MAX_VALUE = 300  # a "value" longer than this is prose, not a metadata cell


@dataclass
class Page:
    """What one page says: candidate texts per field (best first, with where each came from) and its body."""

    profile: Profile
    tree: LexborHTMLParser
    body: LexborNode | None
    candidates: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # field → [(text, origin)]
    doc_title: str = ""  # the <title> element's text

    def first(self, name: str) -> str:
        found = self.candidates.get(name)
        return found[0][0] if found else ""


def _text(node: LexborNode) -> str:
    return _SPACE.sub(" ", node.text(deep=True)).strip()


def _select(tree: LexborHTMLParser, selector: Selector) -> str:
    node = tree.css_first(selector.css)
    if node is None:
        return ""
    if selector.attr:
        return _SPACE.sub(" ", (node.attributes.get(selector.attr) or "")).strip()
    return _text(node)


def _compact(text: str) -> str:
    return "".join(text.split())


def _label_table(profile: Profile) -> dict[str, tuple[str, int]]:
    """Label (whitespace removed) → (field, rank): the profile's own spellings first."""
    table: dict[str, tuple[str, int]] = {}
    for name, spellings in LABELS.items():
        for rank, label in enumerate((*profile.extra_labels(name), *spellings)):
            table.setdefault(_compact(label), (name, rank))
    return table


def _next_element(node: LexborNode) -> LexborNode | None:
    sibling = node.next
    while sibling is not None and not sibling.is_element_node:
        if sibling.is_text_node and (sibling.text_content or "").strip():
            return None  # text follows the label directly: the parent holds the value
        sibling = sibling.next
    return sibling


def _inside(node: LexborNode, ancestor: LexborNode | None) -> bool:
    if ancestor is None:
        return False
    current: LexborNode | None = node
    while current is not None:
        if current.mem_id == ancestor.mem_id:
            return True
        current = current.parent
    return False


def _label_value(text_node: LexborNode, label_text: str) -> str:
    """The value a label announces: after its colon in the same text, else the
    rest of the smallest enclosing element, else the next cell (up to 3 levels)."""
    colon = _COLON.search(label_text)
    rest = label_text[colon.end() :].strip(" \u3000\xa0\t\r\n") if colon else ""
    if rest:
        return rest
    node = text_node.parent
    label = label_text.strip()
    for _ in range(3):
        if node is None:
            return ""
        full = node.text(deep=True)
        at = full.find(label)
        after = full[at + len(label) :] if at != -1 else ""
        if after.strip(" \u3000\xa0\t\r\n:："):
            return after.strip(" \u3000\xa0\t\r\n:：")
        sibling = _next_element(node)
        if sibling is not None:
            return sibling.text(deep=True).strip()
        node = node.parent
    return ""


_LABEL_LIKE = re.compile(r"(\S+?)\s*[:：]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _until_next_label(value: str, table: dict[str, tuple[str, int]]) -> str:
    """``2016-11-22 浏览次数：`` → ``2016-11-22``: a value ends where another label begins."""
    for m in _LABEL_LIKE.finditer(value):
        word = m.group(1)
        # A known label, or a Chinese word after a space ("浏览次数："), not "06:23".
        if _compact(word) in table or (m.start() > 0 and value[m.start() - 1] == " " and _CJK.search(word)):
            return value[: m.start()].strip()
    return value


def _labels(tree: LexborHTMLParser, body: LexborNode | None, profile: Profile) -> dict[str, list[tuple[int, int, str]]]:
    """field → [(rank, position, value)] for every label found outside the body."""
    table = _label_table(profile)
    found: dict[str, list[tuple[int, int, str]]] = {}
    root = tree.body or tree.root
    if root is None:
        return found
    for position, node in enumerate(root.traverse(include_text=True)):
        if not node.is_text_node:
            continue
        raw = node.text_content or ""
        compact = _compact(raw)
        if not compact or len(compact) > MAX_VALUE:
            continue
        head = _COLON.split(compact, 1)[0]
        hit = table.get(head)
        # A bare two-character word (时间, 名称, 来源) is a label only with its colon.
        if hit is None or (head == compact and len(head) <= 2):
            continue
        parent = node.parent
        if parent is None or parent.tag in _SKIP_PARENTS or _inside(node, body):
            continue
        value = _until_next_label(_SPACE.sub(" ", _label_value(node, raw)).strip(), table)
        if value and len(value) <= MAX_VALUE:
            name, rank = hit
            found.setdefault(name, []).append((rank, position, value))
    return found


def read_page(text: str, profile: Profile) -> Page:
    """The candidates of every field and the body element of a page's HTML."""
    tree = LexborHTMLParser(text)
    body = next((node for css in profile.body if (node := tree.css_first(css)) is not None), None)
    title_node = tree.css_first("title")
    page = Page(profile, tree, body, doc_title=_text(title_node) if title_node is not None else "")
    labelled = _labels(tree, body, profile)
    for name in FIELDS:
        out: list[tuple[str, str]] = []
        for selector in profile.selectors(name):
            if value := _select(tree, selector):
                out.append((value, f"{selector.css}" + (f" @{selector.attr}" if selector.attr else "")))
        out += [(value, "标签") for _rank, _pos, value in sorted(labelled.get(name, []))]
        for selector in GENERIC.get(name, ()):
            if value := _select(tree, selector):
                out.append((value, f"{selector.css} @{selector.attr}"))
        if out:
            page.candidates[name] = out
    return page
