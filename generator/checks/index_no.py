"""索引号: present, in the agency's form, unique, registered, and issued once, forever.

"Issued" means written in the ledger ``content/index-ledger.tsv`` (see
``index_ledger``); the ledger's git history and the base commit prove it was
never rewritten (``index_history``). The rules, each with its own rule id:

* ``index_no.ledger`` / ``index_no.ledger_changed``: the ledger parses, and it
  only ever grew — every line of ``HEAD``'s and the base's ledger is still
  there, unchanged and in order, and every line ever committed on the
  first-parent history is still there, unchanged (order is not required there,
  so a removed line can be repaired by adding it back at the end without
  rewriting published history);
* ``index_no.unregistered``: every item's number is in the ledger;
* ``index_no.renumbered``: a document whose ledger number vanished from the
  tree may not carry another one (recognised by its path, or by its title and
  publication date) — committed or not, whatever the base;
* ``index_no.reused``: a ledger number is carried only by the document it was
  issued to (same path; or same title and date: moved; or a file git followed
  from that path: moved, then edited);
* ``index_no.changed``: compared with the base commit's item files, a file
  keeps its number. The ledger rules cover this too; the base comparison stays
  because it names the most recent number of a file that was moved *and*
  retitled since it was issued, and it is what protects a project that has no
  ledger yet (the base's numbers are what ``xxgk assign`` first registers);
* ``index_no.base``: the base cannot be read (an error in CI, else a warning).
"""

from __future__ import annotations

from ..diagnostics import Problem, Problems
from ..feature import CheckContext
from ..index_history import Base, former_paths, git_prefix, in_ci, keep_published, resolve_base
from ..index_ledger import LEDGER, lines
from ..index_numbers import Numbering, Record, iso, load_record
from ..model import Item
from ..schemas import label
from .kept import ItemReads, Reads, kept_problems

FIELD = label("item", ("index_no",))
LEDGER_FIELD = "索引号台账"
REUSED_HINT = (
    "删掉这里的索引号后运行 xxgk assign 分配新号。如果这正是那份文件（移动了位置，又改了标题或发布日期），"
    "请分两次提交：先只移动文件，提交后再改。"
)
NEVER_EDIT = "索引号一经登记不得删除或改动，台账只能在末尾追加。"
# What the check reads of the items besides their paths (columns) and key lines: every
# number and date; a title only where a ledger line or the base may name the document by it.
READS = ItemReads(keys=("index_no", "published"), tracked=("title",))


def check(ctx: CheckContext) -> Problems:
    base = resolve_base(ctx.root, ctx.base_ref)
    return kept_problems("index_no", READS, ctx.site, lambda: _inputs(ctx, base), lambda reads: _check(ctx, base, reads))


def _inputs(ctx: CheckContext, base: Base) -> list[str | bytes] | None:
    """Everything the check reads besides code, site.yml (the memo's version) and the items
    (``READS``): the working ledger, the commits git resolved (a commit never changes: the ledger's
    history, the base's item files and a file's former paths follow from them), where the
    project sits in the repository, CI or not, and the day (a missing number's year)."""
    try:
        ledger = (ctx.root / LEDGER).read_bytes()
    except OSError as exc:
        ledger = repr(exc).encode()
    prefix = git_prefix(ctx.root) if base.repo else ""
    keep_published(ctx.root, base.commit)
    return [ledger, repr(base), prefix, repr(in_ci()), ctx.today.isoformat()]


def _check(ctx: CheckContext, base: Base, reads: Reads) -> tuple[Problems, bool]:
    problems = Problems()
    record = load_record(ctx.root, ctx.base_ref, base)
    problems.extend(record.ledger.problems)
    problems.extend(record.problems)
    problems.extend(_ledger_kept(record))
    items = sorted(ctx.site.items, key=lambda i: (i.published or ctx.today, i.rel))
    base_problems, flagged = _check_base(ctx, record, reads)
    problems.extend(_check_items(ctx, record, items, flagged, reads))
    problems.extend(base_problems)
    # A base or git that could not be read may read next time: not kept.
    return problems, not record.problems


