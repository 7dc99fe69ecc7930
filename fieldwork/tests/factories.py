"""Factories for fieldwork activities: planned through the real service, so every rule applies."""

from __future__ import annotations

from datetime import date, time

from fieldwork import services
from fieldwork.models import Activity

# For an inspection notified on Monday 14 December 2026 (the root conftest's ``inspection``).
WD9 = date(2026, 12, 24)  # remote fieldwork
WD10 = date(2026, 12, 29)  # remote fieldwork (25 and 28 December are bank holidays)
WD11 = date(2026, 12, 30)  # first day on site
WD12 = date(2026, 12, 31)
WD13 = date(2027, 1, 4)  # 1 January is a bank holiday
WD14 = date(2027, 1, 5)
WD15 = date(2027, 1, 6)  # final feedback
ON_SITE = (WD11, WD12, WD13, WD14, WD15)


def details(**overrides) -> services.ActivityDetails:
    values = {
        "kind": "setting_visit",
        "title": "Visit to Ashcroft Primary School",
        "day": WD11,
        "starts_at": time(10, 0),
        "ends_at": time(11, 0),
        "online": False,
        "place": "Ashcroft Primary School",
        "address": "12 Mill Lane, Northtown",
        "invite": "Headteacher and SENCO",
        "notes": "Ask about the graduated approach",
        "criteria": (1, 3),
    }
    values.update(overrides)
    if "attendees" in values:
        values["attendee_ids"] = tuple(u.pk for u in values.pop("attendees"))
    return services.ActivityDetails(**values)


def plan(inspection, by, **overrides) -> Activity:
    overrides.setdefault("attendees", [by])
    return services.plan_activity(inspection=inspection, by=by, details=details(**overrides))


def details_of(activity: Activity, **overrides) -> services.ActivityDetails:
    """The details of a stored activity, changed by ``overrides`` (as an edit form would send them)."""
    values = {
        "kind": activity.kind,
        "title": activity.title,
        "day": activity.day,
        "starts_at": activity.starts_at,
        "ends_at": activity.ends_at,
        "online": activity.online,
        "place": activity.place,
        "address": activity.address,
        "link": activity.link,
        "attendees": list(activity.attendees.all()),
        "invite": activity.invite,
        "notes": activity.notes,
        "criteria": tuple(activity.criteria),
        "remote_override_reason": activity.remote_override_reason,
    }
    values.update(overrides)
    return details(**values)


def fill_plan(inspection, by, team: list, count: int) -> None:
    """Grow the plan to ``count`` activities spread over every fieldwork day and inspector, with
    no double booking (online on remote days, one place on site)."""
    window = services.window_for(inspection)
    days = window.dates
    for n in range(Activity.objects.filter(inspection=inspection).count(), count):
        who = team[n % len(team)]
        day = days[(n // len(team)) % len(days)]
        minute = 8 * 60 + (n // (len(team) * len(days))) * 40
        remote = window.is_remote(day)
        plan(
            inspection,
            by,
            attendees=[who],
            day=day,
            starts_at=time(minute // 60, minute % 60),
            ends_at=time((minute + 30) // 60, (minute + 30) % 60),
            title=f"Activity {n}",
            online=remote,
            link="https://meet.example/fieldwork" if remote else "",
            place="" if remote else "Town Hall",
        )
