"""Working days in England: weekdays that are not England bank holidays.

Pure functions: callers pass the bank holidays in, so the rules are tested without a calendar
service and the same code serves the timeline, tracking deadlines and outcome follow-ups.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import date, timedelta
from functools import lru_cache

from .bank_holidays import EnglandBankHolidays


@lru_cache(maxsize=1)
def bank_holidays() -> Container[date]:
    """England's bank holidays (`inspections.bank_holidays`; each year is worked out when first asked)."""
    return EnglandBankHolidays()


def is_working_day(day: date, *, bank_holidays: Container[date]) -> bool:
    return day.weekday() < 5 and day not in bank_holidays


def next_working_day_on_or_after(day: date, *, bank_holidays: Container[date]) -> date:
    while not is_working_day(day, bank_holidays=bank_holidays):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, n: int, *, bank_holidays: Container[date]) -> date:
    """The date ``n`` working days after ``start`` (``n`` >= 0).

    With ``n`` = 0 the answer is ``start`` moved on to a working day if it is not one.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    day = next_working_day_on_or_after(start, bank_holidays=bank_holidays)
    while n:
        day += timedelta(days=1)
        if is_working_day(day, bank_holidays=bank_holidays):
            n -= 1
    return day


def nth_working_day(first: date, n: int, *, bank_holidays: Container[date]) -> date:
    """Working day number ``n`` when ``first`` (or the next working day) is working day 1."""
    if n < 1:
        raise ValueError("Working days are numbered from 1")
    return add_working_days(first, n - 1, bank_holidays=bank_holidays)


def working_day_number(first: date, day: date, *, bank_holidays: Container[date]) -> int | None:
    """Which working day ``day`` is, counting ``first`` as working day 1; None if not a working day
    or before the first."""
    start = next_working_day_on_or_after(first, bank_holidays=bank_holidays)
    if day < start or not is_working_day(day, bank_holidays=bank_holidays):
        return None
    count, cursor = 1, start
    while cursor < day:
        cursor += timedelta(days=1)
        if is_working_day(cursor, bank_holidays=bank_holidays):
            count += 1
    return count
