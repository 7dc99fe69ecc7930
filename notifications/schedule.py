"""When a reminder is due, from dates alone."""

from __future__ import annotations

from collections.abc import Container
from datetime import date, timedelta

from inspections.working_days import is_working_day

#: Working days before the factual accuracy deadline on which the leads are reminded.
REMINDER_WORKING_DAYS = 2
#: A survey that closed longer ago than this is not announced (e.g. when the job first runs).
SURVEY_CLOSED_LOOKBACK_DAYS = 7


def working_days_before(day: date, n: int, *, bank_holidays: Container[date]) -> date:
    """The working day ``n`` working days before ``day``."""
    while n:
        day -= timedelta(days=1)
        if is_working_day(day, bank_holidays=bank_holidays):
            n -= 1
    return day


def factual_accuracy_reminder_due(due_on: date, today: date, *, bank_holidays: Container[date]) -> bool:
    """From two working days before the deadline until the deadline itself (a missed run catches up)."""
    reminder_on = working_days_before(due_on, REMINDER_WORKING_DAYS, bank_holidays=bank_holidays)
    return reminder_on <= today <= due_on


def survey_closed_notice_due(closes_on: date, today: date) -> bool:
    """The day after the last day of the window, or within a week after (a missed run catches up)."""
    return closes_on < today <= closes_on + timedelta(days=SURVEY_CLOSED_LOOKBACK_DAYS)
