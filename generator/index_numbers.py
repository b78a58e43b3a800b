"""索引号 allocation and the record it must respect.

:class:`Record` gathers, once per check, every place a number can have been
issued: the ledger (``index_ledger``), what git says was published and the
ledger's own history (``index_history``). :class:`Allocator` hands out one more
than the highest serial in all of them, so a number whose item was deleted is
never handed out again; :class:`Issuer` appends what it hands out to the
ledger. ``xxgk new``, ``xxgk assign`` and imports all go through :class:`Issuer`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import index_ledger
from .config import IndexNoRule
from .diagnostics import Level, Problem
from .index_history import (
    Base,
    GitError,
    History,
    Published,
    committed_ledger,
    in_ci,
    ledger_history,
    published_numbers,
    resolve_base,
)
from .index_ledger import LEDGER, Entry, Ledger, LedgerConflict, clean
from .model import Item

__all__ = ["Allocator", "Issuer", "LedgerConflict", "Numbering", "Published", "Record", "load_record"]

BASE_FIELD = "比较基准(XXGK_BASE_REF)"
BASE_HINT = (
    "CI 必须读得到上一次发布的提交：actions/checkout 设置 fetch-depth: 0；强制推送后用 "
    "git fetch origin <提交号> 取回旧提交（.ci/base-ref 会做）。在自己电脑上检查时不必设置 XXGK_BASE_REF（默认 HEAD）。"
)


class Allocator:
    """Hands out the next free serial per year, never reusing one: one more than
    the highest serial seen in the item files, the published record and the
    ledger."""

    def __init__(
        self,
        rule: IndexNoRule,
        items: Iterable[Item],
        published: Iterable[Published] = (),
        issued: Iterable[str] = (),
    ):
        self.rule = rule
        self.highest: dict[int, int] = {}
        for number in {*(i.index_no for i in items if i.index_no), *(p.index_no for p in published), *issued}:
            self.see(number)

    def see(self, number: str) -> None:
        parsed = self.rule.parse(number)
        if parsed:
            year, serial = parsed
            self.highest[year] = max(self.highest.get(year, 0), serial)

    def next(self, year: int) -> str:
        key = year if self.rule.yearly else 0
        serial = self.highest.get(key, 0) + 1
        self.highest[key] = serial
        return self.rule.format(year, serial)


@dataclass
class Record:
    """Where numbers were issued and published, read once per check."""

    base: Base
    ledger: Ledger
    base_items: tuple[Published, ...] = ()  # the item files of the base commit
    versions: list[tuple[str, str]] = field(default_factory=list)  # (which commit, its ledger text)
    history: History = field(default_factory=History)
    problems: list[Problem] = field(default_factory=list)  # the base or git could not be read

    def issued(self) -> list[str]:
        return [*self.ledger.by_number, *self.history.first, *(p.index_no for p in self.base_items)]


def load_record(root: Path, ref: str | None = None, base: Base | None = None) -> Record:
    """``base``: ``resolve_base(root, ref)`` when the caller has it already."""
    base = base or resolve_base(root, ref)
    record = Record(base, index_ledger.read(root))
    level = Level.ERROR if in_ci() else Level.WARNING

    def problem(message: str, hint: str = BASE_HINT) -> None:
        record.problems.append(Problem(LEDGER, None, BASE_FIELD, message, hint, level, rule="index_no.base"))

    if base.error:
        problem(f"{base.error}：无法确认已发布的索引号没有被改动或重复使用")
    elif not base.repo and in_ci():  # a warning even in CI: a build from an exported tree is legitimate
        record.problems.append(
            Problem(
                LEDGER, None, BASE_FIELD, "不在 git 仓库中：无法核对索引号台账是否只增不改",
                "在 git 仓库的检出目录中运行检查。", Level.WARNING, rule="index_no.base",
            )
        )
    if base.shallow:
        problem("git 仓库是浅克隆（shallow），索引号台账的历史不完整", "actions/checkout 设置 fetch-depth: 0，取回完整历史。")
    try:
        record.base_items = published_numbers(root, base.commit)
        wanted = {base.head: f"当前提交 HEAD（{(base.head or '')[:8]}）"}
        if base.commit and base.commit != base.head:
            wanted[base.commit] = f"比较基准 {base.ref}（{base.commit[:8]}）"
        for commit, label in wanted.items():
            text = committed_ledger(root, commit)
            if text is not None:
                record.versions.append((label, text))
        record.history = ledger_history(root, base)
    except GitError as exc:
        problem(f"读取 git 记录出错：{exc}")
    return record


def iso(date: dt.date | None) -> str:
    return date.isoformat() if date else ""


class Numbering:
    """What each item's number is, should be, or was: shared by the check (which
    predicts) and ``xxgk assign`` (which writes), so the two always agree."""

    def __init__(self, rule: IndexNoRule, record: Record, items: list[Item]):
        self.record = record
        carried = {i.index_no for i in items if i.index_no}
        # Ledger lines whose number no item carries any more: deleted items, or
        # items that lost or changed their number (which these maps recognise).
        self._by_path: dict[str, Entry] = {}
        # By date, then title: a document's title is read only when a line of its date is here
        # (the 索引号 check keeps its result by the titles it read: checks/kept.py).
        self._by_document: dict[str, dict[str, Entry]] = {}
        for entry in record.ledger.entries:
            if entry.index_no not in carried:
                self._by_path.setdefault(entry.path, entry)
                self._by_document.setdefault(entry.published, {}).setdefault(entry.title, entry)
        for p in record.base_items:  # a published number the ledger does not know yet (before the ledger existed)
            if p.index_no not in carried and not record.ledger.is_issued(p.index_no):
                self._by_path.setdefault(p.path, Entry(p.index_no, p.path, "", clean(p.title)))
        self.allocator = Allocator(rule, items, issued=record.issued())

    def issuer(self) -> Issuer:
        """An :class:`Issuer` on the same ledger, continuing this numbering."""
        return Issuer(self.record.ledger.root, self.allocator.rule, ledger=self.record.ledger, allocator=self.allocator)

    def former(self, item: Item, title: Callable[[Item], str] = lambda item: item.title) -> Entry | None:
        """The number issued to this document that it no longer carries, if any (``title``:
        how to read the item's title)."""
        found = self._by_path.get(item.rel)
        if found is not None:
            return found
        on_day = self._by_document.get(iso(item.published))
        return on_day.get(clean(title(item))) if on_day else None


class Issuer:
    """Issues and registers numbers in one ledger, then appends them (:meth:`save`).

    The API the importer uses: idempotent, so importing the same documents twice
    or in several batches never renumbers anything and never stops on a number
    already given to the same document. ``in_use`` are numbers seen elsewhere
    (item files, the published record): never handed out either.
    """

    def __init__(
        self,
        root: Path,
        rule: IndexNoRule,
        in_use: Iterable[str] = (),
        ledger: Ledger | None = None,
        allocator: Allocator | None = None,
    ):
        self.root = root
        self.ledger = ledger if ledger is not None else index_ledger.read(root)
        self.allocator = allocator or Allocator(rule, (), issued=[*self.ledger.by_number, *in_use])
        self.pending: list[Entry] = []
        self._documents = {(e.path, e.title, e.published): e.index_no for e in reversed(self.ledger.entries)}

    def next(self, year: int) -> str:
        """The next free number of ``year``, reserved but not registered (see :meth:`register`)."""
        return self.allocator.next(year)

    def register(self, number: str, path: str, title: str, published: str) -> Entry:
        """Record ``number`` as issued to this document. Registering it again for the
        same document (same file, or same title and date) is a no-op; for another
        document it raises :class:`LedgerConflict`."""
        existing = self.ledger.get(number)
        if existing is not None:
            if existing.same_document(path, title, published):
                return existing
            raise LedgerConflict(number, existing)
        entry = index_ledger.entry_for(number, path, title, published)
        self.ledger.add(entry)
        self._documents.setdefault((entry.path, entry.title, entry.published), number)
        self.allocator.see(number)
        self.pending.append(entry)
        return entry

    def issue(self, path: str, title: str, published: str, year: int) -> str:
        """A number for this document: the one already issued to exactly this document
        (same file, title and date: an import run again), else the next free one."""
        known = self._documents.get((path, clean(title), published))
        if known is not None:
            return known
        number = self.next(year)
        self.register(number, path, title, published)
        return number

    def save(self) -> list[Entry]:
        """Append the registered numbers to the ledger file, in one write."""
        written = index_ledger.append(self.root, self.pending)
        self.pending = []
        return written
