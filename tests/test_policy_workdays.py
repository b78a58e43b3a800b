"""Working-day arithmetic follows the official calendar, 调休 included."""

import datetime as dt

from generator import workdays

D = dt.date


def test_2024_spring_festival_with_make_up_sundays() -> None:
    # 2024: holiday 2-10 … 2-17; Sunday 2-4 and Sunday 2-18 are make-up workdays.
    assert workdays.is_workday(D(2024, 2, 4))
    assert workdays.is_workday(D(2024, 2, 18))
    assert not workdays.is_workday(D(2024, 2, 12))  # a Monday inside the holiday
    # Published Thursday 2-8: Friday 2-9 is day 1, the holiday is skipped,
    # Sunday 2-18 is day 2, Monday 2-19 day 3.
    assert workdays.add_workdays(D(2024, 2, 8), 3) == D(2024, 2, 19)
    assert workdays.workdays_after(D(2024, 2, 8), D(2024, 2, 19)) == 3
    assert workdays.workdays_after(D(2024, 2, 8), D(2024, 2, 20)) == 4
    # Friday 2-2: the next working day is Sunday 2-4, not Monday 2-5.
    assert workdays.add_workdays(D(2024, 2, 2), 1) == D(2024, 2, 4)


def test_2025_spring_festival_with_make_up_saturday() -> None:
    # 2025: holiday 1-28 … 2-4; Sunday 1-26 and Saturday 2-8 are make-up workdays.
    assert workdays.add_workdays(D(2025, 1, 24), 1) == D(2025, 1, 26)
    assert workdays.add_workdays(D(2025, 1, 27), 1) == D(2025, 2, 5)
    assert workdays.add_workdays(D(2025, 2, 7), 1) == D(2025, 2, 8)
    assert workdays.workdays_after(D(2025, 1, 27), D(2025, 2, 10)) == 5  # 2-5, 2-6, 2-7, 2-8, 2-10


def test_no_negative_counts_and_uncovered_years_fall_back_to_weekdays() -> None:
    assert workdays.workdays_after(D(2024, 3, 5), D(2024, 3, 1)) == 0
    assert workdays.covered(2024)
    assert not workdays.covered(2099)
    assert workdays.is_workday(D(2099, 1, 1)) == (D(2099, 1, 1).weekday() < 5)
    assert workdays.add_workdays(D(2099, 1, 2), 1) == D(2099, 1, 5)  # Friday → Monday
