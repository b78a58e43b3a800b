"""Key tables for the editor's guide (EDITING.md), generated from the schemas.

The JSON Schemas are the single source of truth for every content format; the
guide shows them as tables between marker comments::

    <!-- keys:item begin … -->
    | 字段 | 中文名 | … |
    <!-- keys:item end -->

Long vocabularies (more than ``LONG_ENUM`` values, e.g. 主题分类) are listed
in full between ``<!-- values:item.topic begin -->`` markers under a heading
``### 主题分类一览``: messages about a value point there (``guide_list``);
``<!-- values:genres -->`` lists the 体裁分类 of ``data/genres.yml``.

``python -m generator.schemas.reference`` rewrites every marked table in
EDITING.md; ``--check`` only says whether one is out of date (a test runs it).
Add a table for another schema by adding its two markers to the guide.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from . import DATE_PATTERN, LONG_ENUM, load_schema

GUIDE = Path(__file__).resolve().parents[2] / "EDITING.md"
MARKERS = re.compile(
    r"(<!-- (?P<kind>keys|values):(?P<name>[a-z0-9.-]+) begin[^>]*-->\n)(?P<body>.*?)(<!-- (?P=kind):(?P=name) end -->)",
    re.S,
)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return schema["$defs"][ref.rsplit("/", 1)[1]]
    return node


def _object_variant(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any] | None:
    """The mapping form of a node (itself, its list items, or one of its oneOf forms)."""
    node = _resolve(schema, node)
    if node.get("type") == "object" and "properties" in node:
        return node
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        return _object_variant(schema, node["items"])
    for variant in node.get("oneOf", []):
        found = _object_variant(schema, variant)
        if found:
            return found
    return None


def kind(schema: dict[str, Any], node: dict[str, Any]) -> str:
    """How a value is written, in the editor's words."""
    node = _resolve(schema, node)
    if "oneOf" in node:
        return "或".join(dict.fromkeys(kind(schema, v) for v in node["oneOf"]))
    if "enum" in node:
        values = [str(v) for v in node["enum"]]
        return f"{len(values)} 个固定取值之一" if len(values) > LONG_ENUM else "之一：" + " / ".join(values)
    t = node.get("type")
    if t == "string":
        if node.get("format") == "xxgk-date-time":
            return "日期 YYYY-MM-DD（可加时间 HH:MM）"
        return "日期 YYYY-MM-DD" if node.get("pattern") == DATE_PATTERN else "文字"
    if t == "integer":
        return "整数"
    if t == "boolean":
        return "true 或 false"
    if t == "array":
        items = node.get("items") if isinstance(node.get("items"), dict) else {}
        inner = _resolve(schema, items)
        return "键值表的列表" if inner.get("type") == "object" or "$ref" in items else "列表"
    if t == "object":
        return "键值表"
    return "见说明"


def rows(schema: dict[str, Any], node: dict[str, Any] | None = None, prefix: str = "") -> list[tuple[str, ...]]:
    """(key, 中文名, 写法, 必填, 说明) for every key, nested keys as ``office.name``."""
    node = schema if node is None else node
    out: list[tuple[str, ...]] = []
    required = set(node.get("required", []))
    for key, prop in node.get("properties", {}).items():
        prop = _resolve(schema, prop)
        name = f"{prefix}{key}"
        text = " ".join(str(prop.get("description", "")).split())
        out.append((name, str(prop.get("title", "")), kind(schema, prop), "必填" if key in required else "", text))
        nested = _object_variant(schema, prop)
        if nested is not None and nested is not node:
            many = prop.get("type") == "array" or "oneOf" in prop
            out.extend(rows(schema, nested, f"{name}[]." if many else f"{name}."))
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def table(name: str) -> str:
    schema = load_schema(name)
    lines = ["| 字段 | 中文名 | 写法 | 必填 | 说明 |", "|---|---|---|---|---|"]
    for key, title, how, required, text in rows(schema):
        lines.append(f"| `{key}` | {_cell(title)} | {_cell(how)} | {required} | {_cell(text)} |")
    return "\n".join(lines) + "\n"


