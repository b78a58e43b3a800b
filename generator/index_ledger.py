"""The 索引号 ledger (``content/index-ledger.tsv``): every number ever issued.

A 索引号 is issued once, forever. The ledger is what makes "issued" durable:
one line per number — the number, the item file it was issued to, that item's
first publication date and its title at issue time — appended by ``xxgk new``,
``xxgk assign`` and imports, never rewritten. The git history of this file is
the proof that no line was ever removed or altered (``index_history``).

Why TSV and not CSV: one physical line per number, always (fields never hold a
tab or a newline: titles are whitespace-normalised, paths are checked), so a
line number in a message is a line in the file, ``git diff`` shows one line
per number, and no quoting rules exist to get wrong.

Everything here works on the file alone (no git); handing out numbers is
``index_numbers.Issuer``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Problem

LEDGER = "content/index-ledger.tsv"  # relative to the project root
COLUMNS = ("索引号", "文件", "首次发布日期", "标题")
HEADER = "\t".join(COLUMNS)
FIELD = "索引号台账"
DONT_EDIT = "台账由 xxgk new、xxgk assign 自动追加，不要手工编辑：用 git checkout -- content/index-ledger.tsv 恢复原样。"


def clean(text: str) -> str:
    """A title as the ledger stores and compares it: whitespace runs become one space."""
    return " ".join(str(text).split())


@dataclass(frozen=True)
class Entry:
    index_no: str
    path: str  # the item file, relative to the project root
    published: str  # YYYY-MM-DD, or "" when the item had no valid date
    title: str
    line: int = 0  # 1-based line in the ledger file (0: not written yet)

    def text(self) -> str:
        return "\t".join((self.index_no, self.path, self.published, self.title))

    def same_document(self, path: str, title: str, published: str) -> bool:
        """Same file, or moved (same title and first publication date)."""
        return path == self.path or (clean(title) == self.title and published == self.published)

    def describe(self) -> str:
        when = f"，{self.published} 发布" if self.published else ""
        return f"“{self.title}”（{self.path}{when}，台账第 {self.line} 行）"


class LedgerConflict(ValueError):
    """A number already issued to another document (never silently renumbered)."""

    def __init__(self, number: str, entry: Entry):
        self.entry = entry
        super().__init__(f"索引号 {number} 已发给 {entry.describe()}")


def parse_line(text: str, line: int) -> tuple[Entry | None, str, str]:
    """One ledger line → (entry, "", "") or (None, column, message)."""
    fields = text.split("\t")
    if len(fields) != len(COLUMNS):
        return None, "", f"应有 {len(COLUMNS)} 列（{'、'.join(COLUMNS)}，用制表符分隔），这一行有 {len(fields)} 列"
    number, path, published, title = fields
    if not number or number != number.strip():
        return None, COLUMNS[0], "索引号为空或前后有空格"
    if not path:
        return None, COLUMNS[1], "文件为空"
    if published:
        try:
            dt.date.fromisoformat(published)
        except ValueError:
            return None, COLUMNS[2], f"“{published}”不是 YYYY-MM-DD 格式的日期"
    return Entry(number, path, published, title, line), "", ""


@dataclass
class Ledger:
    root: Path
    exists: bool = False
    entries: list[Entry] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # raw lines after the header, \r stripped
    problems: list[Problem] = field(default_factory=list)
    by_number: dict[str, Entry] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.root / LEDGER

    def get(self, number: str) -> Entry | None:
        return self.by_number.get(number)

    def is_issued(self, number: str) -> bool:
        return number in self.by_number

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)
        self.by_number.setdefault(entry.index_no, entry)


def lines(text: str) -> list[str]:
    """The file's lines, header included, without BOM, final newline or CR."""
    rows = text.removeprefix("\ufeff").split("\n")
    if rows and rows[-1] == "":
        rows.pop()  # the final newline
    return [row.removesuffix("\r") for row in rows]


def parse(root: Path, text: str) -> Ledger:
    ledger = Ledger(root, exists=True)

    def problem(line: int, column: str, message: str) -> None:
        ledger.problems.append(
            Problem(LEDGER, line, f"{FIELD}：{column}" if column else FIELD, message, DONT_EDIT, rule="index_no.ledger")
        )

    rows = lines(text)
    if not rows or rows[0] != HEADER:
        problem(1, "", f"第一行应为表头“{HEADER.replace(chr(9), ' ⇥ ')}”")
    for n, row in enumerate(rows[1:], start=2):
        ledger.lines.append(row)
        entry, column, message = parse_line(row, n)
        if entry is None:
            problem(n, column, "空行" if not row.strip() else message)
            continue
        earlier = ledger.get(entry.index_no)
        if earlier is not None:
            problem(n, COLUMNS[0], f"索引号 {entry.index_no} 在第 {earlier.line} 行已登记，同一个号只能登记一次")
            continue
        ledger.add(entry)
    return ledger


def read(root: Path) -> Ledger:
    """The working-tree ledger; a missing file is an empty ledger with ``exists`` False."""
    path = root / LEDGER
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Ledger(root)
    except OSError as exc:
        ledger = Ledger(root, exists=True)
        ledger.problems.append(Problem(LEDGER, None, FIELD, f"无法读取索引号台账：{exc.strerror}", "", rule="index_no.ledger"))
        return ledger
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        ledger = Ledger(root, exists=True)
        line = data[: exc.start].count(b"\n") + 1
        ledger.problems.append(Problem(LEDGER, line, FIELD, "不是 UTF-8 编码的文本", DONT_EDIT, rule="index_no.ledger"))
        return ledger
    return parse(root, text)


def is_issued(root: Path, number: str) -> bool:
    return read(root).is_issued(number)


def append(root: Path, entries: Iterable[Entry]) -> list[Entry]:
    """Append ``entries`` to the ledger file in one write (creating it with its
    header); returns them with their line numbers. Nothing above is rewritten."""
    entries = list(entries)
    if not entries:
        return []
    path = root / LEDGER
    old = path.read_bytes() if path.exists() else b""
    newline = "\r\n" if b"\r\n" in old else "\n"  # keep a Windows checkout's line ends
    if not old:
        prefix, first = HEADER + newline, 2
    else:
        complete = old.endswith(b"\n")
        prefix = "" if complete else newline  # finish a last line saved without its newline
        first = old.count(b"\n") + (1 if complete else 2)
    numbered = [Entry(e.index_no, e.path, e.published, e.title, first + k) for k, e in enumerate(entries)]
    with path.open("ab") as out:
        out.write((prefix + "".join(e.text() + newline for e in numbered)).encode("utf-8"))
    return numbered


def entry_for(number: str, path: str, title: str, published: str) -> Entry:
    if any(c in path for c in "\t\r\n"):
        raise ValueError(f"文件名 {path!r} 含有制表符或换行，无法登记索引号：请给文件改名")
    return Entry(number, path, published, clean(title))