def _check_items(ctx: CheckContext, record: Record, items: list[Item], flagged: set[str], reads: Reads) -> Problems:
    problems = Problems()
    rule = ctx.site.config.index_no
    ledger = record.ledger
    numbering = Numbering(rule, record, items)
    seen: dict[str, str] = {}
    unregistered = 0

    def add(item: Item, message: str, hint: str, rule_id: str, key: str = "index_no") -> None:
        problems.add(Problem(item.rel, item.line(key), FIELD, message, hint, rule=rule_id))

    # Oldest first, the order xxgk assign numbers in: the predicted numbers match what it
    # writes, and of two items sharing a number the later one is the one told to change.
    for item in items:
        number = item.index_no
        if item.rel in flagged:
            continue
        former = numbering.former(item, reads.title)
        if number is None:
            if former is not None:
                add(
                    item, f"缺少索引号：这份文件已登记过索引号 {former.index_no}{_at(former)}",
                    f"运行 xxgk assign 写回原号，或手工填写 {former.index_no}。索引号一经分配不得更改。",
                    "index_no.missing", "title",
                )
            else:
                year = item.published.year if item.published else ctx.today.year
                add(
                    item, f"缺少索引号，按本机关规则应为 {numbering.allocator.next(year)}",
                    "运行 xxgk assign 自动写入缺少的索引号，或手工填写上面的号码。", "index_no.missing", "title",
                )
            continue
        if not rule.accepts(number, item.column.path if item.column else None):
            add(
                item, f"“{number}”不符合本机关的索引号格式 {rule.template}",
                f"正确的样子：{rule.example()}（前段为组织机构代码 {rule.code}）。格式在 content/site.yml 的 index_no 中配置；"
                "从旧网站迁移来的索引号，把旧格式写进 index_no.legacy。",
                "index_no.pattern",
            )
        if number in seen:
            add(item, f"索引号 {number} 与 {seen[number]} 重复", "索引号全站唯一：删掉这里的索引号后运行 xxgk assign 分配新号。", "index_no.duplicate")
            continue
        seen[number] = item.rel
        entry = ledger.get(number)
        if former is not None and (entry is None or former.line < entry.line):
            add(
                item, f"这份文件的索引号已登记为 {former.index_no}{_at(former)}，不得改为 {number}",
                f"改回 {former.index_no}：索引号一经分配不得更改。如果这是另一份新文件，不是原来那份，请给它换一个文件名。",
                "index_no.renumbered",
            )
        elif entry is None:
            unregistered += 1
            if ledger.exists:
                add(
                    item, f"索引号 {number} 没有登记在索引号台账 {LEDGER} 中",
                    "手工填写的索引号要登记：运行 xxgk assign，它先确认这个号没有发给过别的文件，再记入台账。不要手工编辑台账。",
                    "index_no.unregistered",
                )
        elif entry.path != item.rel and not entry.same_document(item.rel, reads.title(item), iso(item.published)) and (
            entry.path not in former_paths(ctx.root, record.base, item.rel)
        ):
            add(
                item, f"索引号 {number} 已发给另一份文件{entry.describe()}，不得给“{reads.title(item)}”使用",
                REUSED_HINT,
                "index_no.reused",
            )
    if unregistered and not ledger.exists:
        problems.add(
            Problem(
                LEDGER, None, LEDGER_FIELD, f"缺少索引号台账：{unregistered} 条信息的索引号都没有登记",
                "运行 xxgk assign 生成台账：它登记现有的索引号，不改动信息文件。", rule="index_no.unregistered",
            )
        )
    return problems


def _at(entry) -> str:
    return f"（台账第 {entry.line} 行）" if entry.line else "（见已发布的提交）"


