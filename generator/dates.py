"""Dates as the whole tool reads them: "today" for checks and builds, and the
``YYYY-MM-DD`` arguments of the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import os


def today_from(value: dt.date | None = None) -> dt.date:
    """``value`` (``--today``) if given, else ``XXGK_TODAY`` (tests, reproducible CI), else today."""
    if value:
        return value
    env = os.environ.get("XXGK_TODAY")
    return dt.date.fromisoformat(env) if env else dt.date.today()


def date_arg(text: str) -> dt.date:
    """An argparse ``type=`` for ``YYYY-MM-DD`` options, with a Chinese message."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是 YYYY-MM-DD 格式的日期") from None
