"""England's bank holidays from their rules, checked by hand and against the published calendar."""

from datetime import date

import holidays
import pytest

from inspections.bank_holidays import EnglandBankHolidays, easter_sunday, england_bank_holidays


def test_2026_as_published():
    assert sorted(england_bank_holidays(2026)) == [
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 26),  # a Saturday: Monday 28th is its substitute
        date(2026, 12, 28),
    ]


def test_christmas_on_a_saturday_gives_monday_and_tuesday():
    assert {date(2027, 12, 27), date(2027, 12, 28)} <= england_bank_holidays(2027)
    assert date(2027, 12, 29) not in england_bank_holidays(2027)


def test_one_off_and_moved_days():
    days_2022 = england_bank_holidays(2022)
    assert {date(2022, 6, 2), date(2022, 6, 3), date(2022, 9, 19)} <= days_2022
    assert date(2022, 5, 30) not in days_2022  # the spring bank holiday moved to 2 June
    assert date(2023, 5, 8) in england_bank_holidays(2023)
    assert date(2020, 5, 8) in england_bank_holidays(2020)
    assert date(2020, 5, 4) not in england_bank_holidays(2020)


def test_easter():
    assert [easter_sunday(y) for y in (2024, 2025, 2026, 2038)] == [
        date(2024, 3, 31),
        date(2025, 4, 20),
        date(2026, 4, 5),
        date(2038, 4, 25),
    ]


@pytest.mark.parametrize("year", range(1978, 2101))
def test_every_year_matches_the_holidays_package(year):
    published = holidays.country_holidays("GB", subdiv="ENG", years=year)
    assert england_bank_holidays(year) == frozenset(published)


def test_the_container_answers_for_any_date():
    bh = EnglandBankHolidays()
    assert date(2026, 12, 28) in bh
    assert date(2026, 12, 29) not in bh
    assert "2026-12-28" not in bh
