"""``xxgk new`` scaffolds an item that passes the check; ``xxgk assign`` is the
only command that edits content, and only the files missing a 索引号."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import run_xxgk
from content_kit import check, item_text, mini_project, simple_item

from generator.index_ledger import HEADER, LEDGER


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("column", ["gfxwj", "zcwj/gfxwj", "行政规范性文件"])
def test_new_by_id_path_or_chinese_title(tmp_path: Path, column: str) -> None:
    root = mini_project(tmp_path, {"zcwj/gfxwj/old.md": simple_item("去年的", "2026-03-01", 4)})
    result = run_xxgk(root, "new", column, "关于做好2026年冬季农业生产工作的通知")
    assert result.returncode == 0, result.stderr
    path = root / "content/items/zcwj/gfxwj/2026-00005.md"
    assert result.stdout.splitlines()[0] == "已新建 content/items/zcwj/gfxwj/2026-00005.md（行政规范性文件，索引号 CSJ000001/2026-00005）"
    text = path.read_text(encoding="utf-8")
    assert "title: 关于做好2026年冬季农业生产工作的通知\n" in text
    assert "index_no: CSJ000001/2026-00005\n" in text
    assert "published: 2026-11-23\n" in text
    assert "# 发布日期（必填）：在本网站公开的日期" in text  # Chinese comments guide the editor
    site, problems = check(root)
    # The body is the scaffold's placeholder until the editor writes one: that, and nothing else, is refused.
    assert [p.rule for p in problems.errors if p.path.endswith("2026-00005.md")] == ["item.placeholder"]
    assert any(i.title == "关于做好2026年冬季农业生产工作的通知" for i in site.items)


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("局领导分工：调整说明", "局领导分工：调整说明"),
        ("局领导分工: 调整 #1", '"局领导分工: 调整 #1"'),
        ("[转载]关于春耕的通知", '"[转载]关于春耕的通知"'),
        ("2026", '"2026"'),
    ],
)
def test_new_item_passes_xxgk_check_whatever_the_title(tmp_path: Path, title: str, written: str) -> None:
    root = mini_project(tmp_path)
    assert run_xxgk(root, "new", "ldxx", title).returncode == 0
    path = root / "content/items/ldxx/2026-00001.md"
    assert f"title: {written}\n" in path.read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").split("在这里写正文")[0] + "局领导分工如下。\n", encoding="utf-8")
    result = run_xxgk(root, "check")
    assert result.returncode == 0, result.stdout
    assert check(root)[0].items[0].title == title


def test_new_twice_gets_two_numbers_and_two_files(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    run_xxgk(root, "new", "ldxx", "第一条")
    run_xxgk(root, "new", "ldxx", "第二条")
    assert sorted(p.name for p in (root / "content/items/ldxx").iterdir()) == ["2026-00001.md", "2026-00002.md"]
    # Each number is in the ledger, issued to its file, with the date and title it was issued with.
    assert (root / LEDGER).read_text(encoding="utf-8") == (
        f"{HEADER}\n"
        "CSJ000001/2026-00001\tcontent/items/ldxx/2026-00001.md\t2026-11-23\t第一条\n"
        "CSJ000001/2026-00002\tcontent/items/ldxx/2026-00002.md\t2026-11-23\t第二条\n"
    )


def test_new_after_an_uncommitted_delete_still_skips_the_number(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    run_xxgk(root, "new", "ldxx", "第一条")
    (root / "content/items/ldxx/2026-00001.md").unlink()  # deleted before anything was committed
    result = run_xxgk(root, "new", "ldxx", "第二条")
    assert "索引号 CSJ000001/2026-00002" in result.stdout  # the ledger remembers 00001


def test_assign_twice_leaves_an_identical_ledger(tmp_path: Path) -> None:
    root = assign_project(tmp_path)
    assert run_xxgk(root, "assign").returncode == 0
    first = (root / LEDGER).read_bytes()
    again = run_xxgk(root, "assign")
    assert (again.returncode, again.stdout.strip()) == (0, "所有信息都已有索引号。")
    assert (root / LEDGER).read_bytes() == first


@pytest.mark.parametrize("column", ["没有这个栏目", "zcwj", "政策文件"])
def test_new_with_unknown_or_parent_column_lists_the_columns(tmp_path: Path, column: str) -> None:
    root = mini_project(tmp_path)
    before = digests(root / "content")
    result = run_xxgk(root, "new", column, "标题")
    assert result.returncode == 2
    assert f"错误：没有叫“{column}”的子栏目。可用的子栏目：" in result.stderr
    assert "zcwj/gfxwj" in result.stderr and "政策文件 / 行政规范性文件" in result.stderr
    assert digests(root / "content") == before


def assign_project(tmp_path: Path) -> Path:
    return mini_project(
        tmp_path,
        {
            "ldxx/numbered.md": simple_item("已有号", "2024-01-05", 7),
            "ldxx/later.md": item_text(title="后发的无号", published="2024-06-01", doc_no="测发〔2024〕9号"),
            "ldxx/earlier.md": "---\r\ntitle: 先发的无号\r\npublished: 2024-03-01\r\n---\r\n\r\nWindows 换行。\r\n",
            "ldxx/blank.md": "---\ntitle: 留空的索引号\nindex_no:   # 待分配\npublished: 2025-01-01\n---\n正文\n",
        },
    )


def test_assign_writes_only_missing_numbers_into_only_those_files(tmp_path: Path) -> None:
    root = assign_project(tmp_path)
    before = digests(root / "content")
    result = run_xxgk(root, "assign")
    assert result.returncode == 0, result.stderr
    after = digests(root / "content")
    changed = {path for path in before if before[path] != after[path]}
    # The three files, and the ledger the three numbers were registered in.
    assert changed == {"items/ldxx/later.md", "items/ldxx/earlier.md", "items/ldxx/blank.md", "index-ledger.tsv"}
    assert set(after) == set(before)  # no file created or removed
    items = root / "content/items/ldxx"
    # oldest first, continuing after the highest serial of the year
    assert (items / "earlier.md").read_bytes() == (
        "---\r\ntitle: 先发的无号\r\nindex_no: CSJ000001/2024-00008\r\npublished: 2024-03-01\r\n---\r\n\r\nWindows 换行。\r\n"
    ).encode()
    assert (items / "later.md").read_text(encoding="utf-8") == item_text(
        title="后发的无号", index_no="CSJ000001/2024-00009", published="2024-06-01", doc_no="测发〔2024〕9号"
    )
    assert (items / "blank.md").read_text(encoding="utf-8").startswith("---\ntitle: 留空的索引号\nindex_no: CSJ000001/2025-00001\npublished:")
    assert "共分配 3 个索引号。" in result.stdout
    assert (root / LEDGER).read_text(encoding="utf-8").splitlines()[-3:] == [
        "CSJ000001/2024-00008\tcontent/items/ldxx/earlier.md\t2024-03-01\t先发的无号",
        "CSJ000001/2024-00009\tcontent/items/ldxx/later.md\t2024-06-01\t后发的无号",
        "CSJ000001/2025-00001\tcontent/items/ldxx/blank.md\t2025-01-01\t留空的索引号",
    ]
    assert check(root)[1].errors == []
    # A second run has nothing to do and changes nothing.
    again = run_xxgk(root, "assign")
    assert again.stdout.strip() == "所有信息都已有索引号。"
    assert digests(root / "content") == after


def test_assign_dry_run_writes_nothing(tmp_path: Path) -> None:
    root = assign_project(tmp_path)
    before = digests(root / "content")
    result = run_xxgk(root, "assign", "--dry-run")
    assert result.returncode == 0
    assert result.stdout.splitlines()[:3] == [
        "content/items/ldxx/earlier.md: 索引号 CSJ000001/2024-00008",
        "content/items/ldxx/later.md: 索引号 CSJ000001/2024-00009",
        "content/items/ldxx/blank.md: 索引号 CSJ000001/2025-00001",
    ]
    assert digests(root / "content") == before


def test_check_predicts_exactly_what_assign_writes(tmp_path: Path) -> None:
    root = assign_project(tmp_path)
    _, problems = check(root)
    predicted = sorted(p.message.rsplit(" ", 1)[1] for p in problems.items if p.rule == "index_no.missing")
    run_xxgk(root, "assign")
    site, _ = check(root)
    written = sorted(i.index_no for i in site.items if i.title != "已有号")
    assert predicted == written


def test_assign_keeps_a_title_folded_over_several_lines(tmp_path: Path) -> None:
    text = "---\ntitle: >-\n  溪川县农业农村局关于印发《溪川县高标准农田建设项目管理办法》\n  的通知\npublished: 2024-05-06\n---\n正文\n"
    root = mini_project(tmp_path, {"ldxx/long.md": text})
    assert run_xxgk(root, "assign").returncode == 0
    site, problems = check(root)
    assert problems.errors == []
    assert site.items[0].title == "溪川县农业农村局关于印发《溪川县高标准农田建设项目管理办法》 的通知"
    assert site.items[0].index_no == "CSJ000001/2024-00001"
