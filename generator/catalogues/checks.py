"""Catalogue checks: schema, names that resolve to nothing, and rows with
nothing published (``catalogue.unfulfilled``, counted by the inspection)."""

from __future__ import annotations

from ..checks import CheckContext
from ..diagnostics import Problems
from . import standard


def check(ctx: CheckContext) -> Problems:
    ctx.site.extras.pop("standard_catalogues", None)  # resolve against this load of the site
    _, problems = standard.load(ctx.site)
    return problems
