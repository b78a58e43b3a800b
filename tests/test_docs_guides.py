"""The editor's guide and the README stay true to the code: key tables are
generated from the JSON Schemas, and every command they name exists."""

from __future__ import annotations

import re
from pathlib import Path

from generator.cli import VERBS
from generator.schemas import guide_list, load_schema
from generator.schemas.reference import long_enums, rows, sync, tables_in

ROOT = Path(__file__).resolve().parent.parent
EDITING = (ROOT / "EDITING.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_key_tables_are_generated_from_the_schemas() -> None:
    assert sync(EDITING) == EDITING, "EDITING.md 的字段表已过期：运行 .venv/bin/python -m generator.schemas.reference"


def test_every_core_format_has_a_key_table() -> None:
    assert {"item", "guide", "site", "page"} <= set(tables_in(EDITING))


def test_every_key_and_chinese_label_is_documented() -> None:
    for name in tables_in(EDITING):
        for key, title, *_ in rows(load_schema(name)):
            assert f"`{key}`" in EDITING, (name, key)
            assert title and title in EDITING, (name, key)


def test_every_long_vocabulary_is_listed_where_messages_point() -> None:
    """Messages about a value of 主题分类 (143 values) point to EDITING.md#主题分类一览: it must be there."""
    listed = set(tables_in(EDITING, "values"))
    for name, title in long_enums().items():
        assert name in listed, name
        assert f"\n### {title}一览\n" in EDITING and guide_list(title) == f"编辑指南 EDITING.md#{title}一览"
    assert "genres" in listed and "\n### 体裁分类一览\n" in EDITING
    assert "generator/schemas/ 中的同名" not in EDITING and "generator/data/topics.yml" not in EDITING


def test_item_keys_of_issue_2_have_their_chinese_labels() -> None:
    labels = {key: title for key, title, *_ in rows(load_schema("item"))}
    expected = {
        "title": "标题", "index_no": "索引号", "publisher": "发布机构", "doc_no": "文号", "written": "成文日期",
        "published": "发布日期", "topic": "主题分类", "genre": "体裁分类", "keywords": "关键词", "audience": "服务对象",
        "validity": "有效性", "effective": "施行日期", "expires": "废止日期",
    }
    assert {k: labels.get(k) for k in expected} == expected
    assert "superseded_by" in labels and "attachments" in labels


def test_commands_named_in_the_guides_exist() -> None:
    for text in (EDITING, README):
        named = set(re.findall(r"`(?:\.venv/bin/)?xxgk ([a-z]+)\b", text)) | set(re.findall(r"^\.venv/bin/xxgk ([a-z]+)", text, re.M))
        assert named <= set(VERBS), named - set(VERBS)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in set(re.findall(r"\bmake ([a-z]+)\b", EDITING + README)):
        assert re.search(rf"^{target}:", makefile, re.M), target


def test_readme_opens_with_the_two_commands() -> None:
    code = re.search(r"```[a-z]*\n(.*?)```", README, re.S)
    assert code is not None
    assert README.index(code.group(0)) < README.index("\n## ")  # before the first section
    lines = [line.split("#")[0].strip() for line in code.group(1).splitlines() if line.split("#")[0].strip()]
    assert lines == ["make site", "make test"]
