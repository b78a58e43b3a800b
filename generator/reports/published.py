"""Past reports reproduced as published: printed blanks and ``as_published``.

A report whose legal deadline has passed is a historical document: an agency
that moves its column to xxgk republishes it exactly as it was printed, even
where the printed numbers break an identity. ``as_published`` in the report
file says so, naming every broken identity and its cell::

    as_published:
      note: 原报告（七）总计一行与各项之和不符，按原样照录。   # optional, shown on the page
      broken:
        - {identity: results_total, cell: requests.results.total.total}

The list must name exactly the identities that are broken (a new break is
still an error, a fixed one must be taken off), and only reports whose
deadline has passed may use it: the report being written this year, or a
later one, must be correct. Likewise only such reports may leave a cell
blank (``null``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .identities import ERROR, IDENTITIES, Identity
from .model import Report
from .settings import due_year

KEY = "as_published"
# The names editors write: the identity's rule without the "report." prefix.
ACKNOWLEDGEABLE: dict[str, Identity] = {i.rule.removeprefix("report."): i for i in IDENTITIES if i.level is ERROR}


@dataclass(frozen=True)
class Acknowledged:
    identity: str  # e.g. "results_total"
    cell: str  # cell key, e.g. "requests.results.total.total"
    line: int | None

    @property
    def rule(self) -> str:
        return f"report.{self.identity}"


def is_past(report: Report, today: dt.date | None, deadline: tuple[int, int]) -> bool:
    """Whether ``report`` is an archived one: its publication deadline has
    passed (``today`` unknown: treated as current, the strict case)."""
    return today is not None and report.year <= due_year(today, deadline)


def acknowledged(report: Report) -> list[Acknowledged]:
    """The entries of ``as_published.broken`` (shape checked by the schema)."""
    block = report.data.get(KEY)
    entries = block.get("broken") if isinstance(block, dict) else None
    out = []
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(entry, dict) and isinstance(entry.get("identity"), str) and isinstance(entry.get("cell"), str):
            out.append(Acknowledged(entry["identity"], entry["cell"], report.line(KEY, "broken", i)))
    return out


def note(report: Report) -> str:
    block = report.data.get(KEY)
    text = block.get("note") if isinstance(block, dict) else None
    return text.strip() if isinstance(text, str) else ""


def entry_text(rule: str, cell: str) -> str:
    """How an entry is written in the file (for hints and the importer)."""
    return f"{{identity: {rule.removeprefix('report.')}, cell: {cell}}}"
