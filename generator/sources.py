"""Reading YAML and Markdown-with-front-matter while remembering line numbers.

Content is untrusted input, so a file is read with limits and every way it can
be malformed ends in a :class:`SourceError` naming the line, in Chinese:

* size: a file, and the front matter of a Markdown file, have a maximum size;
* shape: nesting deeper than :data:`MAX_DEPTH`, aliases (``*name``: an alias
  bomb expands to gigabytes), explicit tags other than YAML's plain types,
  several documents in one file, and keys that are not plain values;
* duplicate keys (YAML's "last one wins" silently drops the first);
* control characters (NUL, ESC, backspace, bidirectional overrides …) anywhere
  in the file or produced by an escape in a double-quoted string.

The document is built from the parser's event stream in one pass (no
recursion, so no depth can crash Python or libyaml's composer), which also
records the line of every key. Dates stay strings: the checks parse them, so
a bad date gets a clear Chinese message instead of a YAML traceback.
"""

from __future__ import annotations

import marshal
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml import events

from .diagnostics import Problem
from .yaml_errors import explain, scalar_root

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 10 * 1024 * 1024  # a Markdown item with a long body and tables
MAX_YAML_BYTES = 4 * 1024 * 1024  # site.yml, guide.yml, a report, a catalogue
MAX_FRONT_MATTER_BYTES = 128 * 1024
MAX_DEPTH = 24  # site.yml's nested columns need about 10

# C0 and C1 controls except tab, line feed and carriage return; DEL; the
# bidirectional embedding, override and isolate marks, which can make text
# display differently from what it says.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_STR = "tag:yaml.org,2002:str"


class _Resolver(yaml.resolver.Resolver):
    """YAML's implicit types without timestamps (dates are checked by us)."""


_Resolver.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_resolver = _Resolver()
_constructor = yaml.constructor.SafeConstructor()


class PackedLines(Mapping[tuple[Any, ...], int]):
    """A file's key lines as the build's memo keeps them (``marshal`` bytes), unpacked on
    first use: a rebuild reads ~10 000 unchanged files and looks a line up only for a
    problem, and unpacking every map cost ~0.1 s at 10 000 items (issue 11)."""

    __slots__ = ("_packed", "_lines")

    def __init__(self, packed: bytes):
        self._packed = packed
        self._lines: dict[tuple[Any, ...], int] | None = None

    @staticmethod
    def pack(lines: Mapping[tuple[Any, ...], int]) -> bytes | None:
        """The bytes to keep, or None for keys that are not plain data."""
        if isinstance(lines, PackedLines):
            return lines._packed
        try:
            return marshal.dumps(dict(lines))
        except ValueError:
            return None

    def _map(self) -> dict[tuple[Any, ...], int]:
        if self._lines is None:
            self._lines = marshal.loads(self._packed)
        return self._lines

    def __getitem__(self, key: tuple[Any, ...]) -> int:
        return self._map()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._map()

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._map())

    def __len__(self) -> int:
        return len(self._map())

    def __repr__(self) -> str:
        return repr(self._map())


@dataclass(slots=True)  # no per-object __dict__: one Source per content file is held (memory, issue 11)
class Source:
    """A parsed YAML document and where each key path sits in the file."""

    path: Path | str  # a string for an item file taken from the build's memo (loader._kept)
    data: Any
    lines: Mapping[tuple[Any, ...], int] = field(default_factory=dict)
    body: str = ""  # Markdown after the front matter, if any
    body_line: int = 1  # line number where the body starts
    digest: bytes = b""  # of the file's path and bytes, when the build's memo read it (loader._kept)
    body_key: bytes = b""  # diskmemo.key(body), idem: the body's Markdown records are kept by it
    # Set instead of ``body`` when the loader was asked for the body only when needed
    # (``loader.read_markdown``'s ``lazy_body``): reads it from the build's memo.
    read_body: Callable[[], str] | None = None

    def line(self, *keys: Any) -> int | None:
        """Line of the deepest known key on the path, or of the document."""
        for n in range(len(keys), 0, -1):
            if keys[:n] in self.lines:
                return self.lines[keys[:n]]
        return self.lines.get((), 1)


class SourceError(Exception):
    """A file that cannot be read safely (YAML syntax, encoding, size, shape)."""

    def __init__(
        self, path: Path, line: int | None, message: str, hint: str = "", field: str = "", column: int | None = None
    ):
        self.path, self.line, self.message, self.hint, self.field = path, line, message, hint, field
        self.column = column  # 1-based, for YAML syntax errors
        super().__init__(f"{path}:{line}: {message}")

    def problem(self, where: str) -> Problem:
        """The error as a problem of the file at ``where`` (as editors see the path)."""
        return Problem(where, self.line, self.field, self.message, self.hint, rule="source.syntax", column=self.column)


