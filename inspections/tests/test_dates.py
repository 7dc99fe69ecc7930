"""Table dates read exactly as Django's date filter would write them, in English and in Welsh."""

from datetime import date, timedelta

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import translation

from inspections.dates import DateWords

EVERY_MONTH = [date(2026, 1, 1) + timedelta(days=31 * n) for n in range(12)] + [date(987, 5, 9)]


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_dates_read_as_the_date_filter_writes_them(language):
    with translation.override(language):
        words = DateWords()
        for day in EVERY_MONTH:
            assert words.short(day) == date_filter(day, "j M Y")
            assert words.day_month(day) == date_filter(day, "j M")
            assert words.long(day) == date_filter(day, "j F Y")


def test_welsh_pages_get_welsh_month_names():
    with translation.override("cy"):
        assert DateWords().long(date(2026, 12, 7)) != "7 December 2026"
    with translation.override("en-gb"):
        assert DateWords().long(date(2026, 12, 7)) == "7 December 2026"
