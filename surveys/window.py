"""When a survey is open.

The window runs from the start of its first day to the end of its last day, UK time, whatever
the server's time zone; the last day may be moved later by the lead inspector.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")
State = Literal["not_open", "open", "closed", "no_window"]


@dataclass(frozen=True)
class Window:
    opens_on: dt.date | None
    closes_on: dt.date | None

    @property
    def opens_at(self) -> dt.datetime | None:
        return dt.datetime.combine(self.opens_on, dt.time.min, tzinfo=UK) if self.opens_on else None

    @property
    def closes_at(self) -> dt.datetime | None:
        """The first instant after the window (midnight at the end of the last day, UK time)."""
        if not self.closes_on:
            return None
        return dt.datetime.combine(self.closes_on + dt.timedelta(days=1), dt.time.min, tzinfo=UK)

    def state(self, now: dt.datetime) -> State:
        """ "not_open", "open", "closed", or "no_window" when the dates are not set yet."""
        if self.opens_at is None or self.closes_at is None:
            return "no_window"
        if now < self.opens_at:
            return "not_open"
        if now >= self.closes_at:
            return "closed"
        return "open"

    def is_open(self, now: dt.datetime) -> bool:
        return self.state(now) == "open"


def survey_window(starts_on: dt.date | None, ends_on: dt.date | None, extended_to: dt.date | None = None) -> Window:
    """The window from the timeline dates and any later close date set by the lead inspector."""
    closes = ends_on
    if extended_to and (closes is None or extended_to > closes):
        closes = extended_to
    return Window(starts_on, closes)
