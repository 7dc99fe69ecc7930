"""Engagement meetings between inspections: the rules on their dates, with no ORM.

Planned dates come from the outcome's product default (``evaluation.outcomes``); a meeting may be
moved or held only inside the inspection cycle: after the report's publication and no later than
the next full inspection's due-by date.
"""

from __future__ import annotations

from datetime import date

NONE = "none"
SOME = "some"
SERIOUS = "serious"
CONCERN_LABELS = {NONE: "No concern", SOME: "Some concern", SERIOUS: "Serious concern"}

#: Who may attend, as roles (never names): the record says which parts of the partnership took part.
ATTENDEE_ROLES: tuple[tuple[str, str], ...] = (
    ("dcs", "Director of children's services"),
    ("la_send", "Local authority SEND leader"),
    ("icb", "Integrated care board leader"),
    ("health", "Designated clinical or medical officer"),
    ("education", "Education leader"),
    ("social_care", "Social care leader"),
    ("pcf", "Parent carer forum representative"),
    ("hmi", "Ofsted HMI"),
    ("cqc", "CQC inspector"),
)
ATTENDEE_LABELS = dict(ATTENDEE_ROLES)


def cycle_problem(day: date, *, published_on: date, next_full_due_by: date) -> str | None:
    """Why a date falls outside the inspection cycle, or None when it is inside."""
    if day <= published_on:
        return f"The date must be after the report was published on {published_on:%-d %B %Y}"
    if day > next_full_due_by:
        return f"The date must be on or before the next full inspection is due, {next_full_due_by:%-d %B %Y}"
    return None


def planning_problem(day: date, *, today: date, published_on: date, next_full_due_by: date) -> str | None:
    """A meeting being planned must be inside the cycle and not in the past."""
    if day < today:
        return "A meeting cannot be planned for a date in the past"
    return cycle_problem(day, published_on=published_on, next_full_due_by=next_full_due_by)


def recording_problem(day: date, *, today: date, published_on: date, next_full_due_by: date) -> str | None:
    """A meeting is recorded once held: inside the cycle and not in the future."""
    if day > today:
        return "A meeting can only be recorded once it has been held: the date cannot be in the future"
    return cycle_problem(day, published_on=published_on, next_full_due_by=next_full_due_by)
