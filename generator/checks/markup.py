"""What the Markdown fields may hold (see ``generator/markup.py``).

- a link or image whose address runs script (``javascript:``, ``vbscript:``,
  ``data:``, in any case or disguise) is an error;
- an image, video or audio file on another host is an error unless the host
  is listed in ``site.yml``'s ``allowed_hosts`` (and then it must be https):
  the page would make every reader's browser call that host;
- HTML outside the safe subset is removed from the page; each file where that
  happened gets one warning naming what went and where the first one is.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import diskmemo
from ..diagnostics import Level, Problem, Problems
from ..feature import CheckContext
from ..markup import (
    KEPT_URLS,
    MEDIA_SOURCES,
    SCRIPT_SCHEMES,
    URL_SCHEMES,
    Url,
    describe,
    field_marks,
    url_host,
    url_scheme,
)
from ..model import Item, Site
from ..schemas import label
from ..sources import Source, read_text
from .kept import buckets

BODY = "正文"


@dataclass
class Field:
    """One Markdown field and where its text sits, to point at a line in it."""

    rel: str  # the file, as editors see it
    label: str  # the field, as messages name it
    text: str
    path: Path  # the file, read only when a message needs a line
    line: int  # where the field (its key, or the body) starts
    body: bool = False  # the text is the file's body from ``line`` on (not a YAML value)
    key: bytes = b""  # diskmemo.key(text), when the loader has it (an item's body)


def item_field(item: Item) -> Field:
    """An item's body, the Markdown field of every item (the preview's fast render checks one alone)."""
    return Field(item.rel, BODY, item.body, item.source, item.body_line, body=True, key=item.body_key)


def core_fields(site: Site, sources: dict[str, Source]) -> Iterator[Field]:
    """The core's Markdown fields (items, 制度 pages, the guide); features check
    their own through :func:`check_fields` (e.g. the annual reports' prose)."""
    yield from map(item_field, site.items)
    yield from _other_fields(site, sources)


def _other_fields(site: Site, sources: dict[str, Source]) -> Iterator[Field]:
    for page in site.rules:
        yield Field(page.rel, BODY, page.body, page.source, page.body_line, body=True)
    guide, source = site.guide, sources.get("guide")
    if guide is not None and source is not None:
        keys: list[tuple[Any, ...]] = [(k,) for k in ("intro", "classification", "access", "application", "remedies")]
        sections = guide.data.get("sections")
        keys += [("sections", i, "body") for i in range(len(sections))] if isinstance(sections, list) else []
        for key in keys:
            text = yaml_value(guide.data, key)
            if text:
                yield Field(guide.rel, label("guide", key), text, source.path, source.line(*key) or 1)


def yaml_value(data: object, key: tuple[Any, ...]) -> str:
    """The text at ``key`` of YAML data, '' when there is none."""
    for part in key:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return ""
    return data if isinstance(data, str) and data.strip() else ""  # as the writer renders it (one cache entry)


def _line(field: Field, needles: list[str]) -> int:
    """The line of the field where the first of ``needles`` is written (case
    blind), else the field's first line."""
    if field.body:
        lines, first, count = field.text.split("\n"), 0, None
    else:
        try:
            lines = read_text(field.path).replace("\r\n", "\n").split("\n")
        except Exception:  # noqa: BLE001 - only a line number is at stake
            return field.line
        first, count = field.line - 1, field.text.count("\n") + 2  # the key line, then the value's lines
    window = lines[first : first + count if count else None]
    for needle in (n.lower() for n in needles if n):
        for i, text in enumerate(window):
            if needle in text.lower():
                return field.line + i
    return field.line


def _url_needles(url: Url) -> list[str]:
    return [url.raw, url.value, url_scheme(url.value) + ":", url_host(url.value)]


def _drop_needles(kind: str, name: str) -> list[str]:
    return {"element": [f"<{name}"], "attribute": [f"{name}=", f"{name} =", name], "class": [name], "scheme": [f"{name}:"]}[kind]


def _what(url: Url) -> str:
    if (url.tag, url.attribute) == ("a", "href"):
        return "链接"
    if (url.tag, url.attribute) in MEDIA_SOURCES:
        return "图片" if url.tag == "img" else "音视频"
    return f"<{url.tag}> 的 {url.attribute} 地址"


def _short(value: str, limit: int = 60) -> str:
    value = re.sub(r"\s+", " ", value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _url_problem(field: Field, url: Url, hosts: tuple[str, ...]) -> Problem | None:
    scheme = url_scheme(url.value)
    if scheme in SCRIPT_SCHEMES:
        return Problem(
            field.rel,
            _line(field, _url_needles(url)),
            field.label,
            f"{_what(url)}“{_short(url.value)}”使用 {scheme}: 地址，"
            + ("读者点击时会运行其中的脚本" if scheme != "data" else "其中可以藏入脚本或整个网页"),
            "链接只能写网址（https://…）、站内的相对地址、mailto: 或 tel:；图片放到信息所在的文件夹，用相对地址引用。删除这个地址。",
            rule="markup.scheme",
        )
    host = url_host(url.value)
    if (url.tag, url.attribute) not in MEDIA_SOURCES or not host:
        return None
    if host not in hosts:
        return Problem(
            field.rel,
            _line(field, _url_needles(url)),
            field.label,
            f"{_what(url)}“{_short(url.value)}”在其他网站 {host} 上：读者每次打开页面，浏览器都会向该网站发出请求",
            f"把文件放到信息所在的文件夹，用相对地址引用（例如 ![说明](图片.png)）；确需引用该网站的文件时，"
            f"把 {host} 加到 content/site.yml 的 allowed_hosts 列表中。",
            rule="markup.host",
        )
    if scheme != "https" and scheme != "":
        return Problem(
            field.rel,
            _line(field, _url_needles(url)),
            field.label,
            f"{_what(url)}“{_short(url.value)}”用的是 {scheme}: 地址，浏览器不会加载",
            "改成 https:// 开头的地址。",
            rule="markup.host",
        )
    return None


def check(ctx: CheckContext) -> Problems:
    hosts = _hosts(ctx.site.config.allowed_hosts)
    others = ((field, *_findings(field, hosts)) for field in _other_fields(ctx.site, ctx.sources))
    return _report(itertools.chain(_item_findings(ctx.site, hosts), others))


def check_fields(fields: Iterable[Field], allowed_hosts: Iterable[str]) -> Problems:
    """Errors for script addresses and media on hosts not in ``allowed_hosts``;
    one warning per file whose HTML lost something."""
    hosts = _hosts(allowed_hosts)
    return _report((field, *_findings(field, hosts)) for field in fields)


def _hosts(allowed_hosts: Iterable[str]) -> tuple[str, ...]:
    return tuple(h.lower() for h in allowed_hosts)


Lost = list[tuple[str, str]]


def _findings(field: Field, hosts: tuple[str, ...]) -> tuple[list[Problem], Lost]:
    """One field's problems (before they are told once per file) and what its HTML lost."""
    removed, urls = field_marks(field.text, field.key)
    lost = list(removed)
    problems: list[Problem] = []
    for url in urls:
        problem = _url_problem(field, url, hosts)
        if problem is not None:
            problems.append(problem)
        scheme = url_scheme(url.value)
        if (url.tag, url.attribute) in KEPT_URLS and scheme and scheme not in URL_SCHEMES and scheme not in SCRIPT_SCHEMES:
            lost.append(("scheme", scheme))
    return problems, lost


# The items' bodies are checked in buckets, as their own checks are (checks/kept.py): a rebuild
# asks the memo for 128 results, not for each item's marks (~0.08 s at 10 000 items). A body's
# findings read its text, its first line (both in its file's digest), its path and the allowed
# hosts: a bucket is kept by those of its members.


def _item_findings(site: Site, hosts: tuple[str, ...]) -> Iterator[tuple[Field | None, list[Problem], Lost]]:
    items = site.items
    if not diskmemo.active():
        yield from ((field, *_findings(field, hosts)) for field in map(item_field, items))
        return
    found: dict[str, tuple[list[Problem], Lost]] = {}  # what an item's body holds, when anything
    for members in buckets(site):
        known = all(item.digest and item.body_key for item in members)
        # Joined, not one part each (~20 000 parts): a path holds no NUL, a digest is 16 bytes.
        paths, digests = "\0".join(item.rel for item in members), b"".join(item.digest for item in members)
        key = diskmemo.key("markup", "\0".join(hosts), paths, digests) if known else b""
        kept = diskmemo.get("checks", key) if key else None
        if kept is not None and len(kept) == len(members):
            # Each body's rendering stays for the pages and the search index of the next build,
            # as if this build had read it (as markup.field_marks does).
            for item in members:
                diskmemo.keep("markdown", item.body_key)
            for item, (plain, lost) in zip(members, kept, strict=True):
                if plain or lost:
                    found[item.rel] = [Problem.from_plain(fields) for fields in plain], [tuple(d) for d in lost]
            continue
        made = [_findings(item_field(item), hosts) for item in members]
        for item, (problems, lost) in zip(members, made, strict=True):
            if problems or lost:
                found[item.rel] = problems, lost
        if key:
            diskmemo.put("checks", key, tuple((tuple(p.plain() for p in problems), tuple(lost)) for problems, lost in made))
    for item in items:
        if item.rel in found:
            problems, lost = found[item.rel]
            yield (item_field(item) if lost else None), problems, lost  # a Field costs a Path: made when a warning needs it


def _report(findings: Iterable[tuple[Field | None, list[Problem], Lost]]) -> Problems:
    """Each problem once per file, then one warning per file whose HTML lost something
    (``findings``: each field's, in order; the field may be None when it lost nothing)."""
    problems = Problems()
    # Per file: the first field whose HTML lost something, and everything lost.
    dropped: dict[str, tuple[Field, list[tuple[str, str]]]] = {}
    seen: set[tuple[str, int | None, str, str]] = set()
    for field, found, lost in findings:
        for problem in found:
            key = (problem.path, problem.line, problem.field, problem.message)
            if key not in seen:
                seen.add(key)
                problems.add(problem)
        if lost and field is not None:
            first, so_far = dropped.setdefault(field.rel, (field, []))
            so_far.extend(d for d in dict.fromkeys(lost) if d not in so_far)
    for field, lost in dropped.values():
        problems.add(
            Problem(
                field.rel,
                _line(field, _drop_needles(*lost[0])),
                field.label,
                f"{field.label}中的 " + "、".join(describe(d) for d in lost) + "已删除，网页上不会显示",
                "Markdown 正文可以使用常用的 HTML：段落、标题、列表、表格、链接、图片、上标下标等；"
                "脚本、事件属性（onclick 等）、样式、iframe、表单和其他网站的嵌入内容不会显示。删除它们，或改用 Markdown 写法。",
                Level.WARNING,
                rule="markup.dropped",
            )
        )
    return problems
