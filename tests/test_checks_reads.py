"""The 索引号 and policy checks keep their results by what they declare they read
(``READS`` beside each check, ``generator/checks/kept.py``). These tests prove the
declarations complete on the sample, with a working tree set up so that titles matter
(a moved file, a ledger line of a deleted document, a policy without interpretation, a
document marked 有效 that was replaced): every key of the item schema, edited on the
items the rules relate to, either changes the key the result is kept by or leaves the
check's answer as a fresh run gives it. And they prove each declared key needed: with one
dropped from its declaration, some edit of it is answered wrongly from the memo."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from conftest import ROOT, TODAY, make_project
from content_kit import git_repo

from generator import build, caches, diskmemo
from generator.checks import index_no, kept
from generator.feature import CheckContext
from generator.index_history import resolve_base
from generator.policy import checks as policy

DAY = dt.date.fromisoformat(TODAY)
ITEMS = "content/items/"
MOVED_FROM = ITEMS + "zcwj/qtwj/2020-00002-2020-zhengwu-gongkai-yaodian.md"
MOVED = ITEMS + "zcwj/qtwj/2020-00002-moved.md"  # moved before it was committed: its title proves it is itself
RETITLED_FROM = ITEMS + "zcwj/qtwj/2020-00008-2020-qiuji-dongwu-mianyi.md"
RETITLED = ITEMS + "zcwj/qtwj/2020-00008-retitled.md"  # moved and retitled: its number is another document's
DRAFT = ITEMS + "zcwj/qtwj/new-draft.md"  # no number yet; a deleted document of its date is in the ledger
DRAFT_DAY = "2025-06-18"
NAMESAKE = ITEMS + "zcwj/qtwj/2020-00001-2020-chunji-nongye-shengchan.md"  # its title is the deleted document's
UNINTERPRETED = ITEMS + "zcwj/gfxwj/2024-00010-longtou-qiye-rending-banfa.md"
ITS_INTERPRETATION = ITEMS + "zcjd/2024-00011-jiedu-longtou-qiye.md"
REPLACED = ITEMS + "zcwj/gfxwj/2020-00003-gengdi-butie-banfa-2020.md"  # marked 有效, though replaced
REPLACEMENT = ITEMS + "zcwj/gfxwj/2023-00003-gengdi-butie-banfa-2023.md"
REPEALED = ITEMS + "zcwj/gfxwj/2023-00008-gaobiao-nongtian-xiangmu-guanli.md"  # marked 有效, though repealed
REPEALER = ITEMS + "zcwj/qtwj/2021-00002-2021-zhengwu-gongkai-yaodian.md"
POLICY = ITEMS + "zcwj/gfxwj/2026-00006-shehuihua-fuwu-xiangmu.md"
INTERPRETATION = ITEMS + "zcjd/2026-00007-jiedu-shehuihua-fuwu.md"  # published late
MISSPELT = ITEMS + "zcjd/2021-00008-jiedu-nongji-butie-2021.md"  # made to interpret a number near NEAR's
NEAR = ITEMS + "zcwj/qtwj/2021-00013-2021-qiudongzhong.md"
PLAIN = ITEMS + "tjxx/2021-00005-2020-nongye-shengchan-qingkuang.md"  # related to nothing
DATED = ITEMS + "zcwj/gfxwj/2021-00003-zhaijidi-shenpi-zanxing-banfa.md"  # effective and expires, no validity
SCHEMA_KEYS = tuple(json.loads((ROOT / "generator/schemas/item.schema.json").read_text(encoding="utf-8"))["properties"])
DELETE = object()
ORIGINAL_TITLE = "溪川县农业农村局关于开展2020年秋季重大动物疫病集中免疫工作的通知"  # RETITLED's in the base commit


def _edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _title(project: Path, rel: str) -> str:
    text = (project / rel).read_text(encoding="utf-8")
    return next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("title:"))


@dataclass(frozen=True)
class Subject:
    """A kept check: run through the memo, and fresh."""

    module: object  # holds READS
    kept: Callable[[CheckContext], object]
    fresh: Callable[[CheckContext], object]
    targets: tuple[str, ...]  # the items edited: those its rules relate, and a few others


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CheckContext]:
    project = make_project(tmp_path_factory.mktemp("reads") / "project")
    shutil.move(project / MOVED_FROM, project / MOVED)  # its ledger line names the old path
    git_repo(project)
    # The working tree, not committed: each change makes a check read some item's title, each
    # title read in one place only (an edit of it tells whether that read is noted).
    shutil.move(project / RETITLED_FROM, project / RETITLED)
    _edit(project, RETITLED, f"title: {ORIGINAL_TITLE}", "title: 秋季动物防疫工作的通知")
    draft = (project / NAMESAKE).read_text(encoding="utf-8")
    head, body = draft.split("\n---\n", 1)
    head = "\n".join(line for line in head.splitlines() if not line.startswith(("index_no:", "published:", "title:")))
    (project / DRAFT).write_text(f"{head}\ntitle: 新起草的通知\npublished: {DRAFT_DAY}\n---\n{body}", encoding="utf-8")
    with (project / "content/index-ledger.tsv").open("a", encoding="utf-8") as ledger:
        ledger.write(f"XCNY00001/2019-00099\t{ITEMS}zcwj/qtwj/gone.md\t{DRAFT_DAY}\t{_title(project, NAMESAKE)}\n")
    _edit(project, ITS_INTERPRETATION, "interprets: XCNY00001/2024-00010\n", "")
    _edit(project, REPLACED, "validity: 废止", "validity: 有效")
    _edit(project, REPLACED, "expires: 2023-03-31\n", "")
    _edit(project, REPEALER, "published: 2021-03-10\n", "published: 2021-03-10\nrepeals: XCNY00001/2023-00008\n")
    _edit(project, INTERPRETATION, "published: 2026-07-08", "published: 2026-08-20")
    caches.reset()
    diskmemo.open_memo(project / "build" / "cache", "test", root=project)
    base = resolve_base(project)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index_no, "resolve_base", lambda root, ref=None: base)  # git asked once, not per run
        context, problems = build.check(project, today=DAY)
        rules = {p.rule for p in problems.items}
        # Each change is seen: the checks read those titles.
        assert {
            "index_no.missing", "index_no.reused", "policy.uninterpreted", "policy.late", "validity.contradiction"
        } <= rules, problems.format()
        yield context
    diskmemo.save()
    caches.reset()


@pytest.fixture(autouse=True)
def memo(ctx: CheckContext, tmp_path: Path) -> None:
    """A memo of its own for each test: results kept by another test's declaration are not read."""
    diskmemo.open_memo(tmp_path, "test", root=ctx.root)


