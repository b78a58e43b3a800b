"""Files that cannot be read at all, and the agency configuration: each still
gets a located Chinese message, and one bad file never hides the others."""

from __future__ import annotations

from pathlib import Path

from content_kit import check, mini_project, only, simple_item

A = "content/items/zcwj/gfxwj/a.md"


def test_yaml_syntax_error_gives_its_line(tmp_path: Path) -> None:
    text = "---\ntitle: 缩进错误\npublished: 2024-01-01\n  doc_no: 测发〔2024〕1号\n---\n正文\n"
    root = mini_project(tmp_path, {"zcwj/gfxwj/a.md": text, "zcwj/gfxwj/b.md": simple_item("好文件", "2024-01-02", 1)})
    site, problems = check(root)
    p = only(problems, "source.syntax")
    assert (p.path, p.line) == (A, 4)
    assert p.message.startswith("YAML 格式错误：")
    assert "缩进" in p.hint
    assert [i.title for i in site.items] == ["好文件"]  # the rest still loads and is checked


def test_unclosed_quote_in_yaml(tmp_path: Path) -> None:
    text = '---\ntitle: "没有配对的引号\npublished: 2024-01-01\n---\n正文\n'
    p = only(check(mini_project(tmp_path, {"zcwj/gfxwj/a.md": text}))[1], "source.syntax")
    assert p.path == A and p.line in (2, 3, 4)
    assert "引号" in p.hint


def test_missing_front_matter(tmp_path: Path) -> None:
    p = only(check(mini_project(tmp_path, {"zcwj/gfxwj/a.md": "# 只有正文\n"}))[1], "source.syntax")
    assert (p.path, p.line) == (A, 1)
    assert p.message == "缺少 YAML 头信息（文件必须以单独一行 --- 开始）"
    assert "xxgk new" in p.hint


def test_front_matter_that_is_not_a_mapping(tmp_path: Path) -> None:
    _, problems = check(mini_project(tmp_path, {"zcwj/gfxwj/a.md": "---\n- 标题\n---\n正文\n"}))
    p = next(p for p in problems.errors if p.path == A and "键值表" in p.message)
    assert p.line == 2


def test_file_not_in_utf8(tmp_path: Path) -> None:
    data = simple_item("国标码文件", "2024-01-01", 1).encode("gbk")
    p = only(check(mini_project(tmp_path, files={"items/zcwj/gfxwj/a.md": data}))[1], "source.syntax")
    assert p.path == A
    assert p.message == "文件不是 UTF-8 编码"
    assert "UTF-8" in p.hint


def test_yaml_error_in_the_guide(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    path = root / "content" / "guide.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  phone: 0000-1111111", "  phone: [0000"), encoding="utf-8")
    p = only(check(root)[1], "source.syntax")
    assert p.path == "content/guide.yml" and p.line in (10, 11)


def test_site_config_footer_and_site_code(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    path = root / "content" / "site.yml"
    text = path.read_text(encoding="utf-8").replace('  site_code: "CS00000001"', '  site_code: "CS0001"')
    path.write_text(text.replace("  icp: 测ICP备00000001号\n", ""), encoding="utf-8")
    _, problems = check(root)
    pattern = only(problems, "site.pattern")
    assert (pattern.path, pattern.line, pattern.field) == ("content/site.yml", 10, "网站标识码(footer.site_code)")
    assert pattern.hint == "10 位网站标识码。"
    required = only(problems, "site.required")
    assert required.message == "缺少必填字段 icp（ICP备案编号）"


def test_page_front_matter_is_checked(tmp_path: Path) -> None:
    root = mini_project(tmp_path, files={"rules/bad.md": "---\ntitle: 制度\norder: 第一\n---\n正文\n"})
    p = only(check(root)[1], "page.type")
    assert (p.path, p.line, p.field) == ("content/rules/bad.md", 3, "排序(order)")
    assert p.message == "应当是整数，实际写的是 “第一”"
    assert p.hint == "这里应填整数。数字小的排在前面。"


def test_missing_site_configuration(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    (root / "content" / "site.yml").unlink()
    _, problems = check(root)
    p = next(p for p in problems.errors if p.path == "content/site.yml")
    assert p.message == "找不到网站配置文件 content/site.yml"
    assert p.hint


def test_number_out_of_range_in_site_config(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    path = root / "content" / "site.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("per_page: 5", "per_page: 2"), encoding="utf-8")
    p = only(check(root)[1], "site.minimum")
    assert (p.line, p.field) == (14, "每页条数(per_page)")
    assert p.message == "2 超出允许范围（minimum 5）"


def test_slug_pattern(tmp_path: Path) -> None:
    root = mini_project(tmp_path, {"zcwj/qtwj/a.md": simple_item("自定网址", "2024-01-01", 1, slug="My Page")})
    p = only(check(root)[1], "item.pattern")
    assert (p.line, p.field) == (5, "网址标识(slug)")
    assert p.message == "“My Page” 格式不对"
    assert "小写字母" in p.hint


def test_keywords_neither_text_nor_list(tmp_path: Path) -> None:
    root = mini_project(tmp_path, {"zcwj/qtwj/a.md": simple_item("关键词", "2024-01-01", 1, keywords="{a: b}")})
    p = only(check(root)[1], "item.oneOf")
    assert (p.line, p.field) == (5, "关键词(keywords)")
    assert "写法不对" in p.message and "列表" in p.hint
