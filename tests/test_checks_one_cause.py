"""One root cause, one message (issue 15): a file that cannot be read is not also
reported, under another file's name, as a document that cannot be found, and a
suggested 索引号 is never the one of the file that makes the mistake."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from compliance_fixtures import COLUMNS, fill_columns, make_content, no, write_item
from content_kit import check, mini_project

from generator.build import load_and_check

TODAY = dt.date(2026, 11, 23)


def _policy_and_interpretation(tmp_path: Path) -> Path:
    content = make_content(tmp_path)
    fill_columns(content)
    write_item(content, "zcwj/gfxwj", "p1", index_no=no(1), title="关于印发农机补贴办法的通知", published="2026-11-02",
               genre="通知")
    write_item(content, "zcjd", "i2", index_no=no(2), title="解读农机补贴办法", published="2026-11-02", genre="政策解读",
               interprets=no(1), form="文字解读")
    return content


def test_a_yaml_error_in_a_policy_is_one_message_not_one_more_in_its_interpretation(tmp_path: Path) -> None:
    content = _policy_and_interpretation(tmp_path)
    policy = content / "items/zcwj/gfxwj/p1.md"
    policy.write_text(policy.read_text(encoding="utf-8").replace('published: "', 'published："'), encoding="utf-8")
    _, problems = load_and_check(content.parent, TODAY)
    assert [(p.path, p.rule) for p in problems.errors] == [("content/items/zcwj/gfxwj/p1.md", "source.syntax")], problems.format()
    assert "全角冒号" in problems.errors[0].message


def test_a_wrong_number_is_never_answered_with_the_items_own_number(tmp_path: Path) -> None:
    """解读 00002 names 00003 (a typo for 00001): 00002 is closer, but it is the 解读 itself."""
    content = _policy_and_interpretation(tmp_path)
    interpretation = content / "items/zcjd/i2.md"
    text = interpretation.read_text(encoding="utf-8")
    interpretation.write_text(text.replace(f'interprets: "{no(1)}"', f'interprets: "{no(3)}"'), encoding="utf-8")
    _, problems = load_and_check(content.parent, TODAY)
    p = next(p for p in problems.errors if p.rule == "policy.interprets")
    assert p.hint.startswith("是不是 ") and no(2) not in p.hint, p.hint


def test_an_unreadable_site_yml_is_the_only_message(tmp_path: Path) -> None:
    """Without site.yml every item would fail the 索引号 rule and sit in an unknown column."""
    content = _policy_and_interpretation(tmp_path)
    site = content / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("per_page: ", "per_page：", 1), encoding="utf-8")
    _, problems = load_and_check(content.parent, TODAY)
    assert [p.path for p in problems.items] == ["content/site.yml"], problems.format()
    assert "全角冒号" in problems.items[0].message


def test_a_syntax_error_in_an_item_and_a_real_mistake_elsewhere_are_both_reported(tmp_path: Path) -> None:
    """The rule holds back echoes only: an unrelated mistake in another file is still found."""
    content = _policy_and_interpretation(tmp_path)
    policy = content / "items/zcwj/gfxwj/p1.md"
    policy.write_text(policy.read_text(encoding="utf-8").replace("genre: ", "genre：", 1), encoding="utf-8")
    write_item(content, "tjxx", "s5", index_no=no(5), title="统计信息", published="2026-11-02", genre="宣传片")
    _, problems = load_and_check(content.parent, TODAY)
    assert sorted((p.path.rsplit("/", 1)[-1], p.rule) for p in problems.errors) == [
        ("p1.md", "source.syntax"), ("s5.md", "item.genre"),
    ], problems.format()


def test_a_catalogue_naming_an_unreadable_item_is_quiet(tmp_path: Path) -> None:
    root = mini_project(tmp_path, {
        "jcgk/a.md": "---\ntitle: 涉农补贴标准\nindex_no: CSJ000001/2026-00001\npublished：2026-11-02\n---\n正文\n",
    })
    catalogue = (Path(__file__).parent.parent / "content/catalogues/shenong-butie.yml").read_text(encoding="utf-8")
    head = catalogue.split("rows:")[0]
    (root / "content/catalogues").mkdir()
    (root / "content/catalogues/butie.yml").write_text(
        head + "rows:\n  - first: 政策文件\n    content: 补贴标准\n    basis: 条例\n    deadline: 20个工作日内\n"
        "    subject: 测试县测试局\n    channels: [政府网站]\n    audience: 全社会\n    mode: 主动\n    levels: [县级]\n"
        "    where:\n      items: [CSJ000001/2026-00001]\n",
        encoding="utf-8",
    )
    _, problems = check(root)
    assert [(p.path, p.rule) for p in problems.errors] == [("content/items/jcgk/a.md", "source.syntax")], problems.format()


def test_the_three_syncs_hint_names_the_sites_own_interpretation_column(tmp_path: Path) -> None:
    columns = [c for c in COLUMNS if c["id"] != "zcjd"] + [{"id": "jd", "title": "政策解读"}]
    content = make_content(tmp_path, columns)
    fill_columns(content, columns=columns)
    write_item(content, "zcwj/gfxwj", "p1", index_no=no(1), title="关于印发农机补贴办法的通知", published="2026-11-02",
               genre="通知")
    _, problems = load_and_check(content.parent, TODAY)
    p = next(p for p in problems.items if p.rule == "policy.uninterpreted")
    assert "content/items/jd/" in p.hint and "zcjd" not in p.hint
    assert f'xxgk new jd "解读《关于印发农机补贴办法的通知》" --interprets {no(1)}' in p.hint
