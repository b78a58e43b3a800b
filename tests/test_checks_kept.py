"""A check across files whose result a rebuild takes from the build's memo
(``generator/checks/kept.py``) reports exactly what a check without the memo reports:
an edit of what the check reads (a 索引号, a line of the front matter, the ledger) is
seen, and only an edit it does not read (an item's text) reuses the result."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from conftest import TODAY, make_project

from generator import build, caches, diskmemo
from generator.checks import index_no, items

ITEM = "content/items/tjxx/2021-00005-2020-nongye-shengchan-qingkuang.md"
OTHER = "content/items/zcwj/qtwj/2020-00001-2020-chunji-nongye-shengchan.md"  # older than ITEM
OTHER_NUMBER = "XCNY00001/2020-00001"  # its number
DAY = dt.date.fromisoformat(TODAY)


def _problems(project: Path, memo: bool) -> list[tuple]:
    caches.reset()
    if memo:
        diskmemo.open_memo(project / "build" / "cache", "test")
    try:
        _, problems = build.check(project, today=DAY)
    finally:
        diskmemo.save()
        caches.reset()
    return [p.plain() for p in problems.items]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("kept") / "project")
    time.sleep(2.2)  # settled files are kept by their identity (loader.SETTLED_NS), as on a real site
    assert _problems(project, memo=True) == _problems(project, memo=False)
    return project


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the 索引号 check ran rather than came from the memo."""
    ran: list[int] = []
    check = index_no._check

    def counted(*args):
        ran.append(1)
        return check(*args)

    monkeypatch.setattr(index_no, "_check", counted)
    return ran


def _edit(project: Path, rel: str, old: str, new: str) -> str:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def test_an_edit_of_the_text_alone_reuses_the_result(project: Path, runs: list[int]) -> None:
    _problems(project, memo=True)
    before = len(runs)
    text = _edit(project, ITEM, "\n---\n", "\n---\n\n新增一段正文。\n")
    try:
        kept = _problems(project, memo=True)
        assert len(runs) == before  # taken from the memo
        assert kept == _problems(project, memo=False)
    finally:
        (project / ITEM).write_text(text, encoding="utf-8")


def test_a_number_made_a_duplicate_is_reported_as_a_cold_check_does(project: Path, runs: list[int]) -> None:
    _problems(project, memo=True)
    text = _edit(project, ITEM, "index_no: XCNY00001/2021-00005", f"index_no: {OTHER_NUMBER}")
    try:
        kept = _problems(project, memo=True)
        assert runs  # the check ran again
        cold = _problems(project, memo=False)
        assert kept == cold
        assert any(p[0] == ITEM and p[6] == "index_no.duplicate" for p in kept), kept
        # A line added above it moves the problem's line: the front matter's lines are read too.
        lines = {p[1] for p in kept if p[0] == ITEM and p[6].startswith("index_no.")}
        _edit(project, ITEM, "---\n", "---\n# 备注\n")
        moved = _problems(project, memo=True)
        assert moved == _problems(project, memo=False)
        assert {p[1] for p in moved if p[0] == ITEM and p[6].startswith("index_no.")} == {n + 1 for n in lines}
    finally:
        (project / ITEM).write_text(text, encoding="utf-8")
    assert _problems(project, memo=True) == _problems(project, memo=False)


def test_a_problem_of_an_unchanged_file_names_its_line_from_the_memo(project: Path) -> None:
    """ITEM is not edited: it comes from its record, whose key lines are unpacked only now."""
    _problems(project, memo=True)
    text = _edit(project, OTHER, f"index_no: {OTHER_NUMBER}", "index_no: XCNY00001/2021-00005")
    try:
        kept = _problems(project, memo=True)
        assert kept == _problems(project, memo=False)
        lines = [p[1] for p in kept if p[0] == ITEM and p[6] == "index_no.duplicate"]
        assert lines == [3], kept  # "index_no:" is the file's third line
    finally:
        (project / OTHER).write_text(text, encoding="utf-8")


