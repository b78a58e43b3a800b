"""YAML syntax errors explained in Chinese, at the line that caused them.

libyaml reports where its parser gave up, which is often a line after the
mistake (``published：2026-11-27`` is read as a plain string, so the parser
complains at the next line that a ``:`` is missing) and always in English.
:func:`explain` looks at the text around the marks for the mistakes editors
actually make — a full-width colon or space, tab indentation, an unclosed or
early-closed quote, a backslash inside double quotes, a missing space after
the colon, a colon inside a value, wrong indentation — and names the line and
column where it is, with a fix that fits that cause (quotes are suggested only
where quotes are the fix). Anything else is still translated.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import yaml

# A key as editors write one: an English key name, or a short Chinese one (a
# mistake the schema check names next). Optionally as a list entry "- key".
_KEY = r"(?P<indent>[ \t\u3000]*)(?P<dash>-[ \t]+)?(?P<key>[A-Za-z_][A-Za-z0-9_.-]*|[\u4e00-\u9fff]{1,12})"
_FULLWIDTH_COLON = re.compile(_KEY + r"[ \t]*：")
_FULLWIDTH_SPACE_AFTER = re.compile(_KEY + r":\u3000")
_NO_SPACE_AFTER = re.compile(_KEY + r":(?=[^\s/\\:])")  # not "http://", "C:\", "a::b"
_KEY_LINE = re.compile(_KEY + r":(\s|$)")
_LEADING = re.compile(r"^[ \t\u3000]*")

# What libyaml says (the pure-Python parser words a few differently), in Chinese.
_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    ("could not find expected ':'", "这一行缺少冒号“:”"),
    ("mapping values are not allowed", "这里不能出现“冒号加空格”"),
    ("did not find expected key", "这一行的位置（缩进）不对，读不出字段名"),
    ("expected <block end>", "这一行的位置（缩进）不对，读不出字段名"),
    ("block sequence entries are not allowed", "列表项“- ”不能写在这里"),
    ("found character that cannot start any token", "这个字符不能出现在值的开头"),
    ("found a tab character", "用了制表符（Tab）缩进"),
    ("found unexpected end of stream", "引号没有配对"),
    ("found unknown escape character", "双引号里的反斜杠“\\”后面是不认识的转义"),
    ("did not find expected hexdecimal number", "双引号里的反斜杠“\\”被当成了转义符"),
    ("found invalid Unicode character escape code", "双引号里的反斜杠“\\”被当成了转义符"),
    ("did not find expected ',' or ']'", "方括号“[”没有配对的“]”"),
    ("did not find expected ',' or '}'", "花括号“{”没有配对的“}”"),
    ("found unexpected document indicator", "值的中间出现了单独一行 --- 或 ..."),
    ("did not find expected <document start>", "这一行读不出“字段: 值”"),
    ("did not find expected alphabetic or numeric character", "值以 * 或 & 开头，被当成了 YAML 的引用记号"),
    ("did not find expected whitespace or line break", "值以 ! 开头，被当成了 YAML 的标签"),
    ("found unexpected non-alphabetical character", "行首的 % 被当成了 YAML 指令"),
    ("did not find expected comment or line break", "这一行在值的后面还有多余的内容"),
    ("found an indentation indicator equal to 0", "多行文字记号 | 或 > 后面的数字不对"),
    ("did not find expected node content", "这里缺少值"),
    ("found unexpected ':'", "这里不能出现冒号"),
    ("control characters are not allowed", "含有不可见的控制字符"),
)
_GENERIC_HINT = "对照上下几行检查：每行写成“字段名: 值”（英文冒号后加一个空格），同一层的字段左边对齐、只用空格缩进。"


@dataclass
class Explanation:
    line: int  # 0-based, within the parsed text
    column: int  # 0-based
    message: str
    hint: str


def _mark(exc: yaml.YAMLError, name: str) -> tuple[int, int] | None:
    mark = getattr(exc, name, None)
    return (mark.line, mark.column) if mark is not None else None


def _line_cause(lines: list[str], n: int) -> Explanation | None:
    """A mistake visible on line ``n`` alone (the usual real causes)."""
    text = lines[n] if 0 <= n < len(lines) else ""
    leading = _LEADING.match(text).group()  # type: ignore[union-attr]
    if "\t" in leading:
        return Explanation(
            n, leading.index("\t"), "行首用了制表符（Tab）缩进",
            "YAML 只能用空格缩进：把行首的 Tab 换成空格，与同一层的其他行左边对齐。",
        )
    if "\u3000" in leading:
        return Explanation(
            n, leading.index("\u3000"), "行首用了全角空格缩进",
            "缩进只能用半角空格：删掉行首的全角空格（输入法切换到半角后重新输入空格）。",
        )
    if found := _FULLWIDTH_COLON.match(text):
        key = found.group("key")
        rest = text[found.end() :].lstrip(" \t\u3000")
        fixed = f"{found.group('indent')}{found.group('dash') or ''}{key}: {rest}".rstrip()
        return Explanation(
            n, found.end() - 1, f"字段名 {key} 后面用了全角冒号“：”",
            f"改成英文冒号加一个空格：{fixed.strip()}",
        )
    if found := _FULLWIDTH_SPACE_AFTER.match(text):
        key = found.group("key")
        return Explanation(
            n, found.end() - 1, f"字段名 {key} 的冒号后面是全角空格",
            f"冒号后面要用半角空格：{key}: {text[found.end():].strip()}",
        )
    if found := _NO_SPACE_AFTER.match(text):
        key = found.group("key")
        return Explanation(
            n, found.end() - 1, f"字段名 {key} 的冒号后面缺少空格",
            f"在冒号后面加一个空格：{key}: {text[found.end():].strip()}",
        )
    return None


def _quote_opened(lines: list[str], first: int, last: int) -> Explanation | None:
    """A value that opens a quote and does not close it on its line."""
    for n in range(max(first, 0), min(last, len(lines) - 1) + 1):
        found = _KEY_LINE.match(lines[n]) or re.match(r"(?P<indent>\s*)(?P<dash>-\s+)", lines[n])
        if not found:
            continue
        value = lines[n][found.end() :].strip()
        quote = value[:1]
        if quote in ('"', "'") and not _closes(value, quote):
            return Explanation(
                n, lines[n].index(quote, found.end()), f"{_QUOTE_NAMES[quote]}没有配对：值的开头有 {quote}，结尾没有",
                f"在值的末尾补上 {quote}；值里本身要用引号时，改用中文引号“”。",
            )
    return None


_QUOTE_NAMES = {'"': "双引号", "'": "单引号"}


def _closes(value: str, quote: str) -> bool:
    body = value[1:]
    if quote == '"':
        body = re.sub(r"\\.", "", body)
        return '"' in body
    return "'" in body.replace("''", "")


def _backslash(lines: list[str], n: int, column: int) -> Explanation:
    text = lines[n] if 0 <= n < len(lines) else ""
    found = _KEY_LINE.match(text)
    key = found.group("key") if found else ""
    value = text[found.end() :].strip() if found else ""
    hint = "双引号里的 \\ 是转义符：把两边的双引号删掉（不加引号时 \\ 照原样保留），或改用单引号。"
    if found and value.startswith('"') and value.endswith('"'):
        inner = value[1:-1]
        plain = inner if _plain_ok(inner) else "'" + inner.replace("'", "''") + "'"
        hint += f"改成：{key}: {plain}"
        if "\\" in inner and (":\\" in inner or inner.count("\\") > 1 and "." in inner):
            hint += "（附件只写文件名，文件放在本文件旁边，不写 C:\\… 这样的路径）"
    backslash = text.rfind("\\", 0, column + 1)
    return Explanation(n, backslash if backslash >= 0 else column, "双引号里的反斜杠“\\”被当成了转义符", hint)


def _plain_ok(value: str) -> bool:
    """``value`` reads back unchanged when written without quotes."""
    try:
        return yaml.safe_load(f"k: {value}") == {"k": value}
    except yaml.YAMLError:
        return False


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False) if '"' not in value else "'" + value.replace("'", "''") + "'"


def _translate(problem: str) -> str:
    return next((chinese for english, chinese in _TRANSLATIONS if problem.startswith(english)), "这一行的写法不对")


def _indent(text: str) -> int:
    return len(_LEADING.match(text).group())  # type: ignore[union-attr]


def _previous(lines: list[str], n: int) -> int | None:
    """The nearest line above ``n`` holding content (not blank, not a comment)."""
    for m in range(n - 1, -1, -1):
        if lines[m].strip() and not lines[m].lstrip().startswith("#"):
            return m
    return None


def scalar_root(text: str) -> Explanation | None:
    """Why a file that should hold "key: value" lines parsed as one plain value
    (``title:测试`` alone is valid YAML: a string), if a line shows it."""
    lines = text.split("\n")
    return next((cause for n in range(len(lines)) if (cause := _line_cause(lines, n))), None)


def explain(exc: yaml.YAMLError, text: str) -> Explanation:
    """The cause of a YAML syntax error in ``text``, located (0-based line and column)."""
    lines = text.split("\n")
    problem = str(getattr(exc, "problem", None) or getattr(exc, "context", None) or exc)
    context = str(getattr(exc, "context", None) or "")
    at = _mark(exc, "problem_mark") or _mark(exc, "context_mark") or (0, 0)
    start = _mark(exc, "context_mark") or at
    n, column = at
    # The mistake is often on the line above the mark: the parser read it as part of a value.
    above = _previous(lines, n)
    first = min(start[0], n, above if above is not None else n)
    line_text = lines[n] if 0 <= n < len(lines) else ""

    if problem.startswith(("found unknown escape", "did not find expected hexdecimal", "found invalid Unicode")):
        return _backslash(lines, n, column)
    if problem.startswith("found unexpected end of stream") and "quoted" in context:
        return _quote_opened(lines, start[0], start[0]) or Explanation(
            start[0], start[1], "引号没有配对", "在值的末尾补上配对的引号；值里本身要用引号时，改用中文引号“”。"
        )
    # A mistake on a line at or above the mark (the parser notices it late).
    for m in range(first, n + 1):
        if cause := _line_cause(lines, m):
            return cause
    if "\t" in line_text[: column + 1] and problem.startswith(("found character that cannot", "found a tab")):
        return Explanation(n, line_text.index("\t"), "用了制表符（Tab）", "YAML 只能用空格：把 Tab 换成空格。")
    if quote := _quote_opened(lines, 0, n):
        # A quote left open swallows the lines after it; the parser stops where the next quote closes it.
        return quote
    if problem.startswith("mapping values are not allowed"):
        key = _KEY_LINE.match(line_text)
        if key and key.end() - 1 < column:
            value = line_text[key.end() :].strip()
            return Explanation(
                n, column, f"{key.group('key')} 的值里有“冒号加空格”",
                f"整个值用引号括起来：{key.group('key')}: {_quoted(value)}，或把值里的冒号改成中文冒号“：”。",
            )
        if above is not None and _indent(line_text) > _indent(lines[above]):
            return Explanation(
                n, _indent(line_text), "这一行比上一行多缩进了",
                f"同一层的字段左边要对齐：删掉行首多出的空格（上一行第 {above + 1 - first + first} 行不是可以嵌套字段的“字段:”）。"
                if False else "同一层的字段左边要对齐：删掉行首多出的空格；只有写在单独一行的“字段:”下面才能缩进。",
            )
    if problem.startswith(("did not find expected key", "expected <block end>", "block sequence entries")):
        before = line_text[:column]
        if early := re.search(r"""(?::\s+|^\s*-\s+)(["']).*(\1)""", before):
            return Explanation(
                n, early.start(2), "值的引号提前结束了：值的中间又出现了同样的引号",
                "值里面的引号改用中文引号“”，或者去掉值两边的引号。",
            )
        if line_text.lstrip().startswith("-"):
            return Explanation(
                n, _indent(line_text), "列表项“- ”的位置不对",
                "列表项写在单独一行的“字段:”下面，每项一行、以“- ”开头、左边对齐，例如：\nattachments:\n  - file: 附件1.pdf",
            )
        return Explanation(
            n, _indent(line_text), "这一行的缩进与上下文不一致",
            "同一层的字段左边要对齐；下一层的内容比“字段:”多缩进两个空格，只用空格。",
        )
    if problem.startswith("found character that cannot start any token") and column < len(line_text):
        char = line_text[column]
        return Explanation(
            n, column, f"值不能以“{char}”开头",
            f"把整个值用引号括起来，例如：{_fix_value(line_text)}",
        )
    if problem.startswith(("did not find expected alphabetic", "did not find expected whitespace")):
        return Explanation(n, start[1], _translate(problem), f"把整个值用引号括起来，例如：{_fix_value(line_text)}")
    if problem.startswith("did not find expected ',' or ']'"):
        return Explanation(
            start[0], start[1], "方括号“[”没有配对",
            "在列表的末尾补上“]”；写在方括号里的列表要写在一行内，项之间用英文逗号分隔。",
        )
    if problem.startswith("did not find expected ',' or '}'"):
        return Explanation(
            start[0], start[1], "花括号“{”没有配对",
            "在末尾补上“}”；不需要花括号时删掉它，每个字段写成单独一行的“字段: 值”。",
        )
    if problem.startswith("could not find expected ':'"):
        n = start[0]
        return Explanation(n, start[1], "这一行缺少冒号“:”", "每行写成“字段名: 值”：字段名后面是英文冒号和一个空格。")
    return Explanation(n, column, _translate(problem), _GENERIC_HINT)


def _fix_value(line: str) -> str:
    found = _KEY_LINE.match(line)
    if not found:
        return line.strip()
    return f"{found.group('key')}: {_quoted(line[found.end():].strip())}"

