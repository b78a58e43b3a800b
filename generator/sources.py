"""Reading YAML and Markdown-with-front-matter while remembering line numbers.

Editors need errors that name the line, so YAML is composed into nodes first
(which carry their position) and only then constructed into Python values.
Dates stay strings here: the checks parse them, so a bad date gets a clear
Chinese message instead of a YAML traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader without implicit timestamps (dates are checked by us)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Source:
    """A parsed YAML document and where each key path sits in the file."""

    path: Path
    data: Any
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)
    body: str = ""  # Markdown after the front matter, if any
    body_line: int = 1  # line number where the body starts

    def line(self, *keys: Any) -> int | None:
        """Line of the deepest known key on the path, or of the document."""
        for n in range(len(keys), 0, -1):
            if keys[:n] in self.lines:
                return self.lines[keys[:n]]
        return self.lines.get((), None)


class SourceError(Exception):
    """A file that cannot be parsed at all (YAML syntax, encoding, layout)."""

    def __init__(self, path: Path, line: int | None, message: str, hint: str = ""):
        self.path, self.line, self.message, self.hint = path, line, message, hint
        super().__init__(f"{path}:{line}: {message}")


def _map_lines(node: yaml.Node, offset: int, prefix: tuple[Any, ...], out: dict) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            out[prefix + (key,)] = key_node.start_mark.line + 1 + offset
            _map_lines(value_node, offset, prefix + (key,), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out[prefix + (index,)] = item.start_mark.line + 1 + offset
            _map_lines(item, offset, prefix + (index,), out)


def parse_yaml(text: str, path: Path, offset: int = 0) -> Source:
    """Parse one YAML document; ``offset`` is the number of lines before it."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else None
        raise SourceError(
            path,
            line,
            f"YAML 格式错误：{exc.problem or exc.context}",
            "检查这一行及上一行的缩进、冒号后的空格和引号是否配对；"
            "含有冒号、井号等符号的值请用引号括起来。",
        ) from None
    except (yaml.YAMLError, ValueError) as exc:
        raise SourceError(path, None, f"YAML 格式错误：{exc}") from None
    finally:
        loader.dispose()
    source = Source(path=path, data=data)
    if node is not None:
        source.lines[()] = node.start_mark.line + 1 + offset
        _map_lines(node, offset, (), source.lines)
    return source


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError(
            path, None, "文件不是 UTF-8 编码", "请用 UTF-8 编码另存此文件（不要用 GBK）。"
        ) from None


def load_yaml_file(path: Path) -> Source:
    return parse_yaml(read_text(path), path)


def load_markdown(path: Path, text: str | None = None) -> Source:
    """Split ``---`` front matter from the body and parse it."""
    text = read_text(path) if text is None else text
    text = text.replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise SourceError(
            path,
            1,
            "缺少 YAML 头信息（文件必须以单独一行 --- 开始）",
            "在文件开头加上 ---，写好 title、published 等字段，再用一行 --- 结束。"
            "可以用 xxgk new 生成模板。",
        )
    end = text.find("\n---", 3)
    while end != -1 and text[end + 4 : end + 5] not in ("\n", ""):
        end = text.find("\n---", end + 4)
    if end == -1:
        raise SourceError(path, 1, "YAML 头信息没有结束行 ---", "在头信息之后加一行 ---。")
    front = text[4 : end + 1]
    source = parse_yaml(front, path, offset=1)
    if source.data is None:
        source.data = {}
    body_start = end + 5
    source.body = text[body_start:]
    source.body_line = text.count("\n", 0, body_start) + 1
    return source
