"""An inspector's fieldwork as an iCalendar file.

Each activity keeps one UID for life and sends its version as SEQUENCE, so a calendar that has
imported the file before updates a moved activity in place, and drops a cancelled one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event

from .models import Activity


def activity_uid(activity: Activity, *, domain: str) -> str:
    return f"fieldwork-{activity.uid}@{domain}"


def fieldwork_calendar(activities: list[Activity], *, name: str, domain: str) -> bytes:
    zone = ZoneInfo(settings.TIME_ZONE)
    cal = Calendar()
    cal.add("prodid", "-//Area SEND Inspect//Fieldwork plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    stamp = datetime.now(UTC)
    for activity in activities:
        event = Event()
        event.add("uid", activity_uid(activity, domain=domain))
        event.add("sequence", activity.version - 1)
        event.add("dtstamp", stamp)
        event.add("last-modified", activity.updated_at)
        event.add("summary", f"{activity.title} ({activity.kind_label})")
        event.add("dtstart", datetime.combine(activity.day, activity.starts_at, tzinfo=zone))
        event.add("dtend", datetime.combine(activity.day, activity.ends_at, tzinfo=zone))
        event.add("location", activity.link if activity.online else activity.where)
        if activity.online:
            event.add("url", activity.link)
        lines = []
        if activity.invite:
            lines.append(f"Invited by the partnership: {activity.invite}")
        names = ", ".join(u.display_name for u in activity.attendees.all())
        if names:
            lines.append(f"Team: {names}")
        if activity.notes:
            lines.append(f"Notes: {activity.notes}")
        event.add("description", "\n".join(lines))
        event.add("status", "CANCELLED" if activity.is_cancelled else "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()
