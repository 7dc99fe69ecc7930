from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspections.timeline import compute_milestones
from inspections.working_days import (
    add_working_days,
    bank_holidays,
    is_working_day,
    nth_working_day,
    working_day_number,
)

BH = bank_holidays()


def test_weekends_and_bank_holidays_are_not_working_days():
    assert is_working_day(date(2026, 12, 24), bank_holidays=BH)
    assert not is_working_day(date(2026, 12, 25), bank_holidays=BH)  # Christmas Day
    assert not is_working_day(date(2026, 12, 28), bank_holidays=BH)  # Boxing Day (substitute)
    assert not is_working_day(date(2026, 12, 26), bank_holidays=BH)  # Saturday
    assert not is_working_day(date(2027, 3, 29), bank_holidays=BH)  # Easter Monday


def test_adding_working_days_skips_christmas():
    assert add_working_days(date(2026, 12, 24), 1, bank_holidays=BH) == date(2026, 12, 29)
    assert add_working_days(date(2026, 12, 24), 0, bank_holidays=BH) == date(2026, 12, 24)


def test_the_notification_day_is_working_day_one():
    assert nth_working_day(date(2026, 12, 14), 1, bank_holidays=BH) == date(2026, 12, 14)
    assert working_day_number(date(2026, 12, 14), date(2026, 12, 30), bank_holidays=BH) == 11
    assert working_day_number(date(2026, 12, 14), date(2026, 12, 25), bank_holidays=BH) is None


def test_negative_or_zero_counts_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 12, 14), -1, bank_holidays=BH)
    with pytest.raises(ValueError):
        nth_working_day(date(2026, 12, 14), 0, bank_holidays=BH)


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31))


@settings(max_examples=150, deadline=None)
@given(start=days, n=st.integers(min_value=0, max_value=80))
def test_adding_working_days_always_lands_on_a_working_day(start, n):
    result = add_working_days(start, n, bank_holidays=BH)
    assert is_working_day(result, bank_holidays=BH)
    assert result >= start


@settings(max_examples=150, deadline=None)
@given(notified_on=days)
def test_no_milestone_falls_on_a_weekend_or_bank_holiday(notified_on):
    for m in compute_milestones(notified_on, bank_holidays=BH):
        assert m.starts_on.weekday() < 5 and m.starts_on not in BH
        assert m.ends_on.weekday() < 5 and m.ends_on not in BH
        assert m.ends_on >= m.starts_on


@settings(max_examples=100, deadline=None)
@given(notified_on=days, n=st.integers(min_value=1, max_value=60))
def test_working_day_n_is_strictly_increasing_in_n(notified_on, n):
    wd_n = nth_working_day(notified_on, n, bank_holidays=BH)
    wd_next = nth_working_day(notified_on, n + 1, bank_holidays=BH)
    assert wd_next > wd_n
    assert working_day_number(notified_on, wd_n, bank_holidays=BH) == n
    # every day strictly between is not a working day
    day = wd_n + timedelta(days=1)
    while day < wd_next:
        assert not is_working_day(day, bank_holidays=BH)
        day += timedelta(days=1)