def describe_char(char: str) -> str:
    names = {"\x00": "空字符 NUL", "\x1b": "转义符 ESC", "\x08": "退格符", "\x7f": "删除符 DEL"}
    return f"U+{ord(char):04X}" + (f"（{names[char]}）" if char in names else "")


def _control_error(path: Path, line: int | None, char: str, field: str = "") -> SourceError:
    return SourceError(
        path,
        line,
        f"含有不可见的控制字符 {describe_char(char)}",
        "这种字符通常是从别的软件复制时带进来的，显示不出来却会进入网页和下载文件："
        "删掉这一行中看不见的字符（可以整行重新输入），双引号里也不要写 \\0、\\e、\\b 这样的转义。",
        field,
    )


def check_text(text: str, path: Path, offset: int = 0) -> None:
    """Refuse control characters anywhere in ``text`` (line numbers after ``offset`` lines)."""
    found = CONTROL.search(text)
    if found:
        raise _control_error(path, text.count("\n", 0, found.start()) + 1 + offset, found.group())


def _key_name(path: tuple[Any, ...]) -> str:
    return ".".join(str(p) if not isinstance(p, int) else f"第{p + 1}项" for p in path)


def _build(text: str, path: Path, offset: int) -> tuple[Any, dict[tuple[Any, ...], int]]:
    """The document and the line of every key path, from the event stream."""
    lines: dict[tuple[Any, ...], int] = {}
    # Each open collection: [container, key path, pending key or _NO_KEY, key line]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    no_key = object()

    def line_of(event: events.Event) -> int:
        return event.start_mark.line + 1 + offset

    def add(value: Any, event: events.Event, is_scalar: bool) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        top = stack[-1]
        container, where = top[0], top[1]
        if isinstance(container, dict):
            if top[2] is no_key:
                if not is_scalar:
                    raise SourceError(path, line_of(event), "键名必须是简单的文字", "每个字段写成“字段名: 值”。")
                if value in container:
                    raise SourceError(
                        path,
                        line_of(event),
                        f"字段 {value} 写了两次（第 {top[3][value]} 行和第 {line_of(event)} 行）",
                        "同一层的字段名不能重复：删掉其中一个，或把两处内容合并。",
                        _key_name((*where, value)),
                    )
                # One string per field name, not one per file (memory at 100 000 items, issue 11).
                value = top[2] = sys.intern(value) if type(value) is str else value
                top[3][value] = line_of(event)
                lines[(*where, value)] = line_of(event)
            else:
                container[top[2]] = value
                top[2] = no_key
        else:
            container.append(value)

    def child_path() -> tuple[Any, ...]:
        top = stack[-1]
        return (*top[1], top[2]) if isinstance(top[0], dict) else (*top[1], len(top[0]))

    for event in yaml.parse(text, Loader=_Parser):
        kind = type(event)
        if kind is events.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise SourceError(
                    path,
                    line_of(event),
                    "文件中有第二个 YAML 文档（多出一行 ---）",
                    "一个文件只写一份内容：删掉多余的 --- 行。",
                )
            continue
        if kind in (events.StreamStartEvent, events.StreamEndEvent, events.DocumentEndEvent):
            continue
        if kind is events.AliasEvent:
            raise SourceError(
                path,
                line_of(event),
                f"不支持 YAML 别名 *{event.anchor}",
                "把要重复的内容直接写出来，不要用 & 和 * 引用。",
            )
        if stack and not isinstance(stack[-1][0], dict) or (stack and stack[-1][2] is not no_key):
            where = child_path()
        else:
            where = stack[-1][1] if stack else ()
        if kind is events.ScalarEvent:
            tag = event.tag
            if tag in (None, "!"):
                tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
            elif tag not in _PLAIN_TAGS:
                raise SourceError(path, line_of(event), f"不支持 YAML 标签 {tag}", "删掉值前面以 ! 开头的标签。")
            if tag == _STR:
                value: Any = event.value
                found = CONTROL.search(value)
                if found:  # written as an escape (\e, \0, \b) inside double quotes
                    raise _control_error(path, line_of(event), found.group(), _key_name(where))
            else:
                try:
                    value = _constructor.construct_object(yaml.ScalarNode(tag, event.value))
                except (yaml.YAMLError, ValueError) as exc:
                    raise SourceError(path, line_of(event), f"无法读取的值“{event.value}”：{exc}", "给这个值加上引号。") from None
            if stack and isinstance(stack[-1][0], list):
                lines[where] = line_of(event)
            add(value, event, True)
        elif kind in (events.MappingStartEvent, events.SequenceStartEvent):
            if event.tag not in (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
                raise SourceError(path, line_of(event), f"不支持 YAML 标签 {event.tag}", "删掉以 ! 开头的标签。")
            if len(stack) >= MAX_DEPTH:
                raise SourceError(
                    path,
                    line_of(event),
                    f"内容嵌套超过 {MAX_DEPTH} 层",
                    "检查缩进和方括号、花括号是否配对：正常的内容用不到这么多层。",
                    _key_name(where),
                )
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is no_key:
                raise SourceError(path, line_of(event), "键名必须是简单的文字", "每个字段写成“字段名: 值”。")
            if stack and isinstance(stack[-1][0], list):
                lines[where] = line_of(event)
            if not stack:
                lines[()] = line_of(event)
            container: Any = {} if kind is events.MappingStartEvent else []
            stack.append([container, where, no_key, {}])
        elif kind in (events.MappingEndEvent, events.SequenceEndEvent):
            done = stack.pop()
            add(done[0], event, False)
    return root, lines


def _syntax_error(exc: yaml.YAMLError, text: str, path: Path, offset: int) -> SourceError:
    """The error at the line that caused it, in Chinese (``yaml_errors.explain``)."""
    cause = explain(exc, text)
    return SourceError(path, cause.line + 1 + offset, f"YAML 格式错误：{cause.message}", cause.hint, column=cause.column + 1)


def parse_yaml(text: str, path: Path, offset: int = 0) -> Source:
    """Parse one YAML document; ``offset`` is the number of lines before it."""
    check_text(text, path, offset)
    try:
        data, lines = _build(text, path, offset)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text, path, offset) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise SourceError(path, None, f"YAML 格式错误：{exc}") from None
    if isinstance(data, str | int | float) and (cause := scalar_root(text)):
        # Every content format is "key: value" lines; one plain value means a line like "title:测试".
        raise SourceError(path, cause.line + 1 + offset, f"YAML 格式错误：{cause.message}", cause.hint, column=cause.column + 1)
    return Source(path=path, data=data, lines=lines)


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(path, None, f"文件无法读取：{exc.strerror}") from None
    if size > limit:
        raise SourceError(
            path,
            None,
            f"文件太大（{size / 1024 / 1024:.1f} MB，上限 {limit // 1024 // 1024} MB）",
            "大的表格或材料请作为附件上传，不要写进正文或数据文件。",
        )
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError(path, None, "文件不是 UTF-8 编码", "请用 UTF-8 编码另存此文件（不要用 GBK）。") from None


