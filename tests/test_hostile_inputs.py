"""Content is untrusted input: malformed and hostile files, as a careless or
hostile editor writes them. Every case must end in problems that name the
file and the line (never a traceback, never a silent pass), checked in
process exactly as ``xxgk check`` and every build check it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from content_kit import MINI, ORG, check, item_text, mini_project, simple_item

from generator.diagnostics import Level

SITE = (MINI / "site.yml").read_text(encoding="utf-8")


def site_with(old: str, new: str) -> str:
    assert old in SITE, old
    return SITE.replace(old, new, 1)


def appended(text: str) -> str:
    return SITE + "\n" + text + "\n"


def errors_for(tmp_path: Path, items: dict[str, str] | None = None, files: dict[str, str | bytes] | None = None):
    root = mini_project(tmp_path / "p", items, files)
    start = time.perf_counter()
    _site, problems = check(root)
    elapsed = time.perf_counter() - start
    errors = [p for p in problems.items if p.level is Level.ERROR]
    return errors, problems, elapsed


def assert_located(errors, path: str, rule: str | None = None, line: int | None = None, text: str = "") -> None:
    """At least one error in ``path`` with a line number (and ``rule``/``line``/``text`` if given)."""
    found = [e for e in errors if e.path == path and e.line and (rule is None or e.rule == rule)]
    found = [e for e in found if (line is None or e.line == line) and text in e.message + e.hint + e.field]
    listing = "\n".join(e.format() for e in errors) or "(no errors)"
    assert found, f"expected an error in {path} (rule={rule}, line={line}, text={text!r}); got:\n{listing}"


def deep(levels: int) -> str:
    return "[" * levels + "1" + "]" * levels


# site.yml: each value of a wrong shape must be a problem of site.yml, not a crash.
SITE_CASES = {
    "agency-string": (site_with("agency:\n  name: 测试县测试局\n  org_code: CSJ000001\n  region: 测试县\n", "agency: 测试县测试局\n"), 2),
    "agency-list": (site_with("agency:\n  name: 测试县测试局\n  org_code: CSJ000001\n  region: 测试县\n", "agency: [a, b]\n"), 2),
    "per-page-word": (site_with("per_page: 5", "per_page: abc"), None),
    "per-page-list": (site_with("per_page: 5", "per_page: [1]"), None),
    "index-no-word": (appended("index_no: abc"), None),
    "template-month": (appended('index_no:\n  template: "{code}/{year}-{month}-{serial:05d}"'), None),
    "template-bad-format": (appended('index_no:\n  template: "{code}/{year}-{serial:zz}"'), None),
    "template-no-serial": (appended('index_no:\n  template: "{code}/{year}"'), None),
    "also-accept-bad-regex": (appended('index_no:\n  also_accept: ["("]'), None),
    "footer-list": (site_with("footer:\n  sponsor:", "footer: [a, b]\nold_footer:\n  sponsor:"), None),
    "columns-no-id": (appended("columns: [{title: 栏目}]"), None),
    "columns-word": (appended("columns: abc"), None),
    "columns-duplicate-id": (appended("columns:\n  - id: a\n    title: 甲\n  - id: a\n    title: 乙"), None),
    "inspection-list": (site_with("inspection:\n  empty_columns: 100\n  stale_columns: 100", "inspection: [1]"), None),
    "language-list": (appended("language: [1]"), None),
    "extra-genres-word": (appended("extra_genres: 通知"), None),
    "reports-word": (appended("reports: abc"), None),
    "nesting-100000": (appended(f"extra_genres: {deep(100000)}"), 22),
    "empty-file": ("", None),
    "not-a-mapping": ("- a\n- b\n", None),
}


@pytest.mark.parametrize("case", sorted(SITE_CASES))
def test_site_yml_of_every_wrong_shape_is_a_located_problem(tmp_path: Path, case: str) -> None:
    text, line = SITE_CASES[case]
    errors, _, _ = errors_for(tmp_path, files={"site.yml": text})
    assert_located(errors, "content/site.yml", line=line)


FRONT_CASES = {
    # (front matter lines after title/published, expected line of the error, a word of the message)
    "nesting-5000": (f"keywords: {deep(5000)}", 4, "嵌套"),
    # 100 000 levels are larger than any front matter may be: refused before parsing.
    "nesting-100000": (f"keywords: {deep(100000)}", 1, "太长"),
    "alias-bomb": ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]", 5, "别名"),
    "python-tag": ("summary: !!python/object/apply:os.system ['true']", 4, "标签"),
    "duplicate-key": ("title: 另一个标题", 4, "写了两次"),
    "nul-escape": ('summary: "a\\0b"', 4, "控制字符"),
    "esc-escape": ('summary: "a\\eb"', 4, "控制字符"),
    "backspace-escape": ('doc_no: "测发\\b〔2024〕1号"', 4, "控制字符"),
    "bidi-override": ("summary: 正常\u202e文字", 4, "控制字符"),
}


@pytest.mark.parametrize("case", sorted(FRONT_CASES))
def test_front_matter_shapes_are_located_errors(tmp_path: Path, case: str) -> None:
    extra, line, word = FRONT_CASES[case]
    text = f"---\ntitle: 测试文件\npublished: 2025-01-02\n{extra}\n---\n\n正文。\n"
    errors, _, elapsed = errors_for(tmp_path, items={"zcwj/qtwj/x.md": text})
    assert_located(errors, "content/items/zcwj/qtwj/x.md", line=line, text=word)
    assert elapsed < 5, f"checking took {elapsed:.1f} s"


def test_raw_control_character_in_the_body_names_its_line(tmp_path: Path) -> None:
    text = simple_item("测试文件", "2025-01-02", 1).replace("正文。", "第一段。\n\n第二段\x1b[31m红字。")
    errors, _, _ = errors_for(tmp_path, items={"zcwj/qtwj/x.md": text})
    assert_located(errors, "content/items/zcwj/qtwj/x.md", line=9, text="U+001B")


def test_a_long_title_is_refused_with_its_limit(tmp_path: Path) -> None:
    errors, _, _ = errors_for(tmp_path, items={"zcwj/qtwj/x.md": simple_item("长" * 1_000, "2025-01-02", 1)})
    assert_located(errors, "content/items/zcwj/qtwj/x.md", line=2, text="最多 300 个字")


def test_a_100_kb_title_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    errors, _, _ = errors_for(tmp_path, items={"zcwj/qtwj/x.md": simple_item("长" * 100_000, "2025-01-02", 1)})
    assert_located(errors, "content/items/zcwj/qtwj/x.md", line=1, text="太长")


def test_a_one_character_title_is_told_its_minimum_not_empty(tmp_path: Path) -> None:
    errors, _, _ = errors_for(tmp_path, items={"zcwj/qtwj/x.md": simple_item("甲", "2025-01-02", 1)})
    assert_located(errors, "content/items/zcwj/qtwj/x.md", line=2, text="至少")
    assert not any("不能为空" in e.message for e in errors)


@pytest.mark.parametrize(
    "written",
    ['"CSJ000001/2025-00001 "', "|\n  CSJ000001/2025-00001", "CSJ000001/２０２５-00001", '" CSJ000001/2025-00001"'],
)
def test_an_index_number_written_with_spaces_newlines_or_full_width_digits_is_an_error(tmp_path: Path, written: str) -> None:
    items = {
        "zcwj/qtwj/a.md": item_text(title="甲文件", index_no=f"{ORG}/2025-00001", published="2025-01-02"),
        "zcwj/qtwj/b.md": item_text(title="乙文件", index_no=written, published="2025-01-03"),
    }
    errors, _, _ = errors_for(tmp_path, items=items)
    assert_located(errors, "content/items/zcwj/qtwj/b.md", line=3)


@pytest.mark.parametrize("bracket", ["[2020]", "（2020）", "【2020】", "〈2020〉", "(2020)", "﹝2020﹞"])
def test_doc_number_year_brackets_must_be_hexagonal(tmp_path: Path, bracket: str) -> None:
    item = simple_item("测试文件", "2025-01-02", 1, doc_no=f"测发{bracket}1号")
    errors, _, _ = errors_for(tmp_path, items={"zcwj/qtwj/x.md": item})
    assert_located(errors, "content/items/zcwj/qtwj/x.md", line=5, text="测发〔2020〕1号")


@pytest.mark.parametrize("name", ["x.MD", "x.markdown", "x.Md", "x.mdown"])
def test_an_item_saved_with_another_markdown_extension_does_not_vanish(tmp_path: Path, name: str) -> None:
    errors, _, _ = errors_for(tmp_path, items={f"zcwj/qtwj/{name}": simple_item("测试文件", "2025-01-02", 1)})
    assert_located(errors, f"content/items/zcwj/qtwj/{name}", text=".md")


def test_a_dash_line_inside_a_block_value_does_not_end_the_front_matter_silently(tmp_path: Path) -> None:
    text = "---\ntitle: 测试文件\nsummary: |\n  第一段\n---\n  第二段\npublished: 2025-01-02\n---\n\n正文。\n"
    errors, _, _ = errors_for(tmp_path, items={"zcwj/qtwj/x.md": text})
    assert_located(errors, "content/items/zcwj/qtwj/x.md", line=5)


REPORT = (Path(__file__).resolve().parent.parent / "content" / "reports" / "2023.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["1000000000000000000000000000000", ".nan", ".inf", "-.inf"])
def test_report_numbers_out_of_any_sensible_range_are_errors(tmp_path: Path, value: str) -> None:
    lines = REPORT.split("\n")
    number = next(n for n, line in enumerate(lines) if line.strip().startswith("new:"))
    key, _, rest = lines[number].partition("[")
    lines[number] = f"{key}[{value}, {rest.split(',', 1)[1]}"
    errors, _, _ = errors_for(tmp_path, files={"reports/2023.yml": "\n".join(lines)})
    assert_located(errors, "content/reports/2023.yml", line=number + 1)


def test_an_impossible_report_date_is_an_error(tmp_path: Path) -> None:
    text = REPORT.replace("published: 2024-01-", "published: 2024-02-3", 1)
    assert text != REPORT
    errors, _, _ = errors_for(tmp_path, files={"reports/2023.yml": text})
    assert_located(errors, "content/reports/2023.yml", text="日期")


def test_two_files_for_one_report_year_are_an_error(tmp_path: Path) -> None:
    errors, _, _ = errors_for(tmp_path, files={"reports/2023.yml": REPORT, "reports/2023.yaml": REPORT})
    assert_located(errors, "content/reports/2023.yaml", text="2023")


def test_two_rule_pages_with_one_slug_are_an_error(tmp_path: Path) -> None:
    page = "---\ntitle: 另一个条例\nslug: tiaoli\n---\n\n正文。\n"
    errors, _, _ = errors_for(tmp_path, files={"rules/other.md": page})
    assert_located(errors, "content/rules/other.md", line=3)


# Files outside content/: attachments climbing out, absolute, or through a symlink.
@pytest.mark.parametrize("name", ["../../../mkdocs.yml", "../../../content/site.yml", "/etc/passwd", "../../site.yml"])
def test_an_attachment_outside_its_folder_is_a_located_error(tmp_path: Path, name: str) -> None:
    item = simple_item("测试文件", "2025-01-02", 1, attachments=[name])
    errors, _, _ = errors_for(tmp_path, items={"zcwj/qtwj/x.md": item})
    assert_located(errors, "content/items/zcwj/qtwj/x.md", line=6)


@pytest.mark.parametrize("target", ["/etc/passwd", "/etc"])
def test_an_attachment_behind_a_symlink_is_refused(tmp_path: Path, target: str) -> None:
    root = mini_project(tmp_path / "p", {"zcwj/qtwj/x.md": simple_item("测试文件", "2025-01-02", 1, attachments=["secret.txt"])})
    os.symlink(target, root / "content/items/zcwj/qtwj/secret.txt")
    _site, problems = check(root)
    assert_located(problems.errors, "content/items/zcwj/qtwj/x.md", line=6, text="链接")


def test_an_item_file_that_is_a_symlink_is_refused(tmp_path: Path) -> None:
    root = mini_project(tmp_path / "p")
    outside = tmp_path / "outside.md"
    outside.write_text(simple_item("外部文件", "2025-01-02", 1), encoding="utf-8")
    (root / "content/items/zcwj/qtwj").mkdir(parents=True, exist_ok=True)
    os.symlink(outside, root / "content/items/zcwj/qtwj/x.md")
    site, problems = check(root)
    assert_located(problems.errors, "content/items/zcwj/qtwj/x.md", text="链接")
    assert not [i for i in site.items if i.title == "外部文件"]
