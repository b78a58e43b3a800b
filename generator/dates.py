"""Dates as the whole tool reads them: "today" for checks and builds, the
``YYYY-MM-DD`` arguments of the command line, and the date an editor meant
when writing one another way (2026年11月27日 → 2026-11-27)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import unicodedata


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


_CHINESE_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "O": "0"}
# Year first, then month and day, with any one separator an editor types: 2026年11月27日,
# 2026/11/27, 2026.11.27, 2026-11-7, 2026 11 27 (full-width digits and marks are folded first).
_YEAR_FIRST = re.compile(r"(\d{4})\s*(?:年|[-/.．_、 ])\s*(\d{1,2})\s*(?:月|[-/.．_、 ])\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


def _chinese_number(text: str) -> str:
    """二〇二六 → 2026 (digit by digit), 二十七 → 27, 十一 → 11, 三十 → 30."""
    if "十" not in text:
        return "".join(_CHINESE_DIGITS.get(c, c) for c in text)
    tens, _, ones = text.partition("十")
    return str(int(_CHINESE_DIGITS.get(tens, "1") if tens else "1") * 10 + int(_CHINESE_DIGITS.get(ones, "0") if ones else "0"))


def guess_date(value: object) -> str | None:
    """The ``YYYY-MM-DD`` an editor meant by a date written another way, when
    there is exactly one reading (year first, a real day); else None."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    text = re.sub(r"[〇零○一二三四五六七八九十]+", lambda m: _chinese_number(m.group()), text)
    found = _YEAR_FIRST.fullmatch(text) or _COMPACT.fullmatch(text)
    if not found:
        return None
    try:
        return dt.date(*(int(part) for part in found.groups())).isoformat()
    except ValueError:
        return None
