"""Checks of interpretations (三同步) and of the validity lifecycle.

Rule ids (the inspection report counts some of them):

- ``policy.interprets`` (error): ``interprets`` names no item of the site.
- ``policy.late`` (warning): the first interpretation of a policy came more
  than 3 working days after it.
- ``policy.uninterpreted`` (warning): a 行政规范性文件 in force has no interpretation.
- ``validity.contradiction`` (error): marked 有效 but expired or replaced.
- ``validity.superseded-by`` (error): ``superseded_by`` names no item.
- ``validity.cycle`` (error): documents replace each other in a circle.
- ``validity.no-date`` (warning): marked 失效/废止 with no date and no replacement.
- ``validity.relation`` (error): ``repeals`` or ``amends`` names no item of the site.
"""

from __future__ import annotations

import difflib

from .. import validity, workdays
from ..checks.kept import ItemReads, Reads, kept_problems
from ..diagnostics import Level, Problem, Problems
from ..feature import CheckContext
from ..model import Item
from ..schemas import label
from .links import (
    EXPIRED,
    INTERPRETATION_DAYS,
    REPEALED,
    VALID,
    PolicyLinks,
    book_title,
    interpretation_column,
    is_normative,
    policy_links,
)

RULE_INTERPRETS = "policy.interprets"
RULE_LATE = "policy.late"
RULE_UNINTERPRETED = "policy.uninterpreted"
RULE_CONTRADICTION = "validity.contradiction"
RULE_SUPERSEDED_BY = "validity.superseded-by"
RULE_CYCLE = "validity.cycle"
RULE_NO_DATE = "validity.no-date"
RULE_RELATION = "validity.relation"
RELATION_WORDS = {"repeals": "废止", "amends": "修改"}
# What these checks read of the items besides their paths (columns) and key lines (the
# relations, dates and validity of every item; a title only to print it in a message).
READS = ItemReads(
    keys=("index_no", "published", "interprets", "repeals", "amends", "superseded_by", "validity", "effective", "expires"),
    tracked=("title",),
)


def _field(*path: object) -> str:
    return label("item", tuple(path))


def _close(number: str, links: PolicyLinks, item: Item, reads: Reads) -> str:
    """A near 索引号 of another document (never the item's own: it cannot refer to itself)."""
    others = [n for n, other in links.by_no.items() if other is not item]
    near = difflib.get_close_matches(number, others, n=1, cutoff=0.8)
    return f"是不是 {near[0]}（{reads.title(links.by_no[near[0]])}）？" if near else ""


def _check_interprets(ctx: CheckContext, links: PolicyLinks, problems: Problems, reads: Reads) -> None:
    for item, position, number in links.missing_targets:
        if number in ctx.site.unreadable:
            continue  # that document's file has a syntax error, reported there: one cause, one message
        many = isinstance(item.meta.get("interprets"), list)
        where = item.line("interprets", position) if many else item.line("interprets")
        self_ref = links.by_no.get(number) is item
        problems.add(
            Problem(
                item.rel, where, _field("interprets") + (f".第{position + 1}项" if many else ""),
                "解读对象不能是本条信息自己" if self_ref else f"解读对象的索引号 {number} 在本站找不到",
                _close(number, links, item, reads) or "写被解读文件的索引号（在那份文件的头信息 index_no 中），文件须先发布在本站。",
                rule=RULE_INTERPRETS,
            )
        )


def _check_relations(links: PolicyLinks, problems: Problems, reads: Reads) -> None:
    for item, key, position, number in links.missing:
        many = isinstance(item.meta.get(key), list)
        word = RELATION_WORDS[key]
        problems.add(
            Problem(
                item.rel, item.line(key, position) if many else item.line(key), _field(key) + (f".第{position + 1}项" if many else ""),
                f"{word}文件不能是本条信息自己" if links.by_no.get(number) is item else f"{word}文件的索引号 {number} 在本站找不到",
                _close(number, links, item, reads) or f"写被{word}文件的索引号（在那份文件的头信息 index_no 中），文件须在本站；"
                f"{word}其他机关的文件时，在正文中写明即可。",
                rule=RULE_RELATION,
            )
        )


def _calendar_note(*days: object) -> str:
    years = sorted({d.year for d in days if d is not None})  # type: ignore[attr-defined]
    missing = [str(y) for y in years if not workdays.covered(y)]
    return f"（{'、'.join(missing)}年的节假日安排尚未收录，按周一至周五计算）" if missing else ""


def _interpret_hint(ctx: CheckContext, item: Item, title: str) -> str:
    number = item.index_no or "本文件的索引号"
    column = interpretation_column(ctx.site)
    if column is None:
        return f"按“三同步”要求为它发布政策解读，头信息写 interprets: {number}，与文件同步发布。"
    return (
        f"按“三同步”要求，在 content/items/{column.path}/ 中新建解读，与文件同步发布：\n"
        f"  xxgk new {column.id} \"解读{book_title(title)}\" --interprets {number}"
    )


