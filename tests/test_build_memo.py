"""Per-file results kept between builds (generator/diskmemo.py): a build after
one edit re-reads and re-checks that file only, while every check across files
still sees the whole site (an edit that breaks an unchanged file's link, or
takes an unchanged file's 索引号, is caught), and a change of site.yml (or of
the code, schemas and templates: the build cache's version) reuses nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import make_project, run_build

INTERPRETED = "content/items/zcwj/gfxwj/2026-00006-shehuihua-fuwu-xiangmu.md"  # XCNY00001/2026-00006
INTERPRETER = "content/items/zcjd/2026-00007-jiedu-shehuihua-fuwu.md"  # interprets: XCNY00001/2026-00006


def _memo(log: str) -> tuple[int, int]:
    m = re.search(r"per-file results (\d+) reused, (\d+) made", log)
    assert m, log[-3000:]
    return int(m.group(1)), int(m.group(2))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("memo") / "project")
    result = run_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    reused, made = _memo(result.stderr)
    assert reused == 0 and made > 200  # every source, Markdown field and valid document
    assert len(list((project / "build" / "cache").glob("memo-*.records"))) == 1
    return project


@pytest.fixture
def edit(project: Path) -> Iterator[Callable[[str, str, str], None]]:
    """Rewrite a content file for one test; the original comes back after it."""
    saved: dict[Path, str] = {}

    def change(rel: str, old: str, new: str) -> None:
        path = project / rel
        text = path.read_text(encoding="utf-8")
        saved.setdefault(path, text)
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    yield change
    for path, text in saved.items():
        path.write_text(text, encoding="utf-8")


def test_one_edit_is_read_and_checked_alone(project: Path, edit) -> None:  # type: ignore[no-untyped-def]
    assert (project / INTERPRETED).is_file()
    edit(INTERPRETED, "\n---\n", "\n---\n\n本段为缓存测试新增。\n")
    result = run_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    reused, made = _memo(result.stderr)
    # The file, its body (rendered, and what the checks read of it), its front matter's check,
    # its own checks, its page's routing values, and what the site-wide products take from it
    # (per-item JSON, catalogue row, exact-lookup rows: pages/items.kept_product).
    assert reused > 200 and 1 <= made <= 10, (reused, made)
    page = next(p for p in (project / "site" / "doc").glob("*/index.html") if "本段为缓存测试新增" in p.read_text(encoding="utf-8"))
    assert page


def test_an_edit_breaking_an_unchanged_files_link_is_caught(project: Path, edit) -> None:  # type: ignore[no-untyped-def]
    # The interpreted document gets another number; the interpretation (unchanged, from the memo) now points nowhere.
    edit(INTERPRETED, "index_no: XCNY00001/2026-00006", "index_no: XCNY00001/2026-00096")
    result = run_build(project)
    assert "解读对象的索引号 XCNY00001/2026-00006 在本站找不到" in result.stderr, result.stderr[-3000:]
    assert INTERPRETER in result.stderr


def test_an_edit_taking_an_unchanged_files_number_is_caught(project: Path, edit) -> None:  # type: ignore[no-untyped-def]
    edit(INTERPRETER, "index_no: XCNY00001/2026-00007", "index_no: XCNY00001/2026-00006")
    result = run_build(project)
    assert result.returncode != 0
    assert "索引号 XCNY00001/2026-00006 与" in result.stderr and "重复" in result.stderr, result.stderr[-3000:]


def test_an_invalid_edit_is_checked_again(project: Path, edit) -> None:  # type: ignore[no-untyped-def]
    edit(INTERPRETER, "published: 2026-07-08", "published: 2026-13-45")
    result = run_build(project)
    assert result.returncode != 0
    assert f"{INTERPRETER}:5: 发布日期(published)" in result.stderr, result.stderr[-3000:]


def test_a_site_yml_change_reuses_nothing(project: Path) -> None:
    before = {p.name for p in (project / "build" / "cache").glob("memo-*.records")}
    config = project / "content" / "site.yml"
    text = config.read_text(encoding="utf-8")
    try:
        config.write_text(text + "\n# 缓存测试\n", encoding="utf-8")
        result = run_build(project)
        assert result.returncode == 0, result.stderr[-3000:]
        reused, _ = _memo(result.stderr)
        assert reused == 0
        after = {p.name for p in (project / "build" / "cache").glob("memo-*.records")}
        assert len(after) == 1 and after != before  # the old version's memo is gone
    finally:
        config.write_text(text, encoding="utf-8")


def test_an_unchanged_files_own_warning_is_still_reported(project: Path, edit) -> None:  # type: ignore[no-untyped-def]
    """An item's own checks are kept in the memo by its file, attachments and day: a build
    after another file's edit reports its warning again, taken from there."""
    text = (project / INTERPRETER).read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    edit(INTERPRETER, body, "\n")
    first = run_build(project)
    assert "正文是空的" in first.stderr and INTERPRETER in first.stderr, first.stderr[-3000:]
    edit(INTERPRETED, "\n---\n", "\n---\n\n本段为缓存测试新增。\n")
    second = run_build(project)
    assert second.returncode == 0, second.stderr[-3000:]
    warning = next(line for line in second.stderr.splitlines() if "正文是空的" in line)
    assert INTERPRETER in warning
    assert _memo(second.stderr)[1] <= 10  # the warning came from the memo: only the edited file was checked
