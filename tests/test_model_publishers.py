"""site.yml ``publishers`` (issue 12): one agency printed under several names is one 发布机构."""

from __future__ import annotations

from pathlib import Path

from content_kit import check, mini_project, only, simple_item

from generator.config import SiteConfig, rule_problems

TABLE = [{"name": "平潭综合实验区财政金融局", "aliases": ["区财政金融局", "实验区财政金融局"]}]


def test_every_name_of_an_agency_gives_its_canonical_name() -> None:
    config = SiteConfig.from_data({"agency": {"name": "测试局", "org_code": "CSJ000001"}, "publishers": TABLE})
    assert config.canonical_publisher("区财政金融局") == "平潭综合实验区财政金融局"
    assert config.canonical_publisher(" 实验区财政金融局 ") == "平潭综合实验区财政金融局"
    assert config.canonical_publisher("平潭综合实验区财政金融局") == "平潭综合实验区财政金融局"
    assert config.canonical_publisher("其他机关") == "其他机关"  # names the table does not list stay as written


def test_a_name_given_to_two_agencies_is_refused_with_its_place() -> None:
    problems = rule_problems({"publishers": [*TABLE, {"name": "区财政局", "aliases": ["区财政金融局"]}]})
    assert [(where, hint[:8]) for where, _, hint in problems] == [(("publishers", 1, "aliases", 0), "每种写法只能对应")]


def test_a_duplicate_name_is_a_site_yml_error_with_line(tmp_path: Path) -> None:
    root = mini_project(tmp_path, {"zcwj/qtwj/a.md": simple_item("通知", "2024-03-01", 1)})
    site_yml = root / "content" / "site.yml"
    site_yml.write_text(
        site_yml.read_text(encoding="utf-8")
        + "publishers:\n  - name: 区财政局\n  - name: 县财政局\n    aliases: [区财政局]\n",
        encoding="utf-8",
    )
    _, problems = check(root)
    problem = only(problems, next(p.rule for p in problems.items if "publishers" in (p.field or "")))
    assert problem.path.endswith("site.yml") and problem.line == site_yml.read_text(encoding="utf-8").splitlines().index(
        "    aliases: [区财政局]"
    ) + 1
    assert "已写在“区财政局”下" in problem.message
