"""site.yml ``reports``: the annual reports' settings, with their defaults."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Site


@dataclass(frozen=True)
class ReportsSettings:
    # 条例第四十九条: a department's report for year N by 31 January of N+1
    # (a government's by 31 March: "03-31").
    deadline: str = "01-31"

    @property
    def deadline_day(self) -> tuple[int, int]:
        """(month, day) of the yearly deadline (the schema's pattern guarantees the shape)."""
        month, day = (int(part) for part in self.deadline.split("-"))
        try:
            dt.date(2000, month, day)
        except ValueError:  # e.g. 02-30: the schema's pattern allows it, the calendar does not
            month, day = (int(part) for part in ReportsSettings.deadline.split("-"))
        return month, day


def settings(site: Site) -> ReportsSettings:
    return site.config.settings("reports", ReportsSettings)


def due_year(today: dt.date, deadline: tuple[int, int]) -> int:
    """The latest year whose report must be public by ``today``."""
    return today.year - 1 if today > dt.date(today.year, *deadline) else today.year - 2


def deadline_text(deadline: tuple[int, int]) -> str:
    """The configured deadline in words, e.g. “次年 1 月 31 日”."""
    return f"次年 {deadline[0]} 月 {deadline[1]} 日"