def test_an_edit_of_the_ledger_is_reported_as_a_cold_check_does(project: Path) -> None:
    _problems(project, memo=True)
    ledger = project / "content" / "index-ledger.tsv"
    text = ledger.read_text(encoding="utf-8")
    rows = text.splitlines(keepends=True)
    number = next(row.split("\t")[0] for row in rows[1:] if row.split("\t")[1] == ITEM)
    ledger.write_text("".join(row for row in rows if not row.startswith(number + "\t")), encoding="utf-8")
    try:
        kept = _problems(project, memo=True)
        assert kept == _problems(project, memo=False)
        assert any(p[0] == ITEM and p[6] == "index_no.unregistered" for p in kept), kept
    finally:
        ledger.write_text(text, encoding="utf-8")


def test_a_broken_section_of_site_yml_is_ignored_and_reported_from_the_memo_as_without_it(project: Path) -> None:
    """Which sections of site.yml break their schema is kept by their data (schemas.invalid_sections):
    a rebuild that takes it from the memo still ignores the section and reports it."""
    site_yml = project / "content" / "site.yml"
    text = _edit(project, "content/site.yml", "per_page: 20", "per_page: 二十")
    try:
        first = _problems(project, memo=True)
        again = _problems(project, memo=True)  # the sections now come from the memo
        assert first == again == _problems(project, memo=False)
        assert any(p[0] == "content/site.yml" and "per_page" in p[2] for p in again), again
        caches.reset()
        diskmemo.open_memo(project / "build" / "cache", "test")
        try:
            ctx, _ = build.check(project, today=DAY)
        finally:
            diskmemo.save()
        assert ctx.site.config.per_page == 50  # the broken section ignored: its default applies
    finally:
        site_yml.write_text(text, encoding="utf-8")


INTERPRETATION = "content/items/zcjd/2026-00007-jiedu-shehuihua-fuwu.md"


def test_a_policy_link_edited_is_reported_as_a_cold_check_does(project: Path) -> None:
    """The policy checks are kept by the items' paths and front matter too: an interpretation
    that now names no document is an error in a rebuild as in a cold check."""
    _problems(project, memo=True)
    text = _edit(project, INTERPRETATION, "interprets: XCNY00001/2026-00006", "interprets: XCNY00001/2026-09999")
    try:
        kept = _problems(project, memo=True)
        assert kept == _problems(project, memo=False)
        assert any(p[0] == INTERPRETATION and p[6] == "policy.interprets" for p in kept), kept
    finally:
        (project / INTERPRETATION).write_text(text, encoding="utf-8")
    assert _problems(project, memo=True) == _problems(project, memo=False) == []



