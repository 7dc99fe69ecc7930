"""Dates as tables show them ("7 Dec 2026"), for pages that print hundreds of them.

Django's ``date`` filter reads the format character by character and looks each month name up in
the translation catalogue every time: on a table of a few hundred dates that is most of the page's
time. `DateWords` looks the month names up once, in the language of the request, and gives the same
words as ``{{ value|date:"j M Y" }}``, ``"j M"`` and ``"j F Y"``.
"""

from __future__ import annotations

from datetime import date

from django.utils.dates import MONTHS, MONTHS_3


class DateWords:
    """Month names of the active language, looked up once; build one per request (or per page)."""

    def __init__(self) -> None:
        self._short = ("",) + tuple(str(MONTHS_3[m]).title() for m in range(1, 13))
        self._long = ("",) + tuple(str(MONTHS[m]) for m in range(1, 13))

    def day_month(self, value: date) -> str:
        """``j M``: "7 Dec"."""
        return f"{value.day} {self._short[value.month]}"

    def short(self, value: date) -> str:
        """``j M Y``: "7 Dec 2026"."""
        return f"{value.day} {self._short[value.month]} {value.year:04d}"

    def long(self, value: date) -> str:
        """``j F Y``: "7 December 2026"."""
        return f"{value.day} {self._long[value.month]} {value.year:04d}"
