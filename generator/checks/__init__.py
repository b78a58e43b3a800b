"""Every content check, run by ``xxgk check`` and by every build.

The core's checks are one module per subject: ``items`` (front matter of
disclosed items), ``index_no`` (索引号), ``guide`` (指南), ``markup`` (links,
images and HTML in the Markdown fields). Features add their
own (``Feature.checks``), and a feature's review (the inspection report) runs
last, reading every problem found; the rules it names as errors are raised
here, in one place, so no check ever changes another's problems.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ..diagnostics import Level, Problems
from ..feature import CheckContext
from . import guide, identity, index_no, items, markup

Check = Callable[[CheckContext], Problems]
CORE_CHECKS: tuple[Check, ...] = (items.check, index_no.check, guide.check, markup.check, identity.check)


def _matches(rule: str, names: frozenset[str]) -> bool:
    return any(rule == name or rule.startswith(name + ".") for name in names)


def run_checks(ctx: CheckContext) -> Problems:
    problems = Problems()
    for check in (*CORE_CHECKS, *ctx.features.each("checks")):
        problems.extend(check(ctx))
    escalate: set[str] = set()
    for feature in ctx.features:
        if feature.review is not None:
            review = feature.review(ctx, problems)
            problems.extend(review.problems)
            escalate |= review.escalate
    if not escalate:
        return problems
    names = frozenset(escalate)
    return Problems(
        [dataclasses.replace(p, level=Level.ERROR) if _matches(p.rule, names) else p for p in problems.items]
    )
