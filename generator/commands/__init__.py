"""One module per ``xxgk`` verb, each with ``HELP``, ``add_arguments`` and ``run``."""

from __future__ import annotations

import datetime as dt
import os
import sys

from ..diagnostics import Problems

LEDGER_RULES = ("index_no.ledger", "index_no.ledger_changed")


def today_from(value: dt.date | None) -> dt.date:
    """``--today`` if given, else ``XXGK_TODAY`` (tests, reproducible CI), else today."""
    if value:
        return value
    env = os.environ.get("XXGK_TODAY")
    return dt.date.fromisoformat(env) if env else dt.date.today()


def ledger_unusable(problems: Problems) -> bool:
    """Print the ledger's errors and say so, when numbers must not be issued:
    appending to a ledger that is broken or was rewritten would bury the damage."""
    broken = Problems([p for p in problems.errors if p.rule in LEDGER_RULES])
    if broken:
        print(broken.format(), file=sys.stderr)
        print("先修好索引号台账（content/index-ledger.tsv），再分配索引号。", file=sys.stderr)
    return bool(broken)
