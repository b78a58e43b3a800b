"""Amounts of money in a report, kept exactly as printed.

The official tables count most cells in 件; the amounts (2019: 采购总金额,
2021: 本年收费金额) are in 万元 by the format, but published reports print
them in 元 too (“251000元”). A cell keeps its printed digits and unit: the
page, the CSV and the JSON show 24252.311082 as 24252.311082 and 75394432.52
元 as 75394432.52 元, never rounded nor converted.

An amount is written in the report file as a number (in the report's
``amount_unit``, 万元 by default) or as a string with its own unit:
``amount: "251000元"``, ``amount: "24252.311082"``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

UNITS = ("万元", "元")
FORMAT_UNIT = "万元"  # what the official formats count in

# Digits (thousands separators allowed), optional decimals, an optional unit.
_AMOUNT = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万元|元)?$")


@dataclass(frozen=True)
class Amount:
    text: str  # the printed digits, e.g. "75394432.52"
    unit: str  # 元 or 万元

    @property
    def value(self) -> float:
        return float(Decimal(self.text.replace(",", "")))

    def shown(self) -> str:
        """As printed: the digits, and the unit when it is not the format's 万元."""
        return self.text if self.unit == FORMAT_UNIT else f"{self.text} {self.unit}"


def decimal_text(value: float | int) -> str:
    """A YAML number's shortest exact decimal form (repr), never in exponent form."""
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(repr(value)), "f")
    return text[:-2] if text.endswith(".0") else text


def parse_amount(value: object, default_unit: str = FORMAT_UNIT) -> Amount | None:
    """The amount written in a cell, or None when it is not one. Full-width
    digits and spaces are tolerated (NFKC); the digits are kept as written."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")) or value < 0:
            return None
        return Amount(decimal_text(value), default_unit)
    if not isinstance(value, str):
        return None
    text = "".join(unicodedata.normalize("NFKC", value).split())
    match = _AMOUNT.match(text)
    if not match:
        return None
    digits = match.group(1) + (match.group(2) or "")
    try:
        Decimal(digits.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None
    return Amount(digits, match.group(3) or default_unit)
