"""The timeline as an iCalendar file, so the team and the partnership can add it to calendars."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from .models import Inspection, Milestone


def timeline_calendar(
    inspection: Inspection, milestones: list[Milestone], *, domain: str, sequences: dict[int, int] | None = None
) -> bytes:
    """One all-day event per milestone.

    Each event's UID names the service's host, so it is unique across calendars and the same on
    every download; SEQUENCE counts the milestone's changes, so a calendar that imported it before
    replaces the old dates instead of keeping both.
    """
    sequences = sequences or {}
    cal = Calendar()
    cal.add("prodid", "-//Area SEND Inspect//Inspection timeline//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Area SEND inspection: {inspection.partnership.name}")
    stamp = datetime.now(UTC)
    for m in milestones:
        event = Event()
        event.add("uid", f"inspection-{inspection.pk}-{m.key}@{domain}")
        event.add("sequence", sequences.get(m.pk, 0))
        event.add("dtstamp", stamp)
        event.add("summary", f"{m.display_name} ({inspection.partnership.name})")
        event.add("dtstart", m.starts_on)
        event.add("dtend", m.ends_on + timedelta(days=1))
        event.add("description", f"{m.working_days_label}. Area SEND inspection of {inspection.partnership.name}.")
        cal.add_component(event)
    return cal.to_ical()