SUBJECTS = {
    "index_no": Subject(
        index_no, index_no.check, lambda c: index_no._check(c, index_no.resolve_base(c.root), kept.Reads(index_no.READS.tracked))[0],
        (MOVED, RETITLED, DRAFT, NAMESAKE, REPLACED, POLICY),
    ),
    "policy": Subject(
        policy, policy.check, lambda c: policy._check(c, kept.Reads(policy.READS.tracked)),
        (UNINTERPRETED, ITS_INTERPRETATION, REPLACED, REPLACEMENT, REPEALED, REPEALER, POLICY, INTERPRETATION, DATED, MOVED),
    ),
}


def _values(ctx: CheckContext, key: str) -> list[object]:
    """What an edit sets ``key`` to: nothing, a number found nowhere, a number and titles of the
    site and of the base commit, dates before and after every other, each validity, a list."""
    namesake = next(i for i in ctx.site.items if i.rel == NAMESAKE).title
    return [
        DELETE, "XCNY00001/2099-99999", "XCNY00001/2023-00003", "2019-01-01", "2030-01-01", "有效", "失效",
        namesake, ORIGINAL_TITLE, ["XCNY00001/2023-00003"],
    ]


def _wrong(
    ctx: CheckContext, subject: Subject, keys: tuple[str, ...], targets: tuple[str, ...] = ()
) -> list[tuple[str, str, object]]:
    """The edits of ``keys`` on the targets whose kept answer differs from a fresh run's."""
    items = {item.rel: item for item in ctx.site.items}
    wrong = []
    for rel in targets or subject.targets:
        item = items[rel]
        for key in keys:
            for value in _values(ctx, key):
                meta = item.meta
                item.meta = {k: v for k, v in meta.items() if k != key}
                if value is not DELETE:
                    item.meta[key] = value
                try:
                    ctx.site._memo.clear()  # what the checks derived from the front matter (policy links)
                    kept_answer = [p.plain() for p in subject.kept(ctx).items]
                    ctx.site._memo.clear()
                    fresh = [p.plain() for p in subject.fresh(ctx).items]
                finally:
                    item.meta = meta
                    ctx.site._memo.clear()
                if kept_answer != fresh:
                    wrong.append((rel, key, value))
    return wrong


