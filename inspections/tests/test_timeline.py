from datetime import date

import pytest

from inspections.timeline import check_notification_date, compute_milestones
from inspections.working_days import bank_holidays

BH = bank_holidays()


def dates(notified_on):
    return {m.key: (m.starts_on, m.ends_on) for m in compute_milestones(notified_on, bank_holidays=BH)}


def test_a_normal_three_weeks():
    d = dates(date(2026, 11, 9))
    assert d["notification"] == (date(2026, 11, 9), date(2026, 11, 9))
    assert d["setup_meeting"][0] == date(2026, 11, 10)
    assert d["case_list_due"][0] == date(2026, 11, 11)
    assert d["surveys"] == (date(2026, 11, 9), date(2026, 11, 13))
    assert d["remote_fieldwork"][0] == date(2026, 11, 19)
    assert d["on_site"] == (date(2026, 11, 23), date(2026, 11, 27))
    assert d["final_feedback"][0] == date(2026, 11, 27)


def test_christmas_moves_on_site_work_into_january():
    d = dates(date(2026, 12, 14))
    assert d["remote_fieldwork"][0] == date(2026, 12, 24)  # WD9
    assert d["on_site"] == (date(2026, 12, 30), date(2027, 1, 6))  # skips 25, 28 Dec and 1 Jan
    assert d["final_feedback"][0] == date(2027, 1, 6)


def test_easter_skips_good_friday_and_easter_monday():
    d = dates(date(2027, 3, 22))
    assert d["surveys"] == (date(2027, 3, 22), date(2027, 3, 30))  # WD5 is the Tuesday after Easter
    assert d["on_site"] == (date(2027, 4, 7), date(2027, 4, 13))


def test_may_bank_holiday_shifts_week_two():
    d = dates(date(2027, 4, 26))
    assert d["pcf_second_meeting"] == (date(2027, 5, 4), date(2027, 5, 10))
    assert d["on_site"] == (date(2027, 5, 11), date(2027, 5, 17))


def test_report_target_is_forty_working_days_after_feedback():
    d = dates(date(2026, 11, 9))
    # 27 Nov 2026 + 40 working days, skipping 25, 28 Dec and 1 Jan
    assert d["report_published"][0] == date(2027, 1, 27)


@pytest.mark.parametrize(
    "day, ok, words",
    [
        (date(2026, 12, 14), True, ""),
        (date(2026, 12, 15), False, "is not a Monday"),
        (date(2026, 5, 25), False, "bank holiday"),
        (date(2027, 3, 29), False, "bank holiday"),
    ],
)
def test_only_a_working_monday_is_accepted(day, ok, words):
    check = check_notification_date(day, bank_holidays=BH)
    assert check.acceptable is ok
    assert words in check.reason


def test_an_overridden_weekend_date_counts_from_the_next_working_day():
    d = dates(date(2026, 12, 13))  # a Sunday
    assert d["notification"][0] == date(2026, 12, 14)
