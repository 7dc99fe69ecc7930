import datetime as dt

from surveys.window import UK, survey_window

MON = dt.date(2026, 12, 14)
FRI = dt.date(2026, 12, 18)


def at(y, m, d, h=0, mi=0, tz=UK):
    return dt.datetime(y, m, d, h, mi, tzinfo=tz)


def test_opens_at_start_of_first_day_and_closes_at_end_of_last_day_uk_time():
    w = survey_window(MON, FRI)
    assert w.state(at(2026, 12, 13, 23, 59)) == "not_open"
    assert w.state(at(2026, 12, 14, 0, 0)) == "open"
    assert w.state(at(2026, 12, 18, 23, 59)) == "open"
    assert w.state(at(2026, 12, 19, 0, 0)) == "closed"


def test_uses_uk_time_in_summer_too():
    w = survey_window(dt.date(2026, 6, 15), dt.date(2026, 6, 19))
    # 23:30 UTC on Friday is 00:30 on Saturday in London (BST).
    assert w.state(dt.datetime(2026, 6, 19, 23, 30, tzinfo=dt.UTC)) == "closed"
    assert w.state(dt.datetime(2026, 6, 19, 22, 30, tzinfo=dt.UTC)) == "open"
    # 23:30 UTC on Sunday is 00:30 on Monday: open.
    assert w.state(dt.datetime(2026, 6, 14, 23, 30, tzinfo=dt.UTC)) == "open"


def test_extension_moves_the_close_later_but_never_earlier():
    assert survey_window(MON, FRI, dt.date(2026, 12, 22)).state(at(2026, 12, 21, 12)) == "open"
    assert survey_window(MON, FRI, dt.date(2026, 12, 16)).closes_on == FRI


def test_no_dates_means_no_window():
    assert survey_window(None, None).state(at(2026, 12, 14)) == "no_window"