@pytest.mark.parametrize("name", list(SUBJECTS))
def test_an_edit_of_any_key_is_answered_from_the_memo_as_a_fresh_check_answers_it(ctx: CheckContext, name: str) -> None:
    subject = SUBJECTS[name]
    reads = subject.module.READS
    assert set(reads.keys) | set(reads.tracked) <= set(SCHEMA_KEYS)
    subject.kept(ctx)  # kept for the unedited tree
    undeclared = tuple(k for k in SCHEMA_KEYS if k not in reads.keys)  # tracked keys among them
    assert _wrong(ctx, subject, undeclared) == []


@pytest.mark.parametrize(
    ("name", "key"), [(name, key) for name, s in SUBJECTS.items() for key in (*s.module.READS.keys, *s.module.READS.tracked)]
)
def test_a_key_dropped_from_a_declaration_gives_a_stale_answer(
    ctx: CheckContext, name: str, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    subject = SUBJECTS[name]
    reads = subject.module.READS
    if key in reads.tracked:
        monkeypatch.setattr(kept.Reads, "title", lambda self, item: item.title)  # read without noting it
    else:
        monkeypatch.setattr(subject.module, "READS", replace(reads, keys=tuple(k for k in reads.keys if k != key)))
    subject.kept(ctx)
    assert _wrong(ctx, subject, (key,)), f"no edit of {key} shows that {name} reads it"


def test_a_title_or_text_edit_reuses_both_results(ctx: CheckContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """The benchmark's edit: a title and the text of an item no rule relates by its title."""
    for subject in SUBJECTS.values():
        subject.kept(ctx)
    ran: list[str] = []
    for name, module, function in (("index_no", index_no, "_check"), ("policy", policy, "_check")):
        original = getattr(module, function)
        monkeypatch.setattr(module, function, lambda *args, _f=original, _n=name: ran.append(_n) or _f(*args))
    item = next(i for i in ctx.site.items if i.rel == PLAIN)
    meta, body = item.meta, item.body
    item.meta, item.body = {**meta, "title": meta["title"] + "（修订7）"}, body + "\n\n新增一段。\n"
    try:
        ctx.site._memo.clear()
        for subject in SUBJECTS.values():
            subject.kept(ctx)
    finally:
        item.meta, item.body = meta, body
        ctx.site._memo.clear()
    assert ran == []



@pytest.mark.parametrize("noted", [True, False])
def test_the_title_of_the_document_a_misspelt_number_is_near_is_noted(
    ctx: CheckContext, noted: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A number found nowhere is answered with the nearest one and its document's title (apart
    from the sweeps above: finding the nearest is slow)."""
    subject = SUBJECTS["policy"]
    if not noted:
        monkeypatch.setattr(kept.Reads, "title", lambda self, item: item.title)
    item = next(i for i in ctx.site.items if i.rel == MISSPELT)
    meta = item.meta
    item.meta = {**meta, "interprets": "XCNY00001/2021-00033"}
    try:
        ctx.site._memo.clear()
        assert "是不是 XCNY00001/2021-00013" in subject.kept(ctx).format()
        assert bool(_wrong(ctx, subject, ("title",), (NEAR,))) is not noted
    finally:
        item.meta = meta
        ctx.site._memo.clear()
