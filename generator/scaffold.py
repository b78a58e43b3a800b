"""A new item's file as ``xxgk new`` writes it, made from the item schema.

Every key the schema allows is in the file, in the schema's order, under a
comment holding its Chinese title and description (the schema is the one
source of both): the keys an item of that column needs are filled in, the
others stay commented out with an example value. What a column's items start
with is decided by the core (today's dates, the agency as 发文机关, the genre
a title ends with) and by the features (``Feature.new_item``: the 政策解读
column gets ``genre: 政策解读``, ``interprets`` and ``form``).

The scaffold's own placeholders are named here too, so the item check can
refuse a file that still holds them (:data:`BODY_PLACEHOLDER`,
:data:`PLACEHOLDER_TITLES`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .schemas import LONG_ENUM, guide_list, load_schema
from .sources import SourceError, parse_yaml

BODY_PLACEHOLDER = "在这里写正文"
BODY = f"{BODY_PLACEHOLDER}（Markdown 格式：空一行分段，## 开头的一行是小标题，1. 开头是编号列表）。\n"
# Titles no document has: what is typed to try the command out.
PLACEHOLDER_TITLES = frozenset({"测试", "测试测试", "测试标题", "标题", "新标题", "无标题", "示例", "样例", "test", "title", "xxx"})

# Filled in for every column (a blank value means "none" to the checks);
# the rest of the schema's keys are written commented out unless a value is given.
ALWAYS = ("title", "index_no", "published", "written", "doc_no", "issuer", "topic", "genre", "keywords", "audience")
# Example values of the keys left commented out.
EXAMPLES: dict[str, Any] = {
    "validity": "有效",
    "form": "文字解读",
    "attachments": [{"file": "附件1.pdf", "title": "附件1 申请表"}],
}


def genre_from_title(title: str, genres: tuple[str, ...]) -> str | None:
    """The genre a 公文 title names by its last words (…的通知 → 通知), if one does."""
    ending = title.rstrip("。 ").removesuffix("（试行）").removesuffix("(试行)")
    found = [g for g in genres if g != "其他" and ending.endswith(g)]
    return max(found, key=len) if found else None


def yaml_value(value: Any) -> str:
    """``value`` as it is written after ``key: `` and read back unchanged (a
    title may hold ": ", " #", a leading "[" or "*" …: then it is quoted)."""
    if value is None or value == "":
        return ""
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]" if all(isinstance(v, str) for v in value) else ""
    text = str(value)
    try:  # read back the way content is read (dates stay text)
        if parse_yaml(f"k: {text}", Path("-")).data == {"k": text}:
            return text
    except SourceError:
        pass
    return json.dumps(text, ensure_ascii=False)


def _comment(key: str, prop: dict[str, Any], required: bool) -> str:
    title = prop.get("title", key)
    text = " ".join(str(prop.get("description", "")).split())
    if len(prop.get("enum", [])) > LONG_ENUM:
        text += f" 全部取值见{guide_list(title)}。"
    elif "enum" in prop:
        text += " 可选：" + " / ".join(map(str, prop["enum"])) + "。"
    return f"# {title}{'（必填）' if required else ''}：{text}".rstrip("：")


def _lines(key: str, value: Any, commented: bool) -> list[str]:
    mark = "# " if commented else ""
    if isinstance(value, list) and value and not all(isinstance(v, str) for v in value):
        out = [f"{mark}{key}:"]
        for entry in value:
            pairs = list(entry.items())
            out.append(f"{mark}  - {pairs[0][0]}: {yaml_value(pairs[0][1])}")
            out.extend(f"{mark}    {k}: {yaml_value(v)}" for k, v in pairs[1:])
        return out
    return [f"{mark}{key}: {yaml_value(value)}".rstrip()]


def render(values: dict[str, Any], body: str = BODY, examples: dict[str, Any] | None = None) -> str:
    """The item file: every key of the item schema, ``values`` filled in, the
    others commented out with an example (``examples`` adds the site's own)."""
    examples = {**EXAMPLES, **(examples or {})}
    schema = load_schema("item")
    required = set(schema.get("required", []))
    lines = ["---"]
    for key, prop in schema["properties"].items():
        lines.append(_comment(key, prop, key in required))
        active = key in values or key in ALWAYS
        lines.extend(_lines(key, values.get(key) if active else examples.get(key, ""), commented=not active))
    lines.append("---")
    return "\n".join(lines) + "\n\n" + body
