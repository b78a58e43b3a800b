"""Loading content/ into the model: columns, items, slugs, order, line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_kit import item_text, mini_project, simple_item

from generator.diagnostics import Level, Problem, Problems
from generator.loader import item_slug, load_site, slugify
from generator.sources import SourceError, load_markdown, parse_yaml


@pytest.fixture
def loaded(tmp_path: Path):
    root = mini_project(
        tmp_path,
        {
            "zcwj/gfxwj/a.md": simple_item("较早的规范性文件", "2023-05-10", 4, doc_no="测发〔2023〕4号"),
            "zcwj/gfxwj/b.md": simple_item("较新的规范性文件", "2024-02-28", 3),
            "zcwj/qtwj/c.md": simple_item("其他文件", "2024-02-28", 1),
            "zcwj/qtwj/d.md": item_text(title="自定网址", slug="my-page", published="2022-01-01"),
            "jgzn/e.md": item_text(title="无索引号", published="2021-01-01", doc_no=""),
        },
    )
    site, problems, _ = load_site(root)
    return site, problems


def by_title(site, title):  # type: ignore[no-untyped-def]
    return next(i for i in site.items if i.title == title)


def test_items_land_in_the_column_of_their_folder(loaded) -> None:  # type: ignore[no-untyped-def]
    site, problems = loaded
    assert not problems.errors, problems.format()
    assert by_title(site, "较新的规范性文件").column.path == "zcwj/gfxwj"
    assert by_title(site, "无索引号").column.title == "机构职能"
    gfxwj = next(c for c in site.all_columns() if c.path == "zcwj/gfxwj")
    assert gfxwj.url == "fdzdgknr/zcwj/gfxwj/"
    assert [c.title for c in gfxwj.trail] == ["政策文件", "行政规范性文件"]
    assert gfxwj.is_leaf and not gfxwj.parent.is_leaf
    assert "zcwj" not in [c.path for c in site.leaf_columns()]


def test_site_and_columns_list_items_newest_first(loaded) -> None:  # type: ignore[no-untyped-def]
    site, _ = loaded
    dates = [i.meta["published"] for i in site.items]
    assert dates == sorted(dates, reverse=True)
    # Same day: ties are broken by 索引号, so the order never flickers between builds.
    assert [i.title for i in site.items[:2]] == ["其他文件", "较新的规范性文件"]
    zcwj = next(c for c in site.columns if c.id == "zcwj")
    assert [i.title for i in zcwj.all_items()] == ["其他文件", "较新的规范性文件", "较早的规范性文件", "自定网址"]


def test_slugs_come_from_slug_then_index_number_then_file_name(loaded) -> None:  # type: ignore[no-untyped-def]
    site, _ = loaded
    assert by_title(site, "较新的规范性文件").slug == "csj000001-2024-00003"
    assert by_title(site, "较新的规范性文件").url == "doc/csj000001-2024-00003/"
    assert by_title(site, "自定网址").slug == "my-page"
    assert by_title(site, "无索引号").slug == "e"
    assert slugify("XCNY00001/2024-00003") == "xcny00001-2024-00003"
    assert slugify("通知") == "item"
    assert item_slug({"title": "改了标题", "index_no": "A/2024-00001"}, Path("x.md")) == "a-2024-00001"


def test_dates_stay_text_and_blank_keys_mean_absent(loaded) -> None:  # type: ignore[no-untyped-def]
    site, _ = loaded
    item = by_title(site, "无索引号")
    assert item.meta["published"] == "2021-01-01"  # not a datetime.date: the checks parse it
    assert item.published.isoformat() == "2021-01-01"
    assert "doc_no" not in item.meta and item.doc_no == ""
    assert item.index_no is None


def test_line_numbers_of_keys_and_body(loaded) -> None:  # type: ignore[no-untyped-def]
    site, _ = loaded
    item = by_title(site, "较早的规范性文件")
    assert item.line("title") == 2
    assert item.line("index_no") == 3
    assert item.line("doc_no") == 5
    assert item.body_line == 7
    assert item.body.strip() == "正文。"


def test_keywords_as_list_or_text() -> None:
    from generator.model import Item

    def kw(value: object) -> list[str]:
        return Item(Path("x.md"), "x.md", None, {"keywords": value}, "", {}).keywords

    assert kw(["农机", "补贴"]) == ["农机", "补贴"]
    assert kw("农机 补贴，购置、农民") == ["农机", "补贴", "购置", "农民"]
    assert kw(None) == []


def test_attachments_have_type_and_size(tmp_path: Path) -> None:
    root = mini_project(
        tmp_path,
        {"zcwj/gfxwj/a.md": simple_item("附件测试", "2024-01-02", 1, attachments=["申请表.docx", "{file: 目录.pdf, title: 目录}"])},
        files={"items/zcwj/gfxwj/申请表.docx": b"x" * 2048, "items/zcwj/gfxwj/目录.pdf": b"%PDF-1.4"},
    )
    site, problems, _ = load_site(root)
    assert not problems.errors, problems.format()
    first, second = site.items[0].attachments
    assert (first.title, first.kind, first.size) == ("申请表", "DOCX", 2048)
    assert (second.title, second.kind, second.size) == ("目录", "PDF", 8)


def test_crlf_and_bom_files_load(tmp_path: Path) -> None:
    text = "\ufeff" + simple_item("Windows 记事本保存的文件", "2024-01-02", 1).replace("\n", "\r\n")
    root = mini_project(tmp_path, files={"items/jgzn/a.md": text.encode("utf-8")})
    site, problems, _ = load_site(root)
    assert not problems.errors, problems.format()
    assert site.items[0].title == "Windows 记事本保存的文件"
    assert site.items[0].line("published") == 4


def test_parse_yaml_keeps_nested_lines_with_offset() -> None:
    source = parse_yaml("a: 1\nb:\n  c: 2\n  d:\n    - x\n    - y\n", Path("f.yml"), offset=1)
    assert source.line("a") == 2
    assert source.line("b", "c") == 4
    assert source.line("b", "d", 1) == 7
    assert source.line("b", "missing") == 3  # falls back to the deepest known key


def test_front_matter_needs_a_closing_line(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    with pytest.raises(SourceError) as info:
        load_markdown(path, "---\ntitle: 没有结束\n\n正文\n")
    assert "没有结束行" in info.value.message


def test_problem_format_names_path_line_field_message_and_hint() -> None:
    problem = Problem("content/items/a.md", 4, "发布日期(published)", "日期不对", "写成 2024-03-05")
    assert problem.format() == "content/items/a.md:4: 发布日期(published): 错误：日期不对\n    提示：写成 2024-03-05"
    warning = Problem("content/guide.yml", None, "", "过期", level=Level.WARNING)
    assert warning.format() == "content/guide.yml: 警告：过期"
    problems = Problems([warning, problem])
    assert problems.sorted()[0] is warning  # by path
    assert problems.summary() == "检查未通过：1 个错误，1 个警告。"
    assert Problems([warning]).summary() == "检查通过：0 个错误，1 个警告。"
    assert Problems().summary() == "检查通过：没有发现问题。"


def test_the_packaged_data_files_read_as_the_python_parser_reads_them() -> None:
    """config.data_file reads our own YAML with libyaml when PyYAML has it: the same values."""
    import yaml

    from generator.config import DATA_DIR, data_file

    names = sorted(p.name for p in DATA_DIR.glob("*.yml"))
    assert names
    for name in names:
        assert data_file(name) == yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8")), name
