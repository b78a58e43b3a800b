"""One module per ``xxgk`` verb, each with ``HELP``, ``add_arguments`` and ``run``."""

from __future__ import annotations

import datetime as dt
import os


def today_from(value: dt.date | None) -> dt.date:
    """``--today`` if given, else ``XXGK_TODAY`` (tests, reproducible CI), else today."""
    if value:
        return value
    env = os.environ.get("XXGK_TODAY")
    return dt.date.fromisoformat(env) if env else dt.date.today()
