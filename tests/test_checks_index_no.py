"""索引号: present, in the agency's form, unique, and never changed or reused
once published (published = committed in the git base)."""

from __future__ import annotations

from pathlib import Path

from content_kit import check, git, git_repo, item_text, mini_project, only, simple_item

G = "content/items/zcwj/gfxwj"


def test_missing_number_says_which_number_it_would_get(tmp_path: Path) -> None:
    root = mini_project(
        tmp_path,
        {
            "zcwj/gfxwj/a.md": simple_item("已有号", "2024-01-05", 7),
            "zcwj/gfxwj/b.md": item_text(title="后发的无号", published="2024-06-01"),
            "zcwj/gfxwj/c.md": item_text(title="先发的无号", published="2024-03-01"),
            "zcwj/gfxwj/d.md": item_text(title="今年的无号", published="2026-01-01"),
        },
    )
    _, problems = check(root)
    missing = {p.path: p for p in problems.items if p.rule == "index_no.missing"}
    assert len(missing) == 3
    # Numbered oldest first, exactly as `xxgk assign` will write them.
    assert missing[f"{G}/c.md"].message == "缺少索引号，按本机关规则应为 CSJ000001/2024-00008"
    assert missing[f"{G}/b.md"].message == "缺少索引号，按本机关规则应为 CSJ000001/2024-00009"
    assert missing[f"{G}/d.md"].message == "缺少索引号，按本机关规则应为 CSJ000001/2026-00001"
    p = missing[f"{G}/b.md"]
    assert (p.line, p.field) == (2, "索引号(index_no)")
    assert "xxgk assign" in p.hint


def test_number_not_in_the_agency_form(tmp_path: Path) -> None:
    root = mini_project(tmp_path, {"zcwj/gfxwj/a.md": item_text(title="格式错", index_no="CSJ000001-2024-1", published="2024-01-01")})
    _, problems = check(root)
    p = only(problems, "index_no.pattern")
    assert (p.path, p.line, p.field) == (f"{G}/a.md", 3, "索引号(index_no)")
    assert p.message == "“CSJ000001-2024-1”不符合本机关的索引号格式 {code}/{year}-{serial:05d}"
    assert p.hint.startswith("正确的样子：CSJ000001/2024-00001（前段为组织机构代码 CSJ000001）")


def test_local_form_configured_in_site_yml(tmp_path: Path) -> None:
    root = mini_project(
        tmp_path,
        {
            "zcwj/gfxwj/a.md": item_text(title="本地格式", index_no="PZ00101-1700-2023-00112", published="2023-05-01"),
            "zcwj/gfxwj/b.md": item_text(title="全国格式", index_no="CSJ000001/2023-00001", published="2023-05-02"),
            "zcwj/gfxwj/c.md": item_text(title="无号", published="2023-06-01"),
        },
    )
    site_yml = root / "content" / "site.yml"
    site_yml.write_text(
        site_yml.read_text(encoding="utf-8") + '\nindex_no:\n  template: "PZ00101-1700-{year}-{serial:05d}"\n', encoding="utf-8"
    )
    _, problems = check(root)
    assert only(problems, "index_no.pattern").path == f"{G}/b.md"
    assert only(problems, "index_no.missing").message.endswith("应为 PZ00101-1700-2023-00113")


def test_duplicate_number_is_reported_once_on_the_later_item(tmp_path: Path) -> None:
    root = mini_project(
        tmp_path,
        {
            "zcwj/gfxwj/old.md": simple_item("先发布的", "2024-01-01", 1),
            "zcwj/qtwj/new.md": simple_item("后发布的", "2024-05-01", 1),
        },
    )
    _, problems = check(root)
    assert len(problems.errors) == 1, problems.format()  # not a second "same URL" error
    p = only(problems, "index_no.duplicate")
    assert (p.path, p.line, p.field) == ("content/items/zcwj/qtwj/new.md", 3, "索引号(index_no)")
    assert p.message == f"索引号 CSJ000001/2024-00001 与 {G}/old.md 重复"
    assert "xxgk assign" in p.hint


