"""Each content error of issue point 6 fails ``mkdocs build`` with its located
Chinese message, and the previously published site/ survives byte for byte."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import make_project, run_build
from content_kit import LISTING_FILES, listing_items, mini_project

DOC = "content/items/zcwj/qtwj/doc07.md"


def snapshot(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A project built once successfully: its site/ is the "live" site."""
    base = tmp_path_factory.mktemp("errors")
    source = mini_project(base / "source", listing_items(), LISTING_FILES)
    project = make_project(base / "project", source / "content")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, snapshot(project / "site")


def replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


CASES = {
    "unknown key": (replace("genre: 通知", "genre: 通知\nauthor: 张三"), "content/items/zcwj/qtwj/doc07.md:8: author: 错误：不认识的字段 author"),
    "wrong type": (replace("doc_no: 测发〔2024〕7号", "doc_no: [测发, 7]"), "doc07.md:5: 文号(doc_no): 错误：应当是文字，实际写的是 [\"测发\", 7]"),
    "bad date": (replace("published: 2024-03-17", "published: 2024-03-32"), "doc07.md:4: 发布日期(published): 错误：“2024-03-32”不是真实存在的日期"),
    "date format": (replace("published: 2024-03-17", "published: 2024年3月17日"), "doc07.md:4: 发布日期(published): 错误：“2024年3月17日” 不是 YYYY-MM-DD 或 YYYY-MM-DD HH:MM 格式的日期"),
    "unknown topic": (replace("topic: 综合政务\\政务公开", "topic: 综合政务\\政务宣传"), "doc07.md:6: 主题分类(topic): 错误：“综合政务\\政务宣传” 不是允许的取值"),
    "duplicate index_no": (replace("CSJ000001/2024-00007", "CSJ000001/2024-00006"), "doc07.md:3: 索引号(index_no): 错误：索引号 CSJ000001/2024-00006 与 content/items/zcwj/qtwj/doc06.md 重复"),
    "missing attachment": (replace("genre: 通知", "genre: 通知\nattachments:\n  - 附件.xlsx"), "doc07.md:9: 附件(attachments).第1项: 错误：找不到附件文件“附件.xlsx”"),
    "yaml syntax": (replace("genre: 通知", "genre: 通知\n  audience: 全社会"), "doc07.md:8:3: 错误：YAML 格式错误：这一行比上一行多缩进了"),
    "missing front matter": (lambda text: text.split("---", 2)[2], "doc07.md:1: 错误：缺少 YAML 头信息"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_error_fails_the_build_and_keeps_the_site(published: tuple[Path, dict[str, str]], case: str) -> None:
    project, live = published
    edit, message = CASES[case]
    path = project / DOC
    good = path.read_text(encoding="utf-8")
    try:
        path.write_text(edit(good), encoding="utf-8")
        result = run_build(project)
    finally:
        path.write_text(good, encoding="utf-8")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "内容检查未通过，网站没有生成" in output
    assert message in output, output
    assert "提示：" in output
    assert snapshot(project / "site") == live
    assert not list(project.glob(".site.*")), "a failed build left its temporary folder behind"


def test_missing_guide_element_fails_the_build(published: tuple[Path, dict[str, str]]) -> None:
    project, live = published
    path = project / "content" / "guide.yml"
    good = path.read_text(encoding="utf-8")
    try:
        path.write_text(good.replace("  fax: 0000-1111112\n", ""), encoding="utf-8")
        result = run_build(project)
    finally:
        path.write_text(good, encoding="utf-8")
    assert result.returncode != 0
    assert "content/guide.yml:6: 传真号码(office.fax): 错误：缺少必填字段 fax（传真号码）" in result.stdout + result.stderr
    assert snapshot(project / "site") == live


def test_every_problem_is_reported_by_one_failed_build(published: tuple[Path, dict[str, str]]) -> None:
    project, live = published
    paths = [project / DOC, project / "content/items/zcwj/qtwj/doc03.md"]
    good = [p.read_text(encoding="utf-8") for p in paths]
    try:
        paths[0].write_text(good[0].replace("published: 2024-03-17", "published: 2024-02-30"), encoding="utf-8")
        paths[1].write_text(good[1].replace("genre: 通知", "genre: 通告书"), encoding="utf-8")
        result = run_build(project)
    finally:
        for path, text in zip(paths, good, strict=True):
            path.write_text(text, encoding="utf-8")
    output = result.stdout + result.stderr
    assert "doc07.md:4: 发布日期(published)" in output and "doc03.md:7: 体裁分类(genre)" in output
    assert "检查未通过：2 个错误" in output
    assert snapshot(project / "site") == live


def test_a_good_build_after_a_failed_one_publishes(published: tuple[Path, dict[str, str]]) -> None:
    """Runs last in this module: it replaces the live site."""
    project, _ = published
    path = project / "content/items/zcwj/qtwj/doc01.md"
    good = path.read_text(encoding="utf-8")
    try:
        path.write_text(good.replace("测试文件第1号", "测试文件第1号（修订）"), encoding="utf-8")
        result = run_build(project)
        assert result.returncode == 0, result.stdout + result.stderr
        page = (project / "site/doc/csj000001-2023-00001/index.html").read_text(encoding="utf-8")
        assert "测试文件第1号（修订）" in page  # same URL after a title edit
        # No build folder is left; the replaced site is kept as the next build's spare (publish.py).
        assert {p.name for p in project.glob(".site.*")} <= {".site.spare"}
    finally:
        path.write_text(good, encoding="utf-8")
