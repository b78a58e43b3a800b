"""Working days (工作日) by the official holiday calendar, 调休 included.

Deadlines in the disclosure rules count working days: 3 for a policy's
interpretation (国办发〔2016〕19号), 20 for proactive disclosure (条例第二十六条).
The calendar comes from the maintained ``chinesecalendar`` library, never a
hand-kept list. Outside the years it covers (it is updated once the State
Council publishes the next year's holidays) we fall back to Monday–Friday and
say so through :func:`covered`, so a check can tell editors the count is
provisional.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import chinese_calendar

ONE_DAY = dt.timedelta(days=1)


@cache
def covered(year: int) -> bool:
    """Whether the holiday calendar knows ``year`` (else weekdays are assumed)."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@cache
def is_workday(day: dt.date) -> bool:
    """A working day: weekdays minus statutory holidays, plus 调休 weekend workdays."""
    if covered(day.year):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def add_workdays(start: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
    day = start
    remaining = count
    while remaining > 0:
        day += ONE_DAY
        if is_workday(day):
            remaining -= 1
    return day


def workdays_after(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]: how many working days ``end`` lies after ``start``.
    Zero (never negative) when ``end`` is on or before ``start``."""
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        count += is_workday(day)
    return count
