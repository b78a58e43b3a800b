"""索引号: present, in the agency's form, unique, and unchanged once published."""

from __future__ import annotations

from ..diagnostics import Problem, Problems
from ..feature import CheckContext
from ..index_numbers import Allocator, published_numbers
from ..schemas import label

FIELD = label("item", ("index_no",))


def check(ctx: CheckContext) -> Problems:
    problems = Problems()
    rule = ctx.site.config.index_no
    published = published_numbers(ctx.root, ctx.base_ref)
    allocator = Allocator(rule, ctx.site.items, published)
    seen: dict[str, str] = {}
    # Oldest first, the order xxgk assign numbers in: the predicted numbers match what it
    # writes, and of two items sharing a number the later one is the one told to change.
    for item in sorted(ctx.site.items, key=lambda i: (i.published or ctx.today, i.rel)):
        number = item.index_no
        if number is None:
            year = item.published.year if item.published else ctx.today.year
            problems.add(
                Problem(
                    item.rel, item.line("title"), FIELD,
                    f"缺少索引号，按本机关规则应为 {allocator.next(year)}",
                    "运行 xxgk assign 自动写入缺少的索引号，或手工填写上面的号码。",
                    rule="index_no.missing",
                )
            )
            continue
        if not rule.accepts(number):
            problems.add(
                Problem(
                    item.rel, item.line("index_no"), FIELD,
                    f"“{number}”不符合本机关的索引号格式 {rule.template}",
                    f"正确的样子：{rule.example()}（前段为组织机构代码 {rule.code}）。格式在 content/site.yml 的 index_no 中配置。",
                    rule="index_no.pattern",
                )
            )
        if number in seen:
            problems.add(
                Problem(
                    item.rel, item.line("index_no"), FIELD,
                    f"索引号 {number} 与 {seen[number]} 重复",
                    "索引号全站唯一：删掉这里的索引号后运行 xxgk assign 分配新号。",
                    rule="index_no.duplicate",
                )
            )
        seen.setdefault(number, item.rel)
    problems.extend(_check_history(ctx, published))
    return problems


def _check_history(ctx: CheckContext, published) -> Problems:
    """Numbers already published may not change or pass to another document."""
    problems = Problems()
    if not published:
        return problems
    current = {item.rel: item for item in ctx.site.items}
    by_number = {p.index_no: p for p in published}
    for record in published:
        item = current.get(record.path)
        if item is not None and item.index_no != record.index_no:
            problems.add(
                Problem(
                    item.rel, item.line("index_no"), FIELD,
                    f"索引号已发布为 {record.index_no}，不得改为 {item.index_no or '空'}",
                    f"索引号一经发布不得更改：改回 {record.index_no}。",
                    rule="index_no.changed",
                )
            )
    for item in ctx.site.items:
        record = by_number.get(item.index_no or "")
        if record is None or record.path == item.rel or record.path in current:
            continue
        if record.title and record.title != item.title:
            problems.add(
                Problem(
                    item.rel, item.line("index_no"), FIELD,
                    f"索引号 {item.index_no} 曾用于已删除的“{record.title}”（{record.path}），不得重复使用",
                    "删掉这里的索引号后运行 xxgk assign 分配新号。",
                    rule="index_no.reused",
                )
            )
    return problems
