"""Catalogue checks: schema, names that resolve to nothing, and rows with
nothing published (``catalogue.unfulfilled``, counted by the inspection)."""

from __future__ import annotations

from ..diagnostics import Problems
from ..feature import CheckContext
from . import standard


def check(ctx: CheckContext) -> Problems:
    _, problems = standard.load(ctx.site)
    return problems
