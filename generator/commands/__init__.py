"""One module per ``xxgk`` verb, each with ``HELP``, ``add_arguments`` and ``run``."""

from __future__ import annotations

import sys

from ..diagnostics import Problems

LEDGER_RULES = ("index_no.ledger", "index_no.ledger_changed")


def ledger_unusable(problems: Problems) -> bool:
    """Print the ledger's errors and say so, when numbers must not be issued:
    appending to a ledger that is broken or was rewritten would bury the damage."""
    broken = Problems([p for p in problems.errors if p.rule in LEDGER_RULES])
    if broken:
        print(broken.format(), file=sys.stderr)
        print("先修好索引号台账（content/index-ledger.tsv），再分配索引号。", file=sys.stderr)
    return bool(broken)
