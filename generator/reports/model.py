"""A loaded annual report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import iso_date
from ..sources import Source
from .amounts import FORMAT_UNIT, UNITS, Amount
from .formats import FORMATS, Layout, default_format, layout

Number = int | float


@dataclass
class Report:
    path: Path
    rel: str  # path as editors see it, e.g. content/reports/2024.yml
    source: Source
    year: int  # from the file name
    agency: str = ""
    # Filled by values.evaluate(): every cell's number for the arithmetic
    # (derived ones included; a blank part counts 0), the cells the editor
    # wrote a number in, the cells written blank (null: printed blank in a
    # published report) and every amount as printed.
    cells: dict[str, Number] = field(default_factory=dict)
    written: set[str] = field(default_factory=set)
    blank: set[str] = field(default_factory=set)
    amounts: dict[str, Amount] = field(default_factory=dict)
    evaluated: bool = False

    @property
    def data(self) -> dict[str, Any]:
        return self.source.data if isinstance(self.source.data, dict) else {}

    @property
    def declared_format(self) -> str | None:
        value = self.data.get("format")
        return str(value) if str(value) in FORMATS else None

    @property
    def format(self) -> str:
        return self.declared_format or default_format(self.year)

    @property
    def layout(self) -> Layout:
        return layout(self.format)

    @property
    def title(self) -> str:
        custom = self.data.get("title")
        if isinstance(custom, str) and custom.strip():
            return custom.strip()
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    @property
    def nav_title(self) -> str:
        return f"{self.year}年度报告"

    @property
    def slug(self) -> str:
        return str(self.year)

    @property
    def url(self) -> str:
        return f"ndbg/{self.year}/"

    @property
    def published(self) -> dt.date | None:
        return iso_date(str(self.data.get("published")))

    @property
    def amount_unit(self) -> str:
        """The unit of amounts written as bare numbers (``amount_unit``, 万元 by default)."""
        unit = self.data.get("amount_unit")
        return unit if unit in UNITS else FORMAT_UNIT

    def line(self, *keys: Any) -> int | None:
        return self.source.line(*keys) or 1

    def text(self, key: str) -> str:
        value = self.data.get(key)
        return value.strip() if isinstance(value, str) else ""
