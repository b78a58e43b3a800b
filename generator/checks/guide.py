"""The 指南 (条例 Art 12): every required element present, and kept current."""

from __future__ import annotations

from ..diagnostics import Level, Problem, Problems
from ..feature import CheckContext
from ..schemas import validate

STALE_AFTER_DAYS = 366  # common practice: the guide is updated at least yearly


def check(ctx: CheckContext) -> Problems:
    problems = Problems()
    guide, source = ctx.site.guide, ctx.sources.get("guide")
    if guide is None or source is None:
        return problems
    problems.extend(validate(source.data, "guide", source, guide.rel))
    if guide.updated and guide.updated > ctx.today:
        problems.add(
            Problem(guide.rel, source.line("updated"), "更新日期(updated)", f"更新日期 {guide.updated} 晚于今天", "填写实际更新的日期。", rule="guide.future")
        )
    elif guide.updated and (ctx.today - guide.updated).days > STALE_AFTER_DAYS:
        problems.add(
            Problem(
                guide.rel,
                source.line("updated"),
                "更新日期(updated)",
                f"指南已有 {(ctx.today - guide.updated).days} 天没有更新（{guide.updated}）",
                "条例第十二条要求指南及时更新，通常至少每年更新一次；核对内容后改写更新日期。",
                Level.WARNING,
                rule="guide.stale",
            )
        )
    return problems
