"""England's bank holidays, worked out from their rules (from 1978, when May Day began).

Pure and small on purpose: the ``holidays`` package loads about 19 MB of calendars into every
process that asks it for one country, and each web worker would carry that (docs/adr/0122).
The rules are the Banking and Financial Dealings Act 1971 with its proclamations: fixed days
moved off a weekend, Easter, the first and last Mondays of May, the last Monday of August, and
the one-off days below. A new one-off day (a coronation, a state funeral) is added to
`ONE_OFF_DAYS`; the tests compare every year with the ``holidays`` package, so an upgrade of
that package shows a day missing here.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

#: Bank holidays proclaimed for one year only (jubilees, royal weddings, a state funeral).
ONE_OFF_DAYS = frozenset(
    {
        date(1981, 7, 29),
        date(1999, 12, 31),
        date(2002, 6, 3),
        date(2011, 4, 29),
        date(2012, 6, 5),
        date(2022, 6, 3),
        date(2022, 9, 19),
        date(2023, 5, 8),
    }
)
#: Years whose early May bank holiday moved (VE Day anniversaries).
MAY_DAY_MOVED = {1995: date(1995, 5, 8), 2020: date(2020, 5, 8)}
#: Years whose spring bank holiday moved (to sit beside a jubilee).
SPRING_MOVED = {2002: date(2002, 6, 4), 2012: date(2012, 6, 4), 2022: date(2022, 6, 2)}


def easter_sunday(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=last.weekday())


@lru_cache(maxsize=256)
def england_bank_holidays(year: int) -> frozenset[date]:
    """Every bank holiday in England in `year`: the days themselves and their weekday substitutes."""
    new_year = date(year, 1, 1)
    easter = easter_sunday(year)
    days = {
        new_year,
        # A New Year's Day at the weekend gives the Monday after too.
        new_year + timedelta(days={5: 2, 6: 1}.get(new_year.weekday(), 0)),
        easter - timedelta(days=2),
        easter + timedelta(days=1),
        MAY_DAY_MOVED.get(year) or _first_monday(year, 5),
        SPRING_MOVED.get(year) or _last_monday(year, 5),
        _last_monday(year, 8),
    }
    # Christmas and Boxing Day at the weekend give the weekday two days on, so each has its own.
    for day in (date(year, 12, 25), date(year, 12, 26)):
        days |= {day, day + timedelta(days=2) if day.weekday() >= 5 else day}
    days |= {d for d in ONE_OFF_DAYS if d.year == year}
    return frozenset(days)


class EnglandBankHolidays:
    """A container of dates (``day in holidays``) that works out each year when first asked."""

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and day in england_bank_holidays(day.year)

    def __repr__(self) -> str:
        return "EnglandBankHolidays()"
