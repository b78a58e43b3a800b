"""Every content check, run by ``xxgk check`` and by every build.

One module per subject: ``items`` (front matter of disclosed items),
``index_no`` (索引号), ``guide`` (指南), ``markup`` (links, images and HTML in
the Markdown fields). Later subjects add a module and a
line to :data:`CHECKS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Problems
from ..model import Site
from ..sources import Source


@dataclass
class CheckContext:
    site: Site
    sources: dict[str, Source]
    today: dt.date = field(default_factory=dt.date.today)
    base_ref: str | None = None  # git ref holding the published 索引号; None = default

    @property
    def root(self) -> Path:
        return self.site.root


Check = Callable[[CheckContext], Problems]


def _checks() -> list[Check]:
    from ..catalogues import checks as catalogues
    from ..policy import checks as policy
    from ..reports import checks as reports
    from . import guide, index_no, items, markup

    return [items.check, index_no.check, guide.check, markup.check, policy.check, catalogues.check, reports.check]


def run_checks(ctx: CheckContext) -> Problems:
    from ..inspection import rules as inspection

    problems = Problems()
    for check in _checks():
        problems.extend(check(ctx))
    # Last: the inspection report counts what the other checks found.
    problems.extend(inspection.check(ctx, problems))
    return problems