def _check_timing(ctx: CheckContext, links: PolicyLinks, problems: Problems, reads: Reads) -> None:
    for item in ctx.site.items:
        interpretations = links.interpretations.get(id(item), [])
        if not interpretations:
            if is_normative(item) and links.validity.get(id(item)) in ("", VALID):
                title = reads.title(item)
                problems.add(
                    Problem(
                        item.rel, item.line("title"), "政策解读",
                        f"行政规范性文件{book_title(title)}没有政策解读",
                        _interpret_hint(ctx, item, title),
                        Level.WARNING, RULE_UNINTERPRETED,
                    )
                )
            continue
        first = interpretations[0]
        deadline = links.deadline(item)
        if deadline is None or first.published is None or first.published <= deadline:
            continue
        late = workdays.workdays_after(item.published, first.published)  # type: ignore[arg-type]
        problems.add(
            Problem(
                first.rel, first.line("published"), _field("published"),
                f"解读发布于 {first.published}，在所解读文件{book_title(reads.title(item))}（{item.published} 发布）之后第 "
                f"{late} 个工作日，超过 {INTERPRETATION_DAYS} 个工作日{_calendar_note(item.published, first.published)}",
                f"政策解读应与文件同步发布（国办发〔2016〕19号），最迟 {deadline}。已发布的日期如实保留，今后同步发布。",
                Level.WARNING, RULE_LATE,
            )
        )


def _check_lifecycle(ctx: CheckContext, links: PolicyLinks, problems: Problems, reads: Reads) -> None:
    today = links.today
    for item in ctx.site.items:
        stated = item.meta.get("validity")
        target = str(item.meta.get("superseded_by") or "")
        replacement = links.replacement(item)
        if target and replacement is None and links.by_no.get(target) is None and target not in ctx.site.unreadable:
            problems.add(
                Problem(
                    item.rel, item.line("superseded_by"), _field("superseded_by"),
                    f"替代文件的索引号 {target} 在本站找不到",
                    _close(target, links, item, reads) or "写替代本文件的新文件的索引号；新文件须先发布在本站。",
                    rule=RULE_SUPERSEDED_BY,
                )
            )
        if stated != VALID:
            if stated in (EXPIRED, REPEALED) and links.ended_on(item) is None:
                problems.add(
                    Problem(
                        item.rel, item.line("validity"), _field("validity"),
                        f"标为{stated}，但没有写废止日期，也没有替代文件",
                        "写上 expires（废止日期），页面横幅才能告诉读者从哪天起不再执行；被新文件替代的写 superseded_by。",
                        Level.WARNING, RULE_NO_DATE,
                    )
                )
            continue
        expires = item.date("expires")
        repealer = links.repealed_by.get(id(item))
        if expires and expires <= today:
            problems.add(
                _contradiction(item, f"标为有效，但废止日期 {expires} 已过（今天是 {today}）", "文件已过期：把 validity 改为 失效（或 废止），或核对 expires。")
            )
        elif repealer is not None and (begin := validity.start(repealer)) and begin <= today:
            problems.add(
                _contradiction(
                    item, f"标为有效，但已被{book_title(reads.title(repealer))}（{repealer.index_no}）废止，{begin} 起生效",
                    "把 validity 改为 废止 并写上 expires，或核对那份文件的 repeals。",
                )
            )
        elif replacement is not None and links.validity.get(id(replacement)) == VALID:
            start = replacement.date("effective") or replacement.published
            if start and start <= today:
                problems.add(
                    _contradiction(
                        item, f"标为有效，但已被{book_title(reads.title(replacement))}（{replacement.index_no}）替代，新文件 {start} 起施行",
                        "把 validity 改为 废止 并写上 expires，或删去 superseded_by。",
                    )
                )


def _contradiction(item: Item, message: str, hint: str) -> Problem:
    """A document marked 有效 that its dates or another document say has ended."""
    return Problem(item.rel, item.line("validity"), _field("validity"), message, hint, rule=RULE_CONTRADICTION)


def _check_cycles(ctx: CheckContext, links: PolicyLinks, problems: Problems) -> None:
    state: dict[int, int] = {}  # 1 = on the current path, 2 = done
    for start in ctx.site.items:
        if "superseded_by" not in start.meta:
            continue  # replaces nothing: on no cycle (a chain that reaches it ends there)
        path: list[Item] = []
        node: Item | None = start
        while node is not None and id(node) not in state:
            state[id(node)] = 1
            path.append(node)
            node = links.replacement(node)
        if node is not None and state.get(id(node)) == 1:
            cycle = path[path.index(node) :]
            first = min(cycle, key=lambda i: i.rel)
            chain = " → ".join(i.index_no or i.rel for i in [*cycle, cycle[0]])
            problems.add(
                Problem(
                    first.rel, first.line("superseded_by"), _field("superseded_by"),
                    f"替代关系形成循环：{chain}",
                    "新文件替代旧文件，旧文件不能反过来替代新文件：删去其中一份文件的 superseded_by。",
                    rule=RULE_CYCLE,
                )
            )
        for member in path:
            state[id(member)] = 2


def check(ctx: CheckContext) -> Problems:
    return kept_problems("policy", READS, ctx.site, lambda: _inputs(ctx), lambda reads: (_check(ctx, reads), True))


def _inputs(ctx: CheckContext) -> list[str | bytes] | None:
    """What these checks read besides code, site.yml (the memo's version) and the items
    (``READS``): the numbers of files that could not be read, and the day."""
    return [repr(sorted(ctx.site.unreadable.items())), ctx.today.isoformat()]


def _check(ctx: CheckContext, reads: Reads) -> Problems:
    problems = Problems()
    links = policy_links(ctx.site, ctx.today)
    _check_interprets(ctx, links, problems, reads)
    _check_relations(links, problems, reads)
    _check_timing(ctx, links, problems, reads)
    _check_lifecycle(ctx, links, problems, reads)
    _check_cycles(ctx, links, problems)
    return problems