def published_repo(tmp_path: Path) -> Path:
    root = mini_project(
        tmp_path,
        {f"zcwj/gfxwj/f{n}.md": simple_item(f"已发布文件{n}", f"2024-01-0{n}", n) for n in (1, 2, 3)},
    )
    git_repo(root)
    return root


def test_changed_number_compared_with_the_git_base(tmp_path: Path) -> None:
    root = published_repo(tmp_path)
    path = root / G / "f1.md"
    path.write_text(path.read_text(encoding="utf-8").replace("2024-00001", "2024-00009"), encoding="utf-8")
    _, problems = check(root)
    p = only(problems, "index_no.changed")
    assert (p.path, p.line, p.field) == (f"{G}/f1.md", 3, "索引号(index_no)")
    assert p.message == "索引号已发布为 CSJ000001/2024-00001，不得改为 CSJ000001/2024-00009"
    assert p.hint == "索引号一经发布不得更改：改回 CSJ000001/2024-00001。"


def test_removed_number_counts_as_changed(tmp_path: Path) -> None:
    root = published_repo(tmp_path)
    (root / G / "f2.md").write_text(item_text(title="已发布文件2", published="2024-01-02"), encoding="utf-8")
    _, problems = check(root)
    assert only(problems, "index_no.changed").message == "索引号已发布为 CSJ000001/2024-00002，不得改为 空"


def test_number_of_a_deleted_item_is_never_reused(tmp_path: Path) -> None:
    root = published_repo(tmp_path)
    git(root, "rm", "-q", f"{G}/f3.md")
    (root / G / "new.md").write_text(simple_item("另一份新文件", "2024-02-01", 3), encoding="utf-8")
    _, problems = check(root)
    p = only(problems, "index_no.reused")
    assert (p.path, p.line) == (f"{G}/new.md", 3)
    assert p.message == f"索引号 CSJ000001/2024-00003 曾用于已删除的“已发布文件3”（{G}/f3.md），不得重复使用"
    # and the next free number skips the deleted one
    (root / G / "more.md").write_text(item_text(title="无号", published="2024-03-01"), encoding="utf-8")
    _, problems = check(root)
    assert only(problems, "index_no.missing").message.endswith("应为 CSJ000001/2024-00004")


def test_moved_item_keeps_its_number(tmp_path: Path) -> None:
    root = published_repo(tmp_path)
    (root / "content/items/zcwj/qtwj").mkdir()
    git(root, "mv", f"{G}/f3.md", "content/items/zcwj/qtwj/f3.md")
    _, problems = check(root)
    assert problems.errors == []


def test_base_ref_selects_the_commit_to_compare_with(tmp_path: Path) -> None:
    root = published_repo(tmp_path)
    path = root / G / "f1.md"
    path.write_text(path.read_text(encoding="utf-8").replace("2024-00001", "2024-00009"), encoding="utf-8")
    git(root, "commit", "-qam", "renumber")  # committed on the branch, not yet on main's base
    assert check(root)[1].errors == []  # HEAD already has the new number
    _, problems = check(root, base_ref="HEAD~1")  # CI compares with the pull request's target
    assert only(problems, "index_no.changed").path == f"{G}/f1.md"


def test_project_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    root = mini_project(tmp_path / "site-project", {"zcwj/gfxwj/f1.md": simple_item("已发布", "2024-01-01", 1)})
    git_repo(tmp_path)
    path = root / G / "f1.md"
    path.write_text(path.read_text(encoding="utf-8").replace("2024-00001", "2024-00002"), encoding="utf-8")
    _, problems = check(root)
    assert only(problems, "index_no.changed").path == f"{G}/f1.md"


def test_outside_git_nothing_is_published(tmp_path: Path) -> None:
    root = mini_project(tmp_path, {"zcwj/gfxwj/f1.md": simple_item("未提交", "2024-01-01", 1)})
    assert check(root)[1].errors == []
