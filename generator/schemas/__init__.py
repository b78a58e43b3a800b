"""JSON Schemas: the single source of truth for every content format.

Each format (item front matter, guide, rule page, site configuration, …) has
one ``*.schema.json`` file here. The same file validates content (through
:func:`validate`), documents the keys with their Chinese labels, and is what
editors point VS Code's YAML extension at for completion.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import caches, diskmemo
from ..dates import guess_date
from ..diagnostics import Problem, choices_hint, nearest
from ..sources import Source

if TYPE_CHECKING:
    import jsonschema

SCHEMA_DIR = Path(__file__).parent
# A vocabulary longer than this (主题分类) is not listed in messages and key
# tables: its values are listed in a section of EDITING.md of its own.
LONG_ENUM = 12


def guide_list(title: str) -> str:
    """Where EDITING.md lists every value of a long vocabulary (``reference.py`` writes that section)."""
    return f"编辑指南 EDITING.md#{title}一览"


@cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    day, _, time = value.partition(" ")
    try:
        dt.date.fromisoformat(day)
        if time:
            dt.time.fromisoformat(time)
    except ValueError:
        return False
    return True


@cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    # Imported when first needed (~0.08 s): a rebuild whose documents the memo found valid
    # before, as after an edit of an item's text alone, validates nothing.
    import jsonschema

    schema = load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=_formats())


@cache
def _formats() -> jsonschema.FormatChecker:
    """"format": "date" is checked: a date of the right shape must also exist (no 02-30);
    "xxgk-date-time" is a date that may carry a time of day (a 发布日期 kept from a legacy site)."""
    import jsonschema

    formats = jsonschema.FormatChecker(["date"])
    formats.checks("xxgk-date-time")(_date_time)
    return formats


def _subschema(schema: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any]:
    """The schema that describes the value at ``path`` (best effort)."""
    node = schema
    for key in path:
        node = node.get("items", {}) if isinstance(key, int) else node.get("properties", {}).get(key, {})
    return node


def label(schema_name: str, path: tuple[Any, ...]) -> str:
    """``发布日期(published)`` for a key path, as shown in messages."""
    if not path:
        return ""
    names = [str(p) if isinstance(p, str) else f"第{p + 1}项" for p in path]
    title = _subschema(load_schema(schema_name), tuple(path)).get("title")
    text = ".".join(names)
    return f"{title}({text})" if title and isinstance(path[-1], str) else text


_TYPE_NAMES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "array": "列表",
    "object": "键值表",
    "boolean": "是/否",
    "null": "空值",
}


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"“{value}”"
    return json.dumps(value, ensure_ascii=False, default=str)


DATE_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$"
_DATE_FORM = "日期写成 2024-03-05 这样：四位年份、两位月份、两位日期，用减号连接。"


def _date_hint(value: Any) -> str:
    """The date meant, when the value has one reading (2026年11月27日 → 2026-11-27)."""
    meant = guess_date(value) if not isinstance(value, bool | list | dict) else None
    return f"是不是 {meant}？{_DATE_FORM}" if meant else _DATE_FORM


def _problem_for(
    error: jsonschema.ValidationError, schema_name: str, source: Source, rel: str, extra_key: str = ""
) -> Problem:
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    field = label(schema_name, path)
    line = source.line(*path)
    hint = ""
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        sub = _subschema(load_schema(schema_name), path + (missing,))
        field = label(schema_name, path + (missing,))
        message = f"缺少必填字段 {missing}（{sub.get('title', missing)}）"
        # Every message carries a hint: the key's description, else where to add it.
        hint = sub.get("description") or f"加上一行 {missing}: 并填写{sub.get('title', '内容')}。"
        line = source.line(*path) if path else 1
    elif kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        key = extra_key or next((k for k in (error.instance or {}) if k not in allowed), "")
        field = ".".join([*map(str, path), key]) if path else key
        line = source.line(*path, key)
        message = f"不认识的字段 {key}"
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.5)
        titles = {k: v.get("title", k) for k, v in schema.get("properties", {}).items()}
        by_title = [k for k, t in titles.items() if t == key]
        if key != key.strip(" \u3000") and key.strip(" \u3000") in allowed:
            message = f"字段名 {key.strip(' ' + chr(0x3000))} 前面有全角空格"
            hint = "缩进只能用半角空格：删掉字段名前面的全角空格。"
        elif close:
            hint = f"是不是要写 {close[0]}（{titles[close[0]]}）？"
        elif by_title:
            hint = f"字段名请用英文 {by_title[0]}，不要用中文“{key}”。"
        else:
            hint = "可用的字段有：" + "、".join(f"{k}（{t}）" for k, t in titles.items())
    elif kind == "type":
        wanted = schema.get("type")
        wanted = [wanted] if isinstance(wanted, str) else wanted or []
        names = "或".join(_TYPE_NAMES.get(w, w) for w in wanted)
        message = f"应当是{names}，实际写的是 {_describe(error.instance)}"
        quote = "给这个值加上引号。"
        if str(schema.get("pattern", "")).startswith("^\\d{4}-\\d{2}-\\d{2}"):
            quote = _date_hint(error.instance)
        hint = quote if "string" in wanted else f"这里应填{names}。" + (schema.get("description") or "")
    elif kind == "enum":
        options = [str(o) for o in schema.get("enum", [])]
        message = f"{_describe(error.instance)} 不是允许的取值"
        if len(options) <= LONG_ENUM:
            close = nearest(str(error.instance), options, n=1, cutoff=0.5)
            hint = (f"是不是要写：{close[0]}？\n" if close else "") + "可选的取值：\n" + "\n".join(f"  {o}" for o in options)
        else:
            hint = choices_hint(str(error.instance), options, guide_list(schema.get("title", "")))
    elif kind == "pattern":
        message = f"{_describe(error.instance)} 格式不对"
        hint = schema.get("description", "")
        if "\\d{4}-\\d{2}-\\d{2}" in schema.get("pattern", ""):
            message = f"{_describe(error.instance)} 不是 YYYY-MM-DD 格式的日期"
            hint = _date_hint(error.instance)
            if schema.get("format") == "xxgk-date-time":
                message = f"{_describe(error.instance)} 不是 YYYY-MM-DD 或 YYYY-MM-DD HH:MM 格式的日期"
                hint += "要写时间时，日期后空一格写 24 小时制的时和分：2024-03-05 09:30。"
    elif kind == "format":
        message = f"{_describe(error.instance)}不是真实存在的日期"
        hint = "检查月份（01–12）和日期是否存在。"
        if schema.get("format") == "xxgk-date-time" and " " in str(error.instance):
            message = f"{_describe(error.instance)}不是真实存在的日期和时间"
            hint = "检查月份（01–12）、日期是否存在，时间是否在 00:00 到 23:59 之间。"
        kind = "date"
    elif kind == "minLength" and isinstance(error.instance, str) and error.instance.strip():
        message = f"太短：至少要写 {schema.get('minLength')} 个字"
        hint = schema.get("description") or "把内容写完整。"
    elif kind in ("minLength", "minItems"):
        message = "不能为空"
        hint = schema.get("description") or "填写内容，或删去这一行。"
    elif kind == "maxLength":
        message = f"太长：写了 {len(error.instance)} 个字，最多 {schema.get('maxLength')} 个字"
        hint = "精简这段文字；长篇内容写在正文里或作为附件。"
    elif kind in ("oneOf", "anyOf"):
        message = f"{_describe(error.instance)} 的写法不对"
        hint = schema.get("description", "")
    elif kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        message = f"{_describe(error.instance)} 超出允许范围（{kind} {schema.get(kind)}）"
    else:
        message = error.message
    return Problem(rel, line, field, message, hint, rule=f"{schema_name}.{kind}")


LARGEST = 10**15  # no count or amount in a disclosure comes near; beyond it JSON loses precision


def _number_problems(data: Any, path: tuple[Any, ...], schema_name: str, source: Source, rel: str) -> list[Problem]:
    """Numbers no schema keyword catches: .nan and .inf pass ``minimum``/``maximum``."""
    out: list[Problem] = []
    if isinstance(data, dict):
        for key, value in data.items():
            out.extend(_number_problems(value, (*path, key), schema_name, source, rel))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out.extend(_number_problems(value, (*path, index), schema_name, source, rel))
    elif isinstance(data, float) and not math.isfinite(data) or isinstance(data, int | float) and not isinstance(data, bool) and abs(data) > LARGEST:
        out.append(
            Problem(
                rel,
                source.line(*path),
                label(schema_name, path),
                f"{_describe(data) if math.isfinite(data) else data}不是可用的数字",
                "填写实际的数字；没有数据时写 0，不要写 .nan、.inf 或过大的数。",
                rule=f"{schema_name}.number",
            )
        )
    return out


# Documents already found valid, by schema and content. ``mkdocs serve`` re-checks
# every item on each edit: at 10 000 items jsonschema would take seconds, while
# the key costs a few microseconds (repr keeps types apart: 1, "1", 1.0, True).
# Only valid documents are remembered, because messages carry line numbers,
# which the data alone does not determine.
_valid: set[bytes] = set()
caches.register(_valid.clear)


def invalid_sections(data: Any, schema_name: str) -> set[str] | None:
    """Top-level keys whose value breaks the schema (to be ignored rather than
    used), or None when the document as a whole is unusable. Kept in the build's
    memo by schema and data, as :func:`validate` keeps what it found valid."""
    if not isinstance(data, dict):
        return None
    digest = diskmemo.key("sections", schema_name, repr(data)) if diskmemo.active() else b""
    kept = diskmemo.get("valid", digest) if digest else None
    if kept is not None:
        usable, names = kept
        return set(names) if usable else None
    bad = _invalid_sections(data, schema_name)
    if digest:
        diskmemo.put("valid", digest, (bad is not None, tuple(sorted(bad or ()))))
    return bad


def _invalid_sections(data: dict[str, Any], schema_name: str) -> set[str] | None:
    bad: set[str] = set()
    for error in _validator(schema_name).iter_errors(data):
        path = list(error.absolute_path)
        if path:
            bad.add(str(path[0]))
        elif error.validator == "additionalProperties":
            bad.update(str(k) for k in data if k not in load_schema(schema_name).get("properties", {}))
        elif error.validator != "required":
            return None
    return bad


def validate(data: Any, schema_name: str, source: Source, rel: str) -> list[Problem]:
    """Validate ``data`` against a schema; one problem per error, in Chinese."""
    # A digest, not the text: the set holds one per document of the site (memory, issue 11).
    key = diskmemo.key(schema_name, repr(data))
    if key in _valid:
        return []
    # Found valid by an earlier build (generator/diskmemo.py; its version covers the schemas).
    digest = key if diskmemo.active() else b""
    if digest and diskmemo.get("valid", digest):
        _valid.add(key)
        return []
    errors = sorted(_validator(schema_name).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    # One message per mistake: a value of the wrong type or shape is not also "not a real date".
    shaped = {tuple(e.absolute_path) for e in errors if e.validator in ("type", "pattern")}
    errors = [e for e in errors if not (e.validator == "format" and tuple(e.absolute_path) in shaped)]
    problems = _number_problems(data, (), schema_name, source, rel)
    if not errors and not problems:
        _valid.add(key)
        if digest:
            diskmemo.put("valid", digest, True)
    for error in errors:
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            # jsonschema reports all unknown keys of a mapping in one error: one message per key.
            allowed = (error.schema or {}).get("properties", {}) if isinstance(error.schema, dict) else {}
            for key in (k for k in error.instance if k not in allowed):
                problems.append(_problem_for(error, schema_name, source, rel, extra_key=str(key)))
        else:
            problems.append(_problem_for(error, schema_name, source, rel))
    return problems