def _check_base(ctx: CheckContext, record: Record, reads: Reads) -> tuple[Problems, set[str]]:
    """Numbers in the base commit's item files may not change or pass to another
    document (same title elsewhere counts as the document having moved)."""
    problems = Problems()
    flagged: set[str] = set()
    current = {item.rel: item for item in ctx.site.items}
    by_number = {p.index_no: p for p in record.base_items}
    for published in record.base_items:
        item = current.get(published.path)
        if item is not None and item.index_no != published.index_no:
            flagged.add(item.rel)
            problems.add(
                Problem(
                    item.rel, item.line("index_no"), FIELD,
                    f"索引号已发布为 {published.index_no}，不得改为 {item.index_no or '空'}",
                    f"索引号一经发布不得更改：改回 {published.index_no}。",
                    rule="index_no.changed",
                )
            )
    for item in ctx.site.items:
        published = by_number.get(item.index_no or "")
        if published is None or published.path == item.rel or published.path in current or item.rel in flagged:
            continue
        if published.title and published.title != reads.title(item):
            flagged.add(item.rel)
            problems.add(
                Problem(
                    item.rel, item.line("index_no"), FIELD,
                    f"索引号 {item.index_no} 曾用于已删除的“{published.title}”（{published.path}），不得重复使用",
                    REUSED_HINT,
                    rule="index_no.reused",
                )
            )
    return problems, flagged


def _show(row: str) -> str:
    return "“" + row.replace("\t", " | ") + "”"


def _ledger_kept(record: Record) -> Problems:
    """The working ledger only appended to what was committed."""
    problems = Problems()
    ledger = record.ledger
    committed = bool(record.history.first) or any(len(lines(text)) > 1 for _, text in record.versions)
    if not ledger.exists:
        if committed:
            problems.add(
                Problem(
                    LEDGER, None, LEDGER_FIELD, "索引号台账被删除了：已提交的索引号记录不得删除",
                    "用 git checkout HEAD -- content/index-ledger.tsv 恢复台账。", rule="index_no.ledger_changed",
                )
            )
        return problems
    rows: dict[str, tuple[int, str]] = {}
    for n, row in enumerate(ledger.lines, start=2):
        rows.setdefault(row.split("\t", 1)[0], (n, row))

    def error(line: int | None, message: str, hint: str = "") -> None:
        problems.add(Problem(LEDGER, line, LEDGER_FIELD, message, hint or NEVER_EDIT, rule="index_no.ledger_changed"))

    reported: set[str] = set()
    for which, text in record.versions:
        old = lines(text)[1:]
        if ledger.lines[: len(old)] == old:
            continue
        moved = None
        for n, row in enumerate(old, start=2):
            if n - 2 < len(ledger.lines) and ledger.lines[n - 2] == row:
                continue
            number = row.split("\t", 1)[0]
            if number in reported:
                continue
            now = rows.get(number)
            if now is None:
                reported.add(number)
                error(n, f"第 {n} 行{_show(row)}已在{which}中登记，不得删除", f"把这一行原样放回第 {n} 行。" + NEVER_EDIT)
            elif now[1] != row:
                reported.add(number)
                error(now[0], f"第 {now[0]} 行的索引号 {number} 在{which}中登记为{_show(row)}，不得改为{_show(now[1])}", f"改回原样。{NEVER_EDIT}")
            elif moved is None:
                moved = n
        if moved is not None and not reported:
            error(
                moved, f"台账从第 {moved} 行起与{which}的顺序不同：已登记的行不得挪动，新行只能加在末尾",
                "恢复原来的顺序：git checkout HEAD -- content/index-ledger.tsv，再重新运行 xxgk assign。",
            )
    for number, first in record.history.first.items():
        if number in reported:
            continue
        now = rows.get(number)
        removed = f"（提交 {first.removed_in}删除或改动了它）" if first.removed_in else ""
        if now is None:
            error(
                first.line, f"提交 {first.commit}在台账第 {first.line} 行登记的{_show(first.text)}已不在台账中{removed}",
                f"把这一行原样加回台账末尾（git show {first.commit_id}:content/index-ledger.tsv 可以看到原文）。{NEVER_EDIT}",
            )
        elif now[1] != first.text:
            error(
                now[0], f"第 {now[0]} 行的索引号 {number} 在提交 {first.commit}中登记为{_show(first.text)}，不得改为{_show(now[1])}{removed}",
                f"改回原样。{NEVER_EDIT}",
            )
    return problems

