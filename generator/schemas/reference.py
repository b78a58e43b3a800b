"""Key tables for the editor's guide (EDITING.md), generated from the schemas.

The JSON Schemas are the single source of truth for every content format; the
guide shows them as tables between marker comments::

    <!-- keys:item begin … -->
    | 字段 | 中文名 | … |
    <!-- keys:item end -->

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

from . import load_schema

GUIDE = Path(__file__).resolve().parents[2] / "EDITING.md"
MARKERS = re.compile(
    r"(<!-- keys:(?P<name>[a-z0-9-]+) begin[^>]*-->\n)(?P<body>.*?)(<!-- keys:(?P=name) end -->)", re.S
)
DATE_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$"
LONG_ENUM = 12  # longer vocabularies (主题分类) are named, not listed


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


def sync(text: str) -> str:
    """``text`` with every marked key table regenerated."""
    return MARKERS.sub(lambda m: m.group(1) + table(m.group("name")) + m.group(4), text)


def tables_in(text: str) -> list[str]:
    return [m.group("name") for m in MARKERS.finditer(text)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="从 JSON Schema 重新生成编辑指南中的字段表")
    parser.add_argument("guide", nargs="?", type=Path, default=GUIDE)
    parser.add_argument("--check", action="store_true", help="只检查字段表是否最新，不改文件")
    args = parser.parse_args(argv)
    text = args.guide.read_text(encoding="utf-8")
    fresh = sync(text)
    if fresh == text:
        print(f"{args.guide.name}：字段表已是最新（{', '.join(tables_in(text))}）。")
        return 0
    if args.check:
        print(f"{args.guide.name} 的字段表与 schema 不一致：运行 python -m generator.schemas.reference", file=sys.stderr)
        return 1
    args.guide.write_text(fresh, encoding="utf-8")
    print(f"已更新 {args.guide.name} 中的字段表（{', '.join(tables_in(text))}）。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