def enum_at(name: str) -> dict[str, Any]:
    """The schema node of ``schema.key.key`` (lists are looked through), e.g. ``item.topic``."""
    schema_name, *keys = name.split(".")
    schema = load_schema(schema_name)
    node: dict[str, Any] = schema
    for key in keys:
        node = _resolve(schema, node)
        while node.get("type") == "array" and isinstance(node.get("items"), dict):
            node = _resolve(schema, node["items"])
        node = node.get("properties", {})[key]
    node = _resolve(schema, node)
    while "enum" not in node and isinstance(node.get("items"), dict):
        node = _resolve(schema, node["items"])
    return node


def _long(schema: dict[str, Any], node: dict[str, Any], keys: tuple[str, ...], title: str, seen: set[int]) -> dict[str, str]:
    node = _resolve(schema, node)
    if id(node) in seen:  # site.yml's columns nest through a $ref to themselves
        return {}
    seen.add(id(node))
    found = {".".join(keys): title} if len(node.get("enum", [])) > LONG_ENUM else {}
    if isinstance(node.get("items"), dict):
        found |= _long(schema, node["items"], keys, title, seen)
    for key, child in node.get("properties", {}).items():
        found |= _long(schema, child, (*keys, key), str(_resolve(schema, child).get("title", key)), seen)
    return found


def long_enums() -> dict[str, str]:
    """Every vocabulary too long for a message, as ``schema.key`` → its title."""
    found: dict[str, str] = {}
    for path in sorted(Path(__file__).parent.glob("*.schema.json")):
        name = path.name.removesuffix(".schema.json")
        found |= _long(load_schema(name), load_schema(name), (name,), "", set())
    return found


def value_list(name: str) -> str:
    """Every allowed value, as a table by first level when values are ``一级\\二级``, else a list."""
    if name == "genres":
        from ..config import data_file

        return "".join(f"- {genre}\n" for genre in data_file("genres.yml"))
    values = [str(v) for v in enum_at(name)["enum"]]
    if not any("\\" in v for v in values):
        return "".join(f"- {_cell(v)}\n" for v in values)
    seconds: dict[str, list[str]] = {}
    for value in values:
        first, _, second = value.partition("\\")
        seconds.setdefault(first, [])
        if second:
            seconds[first].append(second)
    lines = ["| 一级分类 | 二级分类（用分号隔开） |", "|---|---|"]
    lines += [f"| {_cell(first)} | {_cell('；'.join(subs))} |" for first, subs in seconds.items()]
    return "\n".join(lines) + "\n"


def sync(text: str) -> str:
    """``text`` with every marked key table and value list regenerated."""

    def fresh(m: re.Match[str]) -> str:
        body = table(m.group("name")) if m.group("kind") == "keys" else value_list(m.group("name"))
        return m.group(1) + body + m.group(5)

    return MARKERS.sub(fresh, text)


def tables_in(text: str, kind: str = "keys") -> list[str]:
    """The key tables (``kind="keys"``) or value lists (``"values"``) marked in ``text``."""
    return [m.group("name") for m in MARKERS.finditer(text) if m.group("kind") == kind]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="从 JSON Schema 重新生成编辑指南中的字段表")
    parser.add_argument("guide", nargs="?", type=Path, default=GUIDE)
    parser.add_argument("--check", action="store_true", help="只检查字段表是否最新，不改文件")
    args = parser.parse_args(argv)
    text = args.guide.read_text(encoding="utf-8")
    fresh = sync(text)
    if fresh == text:
        print(f"{args.guide.name}：字段表已是最新（{', '.join(tables_in(text) + tables_in(text, 'values'))}）。")
        return 0
    if args.check:
        print(f"{args.guide.name} 的字段表与 schema 不一致：运行 python -m generator.schemas.reference", file=sys.stderr)
        return 1
    args.guide.write_text(fresh, encoding="utf-8")
    print(f"已更新 {args.guide.name} 中的字段表（{', '.join(tables_in(text) + tables_in(text, 'values'))}）。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
