"""The 索引号 ledger's Python API, as the importer will call it: issuing and
registering are idempotent, batches continue each other, nothing is renumbered."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import IndexNoRule
from generator.index_ledger import HEADER, LEDGER, LedgerConflict, is_issued, parse, read
from generator.index_numbers import Issuer

RULE = IndexNoRule(code="CSJ000001")
DOCS = [  # (path, title, first publication date) of documents an import brings in
    ("content/items/ldxx/a.md", "甲文件", "2024-02-01"),
    ("content/items/ldxx/b.md", "乙文件", "2024-03-01"),
    ("content/items/ldxx/c.md", "丙文件", "2025-01-05"),
]


def project(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir(parents=True, exist_ok=True)
    return tmp_path


def run_import(root: Path, docs: list[tuple[str, str, str]]) -> list[str]:
    issuer = Issuer(root, RULE)
    numbers = [issuer.issue(path, title, date, int(date[:4])) for path, title, date in docs]
    issuer.save()
    return numbers


def test_importing_twice_gives_the_same_numbers_and_an_identical_ledger(tmp_path: Path) -> None:
    root = project(tmp_path)
    first = run_import(root, DOCS)
    ledger = (root / LEDGER).read_bytes()
    assert first == ["CSJ000001/2024-00001", "CSJ000001/2024-00002", "CSJ000001/2025-00001"]
    assert run_import(root, DOCS) == first
    assert (root / LEDGER).read_bytes() == ledger


def test_two_overlapping_batches_equal_one_import(tmp_path: Path) -> None:
    once = project(tmp_path / "once")
    run_import(once, DOCS)
    batches = project(tmp_path / "batches")
    run_import(batches, DOCS[:2])
    assert run_import(batches, DOCS[1:]) == ["CSJ000001/2024-00002", "CSJ000001/2025-00001"]
    assert (batches / LEDGER).read_bytes() == (once / LEDGER).read_bytes()


def test_registering_a_number_again_for_the_same_document_is_a_no_op(tmp_path: Path) -> None:
    root = project(tmp_path)
    for _ in range(2):
        issuer = Issuer(root, RULE)
        issuer.register("CSJ000001/2019-00042", "content/items/ldxx/old.md", "旧系统的文件", "2019-05-01")
        issuer.save()
    assert read(root).entries[0].line == 2 and len(read(root).entries) == 1
    assert is_issued(root, "CSJ000001/2019-00042")
    # Moved since (same title and date) is the same document too.
    Issuer(root, RULE).register("CSJ000001/2019-00042", "content/items/zcwj/qtwj/old.md", "旧系统的文件", "2019-05-01")
    # Next numbers of that year continue after it.
    assert Issuer(root, RULE).next(2019) == "CSJ000001/2019-00043"


def test_a_number_issued_to_another_document_is_a_conflict_never_a_renumber(tmp_path: Path) -> None:
    root = project(tmp_path)
    run_import(root, DOCS[:1])
    with pytest.raises(LedgerConflict) as caught:
        Issuer(root, RULE).register("CSJ000001/2024-00001", "content/items/ldxx/x.md", "别的文件", "2024-02-01")
    assert str(caught.value) == "索引号 CSJ000001/2024-00001 已发给 “甲文件”（content/items/ldxx/a.md，2024-02-01 发布，台账第 2 行）"


def test_titles_are_stored_on_one_line(tmp_path: Path) -> None:
    root = project(tmp_path)
    run_import(root, [("content/items/ldxx/a.md", "关于印发\n《办法》\t的通知", "2024-02-01")])
    assert (root / LEDGER).read_text(encoding="utf-8") == (
        f"{HEADER}\nCSJ000001/2024-00001\tcontent/items/ldxx/a.md\t2024-02-01\t关于印发 《办法》 的通知\n"
    )
    assert run_import(root, [("content/items/ldxx/a.md", "关于印发 《办法》 的通知", "2024-02-01")]) == ["CSJ000001/2024-00001"]
    with pytest.raises(ValueError, match="制表符或换行"):
        Issuer(root, RULE).register("CSJ000001/2024-00009", "content/items/a\tb.md", "标题", "")


def test_a_ledger_saved_without_its_last_newline_is_appended_to_cleanly(tmp_path: Path) -> None:
    root = project(tmp_path)
    run_import(root, DOCS[:1])
    path = root / LEDGER
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    issuer = Issuer(root, RULE)
    issuer.issue(*DOCS[1], 2024)
    assert [e.line for e in issuer.save()] == [3]
    assert [e.index_no for e in read(root).entries] == ["CSJ000001/2024-00001", "CSJ000001/2024-00002"]


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.sampled_from(["\t", "\n", "\r", " ", "-", "0", "1", "/", "C", "索", "\ufeff", "2024-01-02", "2024-13-01"]), max_size=60))
def test_any_ledger_text_is_read_never_raised_and_every_problem_has_its_line(parts: list[str]) -> None:
    ledger = parse(Path("."), HEADER + "\n" + "".join(parts))
    assert all(p.path == LEDGER and p.line and p.line >= 2 for p in ledger.problems)
    assert len({e.index_no for e in ledger.entries}) == len(ledger.entries)