def load_yaml_file(path: Path) -> Source:
    return parse_yaml(read_text(path, MAX_YAML_BYTES), path)


# A front matter key as editors write them: the first body line looking like
# one means a `---` inside a multi-line value closed the front matter early.
_KEY_LINE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*:(\s|$)")


def load_markdown(path: Path, text: str | None = None) -> Source:
    """Split ``---`` front matter from the body and parse it."""
    text = read_text(path) if text is None else text
    text = text.replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise SourceError(
            path,
            1,
            "缺少 YAML 头信息（文件必须以单独一行 --- 开始）",
            "在文件开头加上 ---，写好 title、published 等字段，再用一行 --- 结束。可以用 xxgk new 生成模板。",
        )
    end = text.find("\n---", 3)
    while end != -1 and text[end + 4 : end + 5] not in ("\n", ""):
        end = text.find("\n---", end + 4)
    if end == -1:
        raise SourceError(path, 1, "YAML 头信息没有结束行 ---", "在头信息之后加一行 ---。")
    front = text[4 : end + 1]
    if len(front.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise SourceError(
            path,
            1,
            f"头信息太长（超过 {MAX_FRONT_MATTER_BYTES // 1024} KB）",
            "头信息只写标题、日期、文号等字段；正文写在第二个 --- 之后。",
        )
    source = parse_yaml(front, path, offset=1)
    if source.data is None:
        source.data = {}
    body_start = end + 5
    source.body = text[body_start:]
    source.body_line = text.count("\n", 0, body_start) + 1
    check_text(source.body, path, source.body_line - 1)
    # The lines up to the first blank one: a "key:" among them means a `---`
    # inside a multi-line value closed the front matter too early.
    head = source.body.lstrip("\n").split("\n\n", 1)[0].split("\n")[:8]
    stray = next((line for line in head if _KEY_LINE.match(line)), None)
    if stray is not None:
        closing = source.body_line - 1
        raise SourceError(
            path,
            closing,
            f"头信息在第 {closing} 行的 --- 处提前结束了，后面的“{stray.split(':')[0]}:”也是头信息字段",
            "多行文字（如摘要 summary: |）里不能有单独一行的 ---：删掉它或改用别的分隔线（如 ———）。",
        )
    return source
