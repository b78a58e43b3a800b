"""``xxgk check``: every problem at once, located, then a summary; exit 1 on any error."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_xxgk
from content_kit import item_text, mini_project, simple_item


def summary_line(lines: list[str]) -> str:
    return next(line for line in lines if line.startswith(("检查通过", "检查未通过")))


def broken_project(tmp_path: Path) -> Path:
    return mini_project(
        tmp_path,
        {
            "zcwj/qtwj/a.md": simple_item("日期错", "2024-02-30", 1),
            "zcwj/qtwj/b.md": simple_item("字段错", "2024-03-01", 2, titel="x"),
            "ghjh/c.md": "---\ntitle: 缩进\n  published: 2024-01-01\n---\n",
            "jgzn/d.md": item_text("", title="空正文", index_no="CSJ000001/2024-00004", published="2024-03-02"),
        },
    )


def test_prints_every_problem_then_a_summary_and_fails(tmp_path: Path) -> None:
    result = run_xxgk(broken_project(tmp_path), "check")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    summary = summary_line(lines)
    assert summary.startswith("检查未通过：3 个错误，")  # other features may add warnings (empty columns …)
    located = [line for line in lines if line.startswith("content/items/") and ".md:" in line]
    assert lines.index(located[-1]) < lines.index(summary)  # the problems first, then the summary
    assert located == [
        "content/items/ghjh/c.md:3:3: 错误：YAML 格式错误：这一行比上一行多缩进了",
        "content/items/jgzn/d.md:6: 正文: 警告：正文是空的",
        "content/items/zcwj/qtwj/a.md:4: 发布日期(published): 错误：“2024-02-30”不是真实存在的日期",
        "content/items/zcwj/qtwj/b.md:5: titel: 错误：不认识的字段 titel",
    ]
    # every problem is followed by its hint
    for line in located:
        assert lines[lines.index(line) + 1].startswith("    提示：")
    assert "已检查 3 条信息。" in result.stderr


def test_warnings_alone_pass(tmp_path: Path) -> None:
    root = mini_project(tmp_path, {"jgzn/d.md": item_text("", title="空正文", index_no="CSJ000001/2024-00004", published="2024-03-02")})
    result = run_xxgk(root, "check")
    assert result.returncode == 0
    assert "content/items/jgzn/d.md:6: 正文: 警告：正文是空的" in result.stdout
    assert summary_line(result.stdout.splitlines()).startswith("检查通过：0 个错误，")


def test_clean_content_passes(tmp_path: Path) -> None:
    result = run_xxgk(mini_project(tmp_path, {"jgzn/d.md": simple_item("机构职能", "2024-01-01", 1)}), "check")
    assert result.returncode == 0
    assert summary_line(result.stdout.splitlines()).startswith("检查通过")
    assert "content/items/jgzn/d.md" not in result.stdout


def test_today_option_moves_the_future_check(tmp_path: Path) -> None:
    root = mini_project(tmp_path, {"jgzn/d.md": simple_item("明年的", "2027-01-05", 1)})
    assert run_xxgk(root, "check").returncode == 1
    assert run_xxgk(root, "check", "--today", "2027-01-05").returncode == 0
    bad = run_xxgk(root, "check", "--today", "2027-1-5")
    assert bad.returncode == 2 and "不是 YYYY-MM-DD 格式的日期" in bad.stderr


def test_json_output(tmp_path: Path) -> None:
    result = run_xxgk(broken_project(tmp_path), "check", "--json")
    assert result.returncode == 1
    rows = [row for row in json.loads(result.stdout) if row["path"].startswith("content/items/") and row["line"]]
    assert len(rows) == 4, rows
    first = rows[2]
    assert first == {
        "path": "content/items/zcwj/qtwj/a.md",
        "line": 4,
        "field": "发布日期(published)",
        "message": "“2024-02-30”不是真实存在的日期",
        "hint": "检查月份（01–12）和日期是否存在。",
        "level": "error",
        "rule": "item.date",
        "column": None,  # only YAML syntax errors name the character
    }
    assert {row["level"] for row in rows} == {"error", "warning"}


def test_sample_content_passes(tmp_path: Path) -> None:
    from conftest import SAMPLE, make_project

    result = run_xxgk(make_project(tmp_path / "sample", SAMPLE), "check")
    assert result.returncode == 0, result.stdout