def test_an_items_own_problem_is_reported_from_a_rebuild_as_a_cold_check_does(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The items' own checks are kept by buckets of items too (checks/items.py): an edit of one
    item's front matter re-checks its bucket only, and its problem is reported as a cold check does."""
    _problems(project, memo=True)
    checked: list[str] = []
    check_item = items.check_item
    monkeypatch.setattr(items, "check_item", lambda item, ctx: checked.append(item.rel) or check_item(item, ctx))
    text = _edit(project, ITEM, "written: 2021-03-22", "written: 2021-04-22")  # after it was published
    try:
        kept = _problems(project, memo=True)
        assert ITEM in checked and len(checked) < 20, checked  # its bucket, not all 96 items
        assert kept == _problems(project, memo=False)
        assert any(p[0] == ITEM and p[6] == "item.date-order" for p in kept), kept
    finally:
        (project / ITEM).write_text(text, encoding="utf-8")
    checked.clear()
    again = _problems(project, memo=True)
    assert checked == []  # the unedited tree's buckets, from the memo
    assert again == _problems(project, memo=False) == []


ATTACHED = "content/items/ghjh/2021-00014-shisiwu-nongye-nongcun-guihua.md"  # attaches shisiwu-guihua.pdf


def test_a_file_put_beside_a_missing_attachment_is_named_in_a_rebuild(project: Path) -> None:
    """The message on a missing attachment names the nearest file in its folder: the folder's
    names are in the key an item's own problems are kept by, when an attachment is missing."""
    folder = project / "content/items/ghjh"
    pdf, near = folder / "shisiwu-guihua.pdf", folder / "shisiwu-guihua.PDF"
    data = pdf.read_bytes()
    pdf.unlink()
    try:
        first = _problems(project, memo=True)
        assert any(p[0] == ATTACHED and p[6] == "item.attachment" and "PDF" not in p[4] for p in first), first
        near.write_bytes(data)  # the item's file is unchanged
        kept = _problems(project, memo=True)
        assert kept == _problems(project, memo=False)
        assert any(p[0] == ATTACHED and "shisiwu-guihua.PDF" in p[4] for p in kept), kept
    finally:
        near.unlink(missing_ok=True)
        pdf.write_bytes(data)


def test_a_script_link_added_to_a_body_is_reported_from_a_rebuild_as_a_cold_check_does(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bodies' markup checks are kept by buckets of items (checks/markup.py): an edit of one
    body checks its bucket again, and its problems (and the dropped-HTML warning, at the line it
    moved to) are reported as a cold check reports them; the other buckets come from the memo."""
    from generator.checks import markup

    _problems(project, memo=True)
    checked: list[str] = []
    findings = markup._findings
    monkeypatch.setattr(markup, "_findings", lambda field, hosts: checked.append(field.rel) or findings(field, hosts))
    text = _edit(project, ITEM, "\n---\n", "\n---\n\n见[通知](javascript:alert(1))。\n\n<span onclick=\"x()\">说明</span>\n")
    try:
        kept = _problems(project, memo=True)
        items_checked = [rel for rel in checked if rel.startswith("content/items/")]
        assert ITEM in items_checked and len(items_checked) < 20, checked  # its bucket, not all 96 items
        assert kept == _problems(project, memo=False)
        line = (project / ITEM).read_text(encoding="utf-8").split("\n").index("见[通知](javascript:alert(1))。") + 1
        assert any(p[0] == ITEM and p[6] == "markup.scheme" and p[1] == line for p in kept), kept
        assert any(p[0] == ITEM and p[6] == "markup.dropped" for p in kept), kept
        # A line added above the body moves both problems: the body's first line is read too.
        _edit(project, ITEM, "---\n", "---\n# 备注\n")
        moved = _problems(project, memo=True)
        assert moved == _problems(project, memo=False)
        assert any(p[0] == ITEM and p[6] == "markup.scheme" and p[1] == line + 1 for p in moved), moved
    finally:
        (project / ITEM).write_text(text, encoding="utf-8")
    checked.clear()
    again = _problems(project, memo=True)
    assert not [rel for rel in checked if rel.startswith("content/items/")]  # the unedited tree's buckets, from the memo
    assert again == _problems(project, memo=False) == []


def test_the_declared_values_are_written_the_same_whatever_shares_them() -> None:
    """A kept check's key holds the items' declared values (checks/kept.py ``_values``): an item
    parsed afresh and the same item read back from the memo share their strings differently,
    and must give the same key, or every rebuild after an edit would run the check again."""
    from generator.checks import kept
    from generator.model import Item

    def item(rel: str, meta: dict) -> Item:
        return Item(path=rel, rel=rel, column=None, meta=meta, text="", lines={})

    day = "2024-03-05"
    shared = [item("a.md", {"published": day, "index_no": "X/1"}), item("b.md", {"published": day})]
    apart = [item("a.md", {"published": "".join(["2024-03", "-05"]), "index_no": "X/1"}), item("b.md", {"published": "2024-03-05"})]
    keys = ("index_no", "published", "validity")
    assert kept._values(shared, keys) == kept._values(apart, keys)
    assert kept._values(shared, keys) != kept._values([shared[0], item("b.md", {"published": day, "validity": "有效"})], keys)
    assert kept._values([item("c.md", {"published": object()})], keys).startswith(b"repr")  # not plain data: repr
