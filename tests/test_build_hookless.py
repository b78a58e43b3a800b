"""Engines that read mkdocs.yml but run no hooks (Zensical, MkDocs 2): ``xxgk
generate`` writes the docs tree and build/mkdocs.yml, which builds the same
column without the adapter."""

from __future__ import annotations

from pathlib import Path

from conftest import make_project, run_build, run_xxgk
from content_kit import listing_items, mini_project, simple_item
from html_tools import page


def test_generated_tree_builds_without_hooks(tmp_path: Path) -> None:
    source = mini_project(tmp_path / "source", listing_items() | {"jgzn/zhineng.md": simple_item("主要职责", "2025-03-01", 20)})
    project = make_project(tmp_path / "project", source / "content")
    result = run_xxgk(project, "generate")
    assert result.returncode == 0, result.stdout + result.stderr
    config = (project / "build" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks: []" in config
    build = run_build(project, config="build/mkdocs.yml")
    assert build.returncode == 0, build.stderr
    assert "xxgk:" not in build.stderr  # the adapter did not run
    home = page(project / "site", "")
    assert home.find("html").attrs["lang"] == "zh-CN"
    tabs = [a.clean_text() for a in home.find("nav", cls="md-tabs").find_all("a")]
    assert tabs == ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开工作年度报告"]
    assert "测ICP备00000001号" in home.find("footer", cls="xxgk-footer").clean_text()
    item = page(project / "site", "doc/csj000001-2024-00007/")
    assert item.find("table", cls="xxgk-meta")


def test_generate_refuses_content_with_errors(tmp_path: Path) -> None:
    project = mini_project(tmp_path, {"jgzn/a.md": simple_item("日期错", "2024-02-30", 1)})
    result = run_xxgk(project, "generate")
    assert result.returncode == 1
    assert "content/items/jgzn/a.md:4: 发布日期(published): 错误：“2024-02-30”不是真实存在的日期" in result.stdout
    assert not (project / "build" / "docs").exists()
