"""索引号: present, in the agency's form, unique, registered in the ledger, and
issued once, forever: never changed, reused or taken back — whether the change
is in the working tree or already committed, whatever the base.

Every repository here is a real one (``git`` in tmp_path), never a mock."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_xxgk
from content_kit import check, git, git_repo, item_text, mini_project, only, simple_item

from generator.index_ledger import HEADER, LEDGER

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


# --- the ledger -------------------------------------------------------------


def ledger_lines(root: Path) -> list[str]:
    return (root / LEDGER).read_text(encoding="utf-8").splitlines()


def write_ledger(root: Path, lines: list[str]) -> None:
    (root / LEDGER).write_text("\n".join(lines) + "\n", encoding="utf-8")


def renumber(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_published_repo_has_one_ledger_line_per_number(tmp_path: Path) -> None:
    root = published_repo(tmp_path)
    assert ledger_lines(root) == [
        HEADER,
        f"CSJ000001/2024-00001\t{G}/f1.md\t2024-01-01\t已发布文件1",
        f"CSJ000001/2024-00002\t{G}/f2.md\t2024-01-02\t已发布文件2",
        f"CSJ000001/2024-00003\t{G}/f3.md\t2024-01-03\t已发布文件3",
    ]
    assert check(root)[1].errors == []


def test_committed_renumber_is_refused_with_the_default_base(tmp_path: Path) -> None:
    # Issue 9 §6: a renumber already committed passed with the default base (HEAD).
    root = published_repo(tmp_path)
    renumber(root, f"{G}/f1.md", "2024-00001", "2024-00009")
    git(root, "commit", "-qam", "renumber")
    _, problems = check(root)
    p = only(problems, "index_no.renumbered")
    assert (p.path, p.line, p.field) == (f"{G}/f1.md", 3, "索引号(index_no)")
    assert p.message == "这份文件的索引号已登记为 CSJ000001/2024-00001（台账第 2 行），不得改为 CSJ000001/2024-00009"
    assert p.hint.startswith("改回 CSJ000001/2024-00001")
    assert len(problems.errors) == 1  # not also "unregistered"
    # Registering the new number by hand (and committing it) changes nothing.
    write_ledger(root, ledger_lines(root) + [f"CSJ000001/2024-00009\t{G}/f1.md\t2024-01-01\t已发布文件1"])
    git(root, "commit", "-qam", "register the new number")
    assert only(check(root)[1], "index_no.renumbered").path == f"{G}/f1.md"
    # Compared with the commit before the renumber, the base names the change itself.
    assert only(check(root, base_ref="HEAD~2")[1], "index_no.changed").path == f"{G}/f1.md"


def test_reuse_after_a_committed_deletion_is_refused(tmp_path: Path) -> None:
    # Issue 9 §6: once the deletion was committed, the base no longer showed the number.
    root = published_repo(tmp_path)
    git(root, "rm", "-q", f"{G}/f3.md")
    git(root, "commit", "-qm", "delete f3")
    (root / G / "new.md").write_text(simple_item("另一份新文件", "2024-02-01", 3), encoding="utf-8")
    _, problems = check(root)
    p = only(problems, "index_no.reused")
    assert (p.path, p.line) == (f"{G}/new.md", 3)
    assert p.message == (
        f"索引号 CSJ000001/2024-00003 已发给另一份文件“已发布文件3”（{G}/f3.md，2024-01-03 发布，台账第 4 行），"
        "不得给“另一份新文件”使用"
    )
    assert "xxgk assign" in p.hint
    git(root, "add", "-A")
    git(root, "commit", "-qm", "reuse")  # committed too: still refused
    assert only(check(root)[1], "index_no.reused").path == f"{G}/new.md"


def not_placeholders(errors: list) -> list:  # type: ignore[type-arg]
    return [p for p in errors if p.rule != "item.placeholder"]


def test_xxgk_new_never_hands_out_the_number_of_a_deleted_item(tmp_path: Path) -> None:
    root = mini_project(tmp_path, {f"ldxx/f{n}.md": simple_item(f"今年的{n}", f"2026-01-0{n}", n) for n in (1, 2, 3)})
    git_repo(root)
    git(root, "rm", "-q", "content/items/ldxx/f3.md")
    git(root, "commit", "-qm", "delete the newest item")
    result = run_xxgk(root, "new", "ldxx", "新的一条")
    assert result.returncode == 0, result.stderr
    assert "索引号 CSJ000001/2026-00004" in result.stdout  # not 00003, the deleted item's
    assert ledger_lines(root)[-1] == "CSJ000001/2026-00004\tcontent/items/ldxx/2026-00004.md\t2026-11-23\t新的一条"
    assert not_placeholders(check(root)[1].errors) == []  # the new file's body is still to write


@pytest.mark.parametrize("commit", [False, True])
def test_move_while_renumbering_is_refused(tmp_path: Path, commit: bool) -> None:
    root = published_repo(tmp_path)
    (root / "content/items/zcwj/qtwj").mkdir()
    git(root, "mv", f"{G}/f1.md", "content/items/zcwj/qtwj/moved.md")
    renumber(root, "content/items/zcwj/qtwj/moved.md", "2024-00001", "2024-00009")
    if commit:
        git(root, "commit", "-qam", "move and renumber")
    p = only(check(root)[1], "index_no.renumbered")
    assert p.path == "content/items/zcwj/qtwj/moved.md"
    assert "已登记为 CSJ000001/2024-00001（台账第 2 行）" in p.message


def test_a_document_moved_then_retitled_keeps_its_number(tmp_path: Path) -> None:
    root = published_repo(tmp_path)
    (root / "content/items/zcwj/qtwj").mkdir()
    moved = "content/items/zcwj/qtwj/moved.md"
    git(root, "mv", f"{G}/f1.md", moved)
    git(root, "commit", "-qm", "move")
    renumber(root, moved, "已发布文件1", "已发布文件1（修订标题）")
    assert check(root)[1].errors == []  # git follows the file from the path in the ledger
    git(root, "commit", "-qam", "retitle")
    assert check(root)[1].errors == []


def test_a_document_moved_and_retitled_at_once_gets_a_hint(tmp_path: Path) -> None:
    root = published_repo(tmp_path)
    (root / "content/items/zcwj/qtwj").mkdir()
    moved = "content/items/zcwj/qtwj/moved.md"
    git(root, "mv", f"{G}/f1.md", moved)
    renumber(root, moved, "已发布文件1", "完全不同的标题")
    p = only(check(root)[1], "index_no.reused")
    assert p.path == moved
    assert "先只移动文件，提交后再改" in p.hint


def test_hand_typed_number_must_be_registered_then_xxgk_assign_registers_it(tmp_path: Path) -> None:
    root = published_repo(tmp_path)
    (root / G / "typed.md").write_text(simple_item("手工填号", "2024-03-01", 7), encoding="utf-8")
    p = only(check(root)[1], "index_no.unregistered")
    assert (p.path, p.line, p.field) == (f"{G}/typed.md", 3, "索引号(index_no)")
    assert p.message == "索引号 CSJ000001/2024-00007 没有登记在索引号台账 content/index-ledger.tsv 中"
    assert "xxgk assign" in p.hint
    result = run_xxgk(root, "assign")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{G}/typed.md: 登记索引号 CSJ000001/2024-00007" in result.stdout
    assert ledger_lines(root)[-1] == f"CSJ000001/2024-00007\t{G}/typed.md\t2024-03-01\t手工填号"
    assert check(root)[1].errors == []


def test_xxgk_assign_refuses_to_register_a_renumber(tmp_path: Path) -> None:
    root = published_repo(tmp_path)
    renumber(root, f"{G}/f2.md", "2024-00002", "2024-00008")
    before = ledger_lines(root)
    result = run_xxgk(root, "assign")
    assert result.returncode == 1
    assert f"{G}/f2.md: 没有登记：这份文件已登记为 CSJ000001/2024-00002，不能改用 CSJ000001/2024-00008" in result.stdout
    assert ledger_lines(root) == before


def test_xxgk_assign_gives_back_a_removed_number(tmp_path: Path) -> None:
    root = published_repo(tmp_path)
    git(root, "rm", "-q", f"{G}/f3.md")
    git(root, "commit", "-qm", "delete f3")
    (root / G / "f2.md").write_text(item_text(title="已发布文件2", published="2024-01-02"), encoding="utf-8")
    git(root, "commit", "-qam", "number removed and committed")
    p = only(check(root)[1], "index_no.missing")
    assert p.message == "缺少索引号：这份文件已登记过索引号 CSJ000001/2024-00002（台账第 3 行）"
    result = run_xxgk(root, "assign")
    assert f"{G}/f2.md: 索引号 CSJ000001/2024-00002（写回这份文件原来的号）" in result.stdout
    assert "index_no: CSJ000001/2024-00002\n" in (root / G / "f2.md").read_text(encoding="utf-8")
    assert check(root)[1].errors == []


# --- the base ---------------------------------------------------------------


def test_first_push_has_no_base_but_the_ledger_history_is_still_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    root = published_repo(tmp_path)
    renumber(root, f"{G}/f1.md", "2024-00001", "2024-00009")
    write_ledger(root, [line for line in ledger_lines(root) if "2024-00002" not in line])
    git(root, "commit", "-qam", "renumber f1, drop a ledger line")
    _, problems = check(root, base_ref="0" * 40)  # GitHub's "before" of a first push
    assert {p.rule for p in problems.errors} == {"index_no.renumbered", "index_no.ledger_changed", "index_no.unregistered"}
    assert only(problems, "index_no.unregistered").path == f"{G}/f2.md"  # its ledger line is gone
    assert [p for p in problems.items if p.rule == "index_no.base"] == []


def test_a_base_that_does_not_exist_is_an_error_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = published_repo(tmp_path)
    monkeypatch.setenv("CI", "true")
    p = only(check(root, base_ref="origin/main")[1], "index_no.base")
    assert p.level == "error"
    assert (p.path, p.field) == (LEDGER, "比较基准(XXGK_BASE_REF)")
    assert p.message.startswith("找不到比较基准 origin/main（git：")
    assert "fetch-depth: 0" in p.hint
    # Through the command CI runs, with the variable CI sets.
    monkeypatch.setenv("XXGK_BASE_REF", "no-such-branch")
    result = run_xxgk(root, "check")
    assert result.returncode == 1
    assert "content/index-ledger.tsv: 比较基准(XXGK_BASE_REF): 错误：找不到比较基准 no-such-branch" in result.stdout


def test_a_base_that_does_not_exist_is_a_warning_on_an_editors_machine(tmp_path: Path) -> None:
    root = published_repo(tmp_path)
    _, problems = check(root, base_ref="origin/main")
    assert problems.errors == []
    assert only(problems, "index_no.base").level == "warning"


def test_outside_git_the_ledger_is_checked_and_ci_is_warned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = mini_project(tmp_path, {"zcwj/gfxwj/f1.md": simple_item("未提交", "2024-01-01", 1)})
    (root / G / "f2.md").write_text(simple_item("未登记", "2024-01-02", 2), encoding="utf-8")
    assert only(check(root)[1], "index_no.unregistered").path == f"{G}/f2.md"
    assert [p for p in check(root)[1].items if p.rule == "index_no.base"] == []
    monkeypatch.setenv("CI", "true")
    p = only(check(root)[1], "index_no.base")
    assert (p.level, p.message) == ("warning", "不在 git 仓库中：无法核对索引号台账是否只增不改")


def test_a_base_that_is_not_an_ancestor_force_push(tmp_path: Path) -> None:
    root = published_repo(tmp_path)
    old_head = git(root, "rev-parse", "HEAD").strip()
    (root / G / "f4.md").write_text(simple_item("第四份", "2024-01-04", 4), encoding="utf-8")
    write_ledger(root, ledger_lines(root) + [f"CSJ000001/2024-00004\t{G}/f4.md\t2024-01-04\t第四份"])
    git(root, "add", "-A")
    git(root, "commit", "-qm", "f4 published")
    published = git(root, "rev-parse", "HEAD").strip()
    git(root, "reset", "-q", "--hard", old_head)  # history rewritten: f4's commit is gone from the branch
    (root / G / "other.md").write_text(simple_item("另一份", "2024-01-05", 4), encoding="utf-8")
    write_ledger(root, ledger_lines(root) + [f"CSJ000001/2024-00004\t{G}/other.md\t2024-01-05\t另一份"])
    git(root, "add", "-A")
    git(root, "commit", "-qm", "reissue 00004")
    assert check(root)[1].errors == []  # HEAD's own history is consistent …
    _, problems = check(root, base_ref=published)  # … but main held f4 with 00004 before the force push
    p = only(problems, "index_no.ledger_changed")
    assert p.line == 5
    assert f"比较基准 {published}" in p.message
    assert "CSJ000001/2024-00004" in p.message and "不得改为" in p.message


# --- the ledger's integrity -------------------------------------------------


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (lambda lines: lines[:2] + lines[3:], 3, "第 3 行“CSJ000001/2024-00002 | content/items/zcwj/gfxwj/f2.md | 2024-01-02 | 已发布文件2”已在当前提交 HEAD"),
        (lambda lines: [*lines[:2], lines[2].replace("已发布文件2", "改过的标题"), *lines[3:]], 3, "第 3 行的索引号 CSJ000001/2024-00002 在当前提交 HEAD"),
        (lambda lines: [lines[0], lines[2], lines[1], lines[3]], 2, "台账从第 2 行起与当前提交 HEAD"),
    ],
    ids=["removed", "edited", "reordered"],
)
def test_a_committed_ledger_line_may_not_be_removed_edited_or_moved(tmp_path: Path, change, line: int, message: str) -> None:
    root = published_repo(tmp_path)
    write_ledger(root, change(ledger_lines(root)))
    _, problems = check(root)
    p = only(problems, "index_no.ledger_changed")
    assert (p.path, p.line, p.field) == (LEDGER, line, "索引号台账")
    assert message in p.message
    assert p.hint
    assert run_xxgk(root, "new", "ldxx", "不该分到号").returncode == 1  # nothing is issued on a broken ledger
    assert not (root / "content/items/ldxx").exists()


def test_appending_to_the_ledger_is_fine(tmp_path: Path) -> None:
    root = published_repo(tmp_path)
    assert run_xxgk(root, "new", "ldxx", "新的一条").returncode == 0
    assert not_placeholders(check(root)[1].errors) == []  # the new file's body is still to write


def test_ledger_history_rewritten_across_commits_is_refused(tmp_path: Path) -> None:
    root = published_repo(tmp_path)
    git(root, "rm", "-q", f"{G}/f2.md")
    write_ledger(root, [line for line in ledger_lines(root) if "2024-00002" not in line])
    git(root, "commit", "-qam", "drop f2 and its ledger line")
    (root / G / "f4.md").write_text(simple_item("第四份", "2024-01-04", 4), encoding="utf-8")
    write_ledger(root, ledger_lines(root) + [f"CSJ000001/2024-00004\t{G}/f4.md\t2024-01-04\t第四份"])
    git(root, "add", "-A")
    git(root, "commit", "-qm", "f4")
    _, problems = check(root)  # the base (HEAD) lacks the line too: only the history shows it
    p = only(problems, "index_no.ledger_changed")
    assert p.path == LEDGER
    assert "CSJ000001/2024-00002" in p.message and "已不在台账中" in p.message
    assert "drop f2 and its ledger line" in p.message  # the commit that removed it
    assert "git show" in p.hint
    # `xxgk new` refuses to hand out a number on top of it …
    assert run_xxgk(root, "new", "ldxx", "不该分到号").returncode == 1
    # … and the repair is to put the line back at the end, without rewriting history.
    write_ledger(root, ledger_lines(root) + [f"CSJ000001/2024-00002\t{G}/f2.md\t2024-01-02\t已发布文件2"])
    assert check(root)[1].errors == []
    git(root, "commit", "-qam", "repair the ledger")
    assert check(root)[1].errors == []


def test_lines_of_a_side_branch_that_were_renumbered_before_merging_do_not_count(tmp_path: Path) -> None:
    # Two branches both issued 00004; the pull request's item is renumbered while merging.
    # Only main's first-parent history was ever published, so that is the history checked.
    root = published_repo(tmp_path)
    line = "CSJ000001/2024-{serial:05d}\t{G}/{name}.md\t2024-01-0{day}\t{title}"
    git(root, "checkout", "-q", "-b", "pr")
    (root / G / "pr.md").write_text(simple_item("分支上的文件", "2024-01-05", 4), encoding="utf-8")
    write_ledger(root, ledger_lines(root) + [line.format(serial=4, G=G, name="pr", day=5, title="分支上的文件")])
    git(root, "add", "-A")
    git(root, "commit", "-qm", "pr: new item 00004")
    git(root, "checkout", "-q", "main")
    (root / G / "main.md").write_text(simple_item("主干上的文件", "2024-01-06", 4), encoding="utf-8")
    write_ledger(root, ledger_lines(root) + [line.format(serial=4, G=G, name="main", day=6, title="主干上的文件")])
    git(root, "add", "-A")
    git(root, "commit", "-qm", "main: new item 00004")
    git(root, "merge", "-q", "--no-commit", "-s", "ours", "pr")
    (root / G / "pr.md").write_text(simple_item("分支上的文件", "2024-01-05", 5), encoding="utf-8")
    write_ledger(root, ledger_lines(root) + [line.format(serial=5, G=G, name="pr", day=5, title="分支上的文件")])
    git(root, "add", "-A")
    git(root, "commit", "-qm", "merge pr, its item renumbered to 00005")
    assert check(root)[1].errors == []
    assert check(root, base_ref="HEAD~1")[1].errors == []  # the publish run of that merge


def test_ledger_file_deleted(tmp_path: Path) -> None:
    root = published_repo(tmp_path)
    (root / LEDGER).unlink()
    p = only(check(root)[1], "index_no.ledger_changed")
    assert p.message == "索引号台账被删除了：已提交的索引号记录不得删除"


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("CSJ000001/2024-00009\tcontent/items/x.md\t2024-01-09", "索引号台账", "应有 4 列（索引号、文件、首次发布日期、标题，用制表符分隔），这一行有 3 列"),
        ("CSJ000001/2024-00009\tcontent/items/x.md\t2024-13-01\t标题", "索引号台账：首次发布日期", "“2024-13-01”不是 YYYY-MM-DD 格式的日期"),
        ("CSJ000001/2024-00001\tcontent/items/x.md\t2024-01-09\t标题", "索引号台账：索引号", "索引号 CSJ000001/2024-00001 在第 2 行已登记，同一个号只能登记一次"),
        ("", "索引号台账", "空行"),
    ],
    ids=["columns", "date", "duplicate", "blank"],
)
def test_a_malformed_ledger_line_is_a_precise_error(tmp_path: Path, row: str, field: str, message: str) -> None:
    root = mini_project(tmp_path, {"zcwj/gfxwj/f1.md": simple_item("已发布", "2024-01-01", 1)})
    write_ledger(root, [*ledger_lines(root), row])
    p = only(check(root)[1], "index_no.ledger")
    assert (p.path, p.line, p.field, p.message) == (LEDGER, 3, field, message)
    assert "不要手工编辑" in p.hint


def test_no_ledger_yet_one_error_and_xxgk_assign_creates_it(tmp_path: Path) -> None:
    root = mini_project(tmp_path, {f"zcwj/gfxwj/f{n}.md": simple_item(f"旧文件{n}", f"2024-01-0{n}", n) for n in (2, 1)}, ledger=False)
    _, problems = check(root)
    p = only(problems, "index_no.unregistered")
    assert (p.path, p.message) == (LEDGER, "缺少索引号台账：2 条信息的索引号都没有登记")
    assert len(problems.errors) == 1
    assert run_xxgk(root, "assign").returncode == 0
    assert ledger_lines(root) == [
        HEADER,
        f"CSJ000001/2024-00001\t{G}/f1.md\t2024-01-01\t旧文件1",
        f"CSJ000001/2024-00002\t{G}/f2.md\t2024-01-02\t旧文件2",
    ]
    assert check(root)[1].errors == []


def test_crlf_ledger_from_a_windows_checkout_is_read_and_appended_alike(tmp_path: Path) -> None:
    root = mini_project(tmp_path, {"zcwj/gfxwj/f1.md": simple_item("已发布", "2024-01-01", 1)})
    path = root / LEDGER
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert check(root)[1].errors == []
    assert run_xxgk(root, "new", "ldxx", "新的一条").returncode == 0
    assert path.read_bytes().count(b"\r\n") == 3 and b"\n" not in path.read_bytes().replace(b"\r\n", b"")
    assert not_placeholders(check(root)[1].errors) == []  # the new file's body is still to write


def test_sample_ledger_covers_every_sample_item() -> None:
    from conftest import ROOT

    from generator.index_ledger import read
    from generator.loader import load_site

    site, _, _ = load_site(ROOT)
    ledger = read(ROOT)
    assert ledger.problems == []
    assert sorted(e.index_no for e in ledger.entries) == sorted(i.index_no for i in site.items if i.index_no)
    assert all(ledger.get(i.index_no).path == i.rel for i in site.items if i.index_no)
