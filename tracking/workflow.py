"""The consent and tracking steps for one chosen child: what may follow what, and what is late.

Pure (no database) so the rules read in one place and are tested without fixtures.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import date

AWAITING = "awaiting_approach"
AGREED = "agreed"
DECLINED = "declined"
DOCUMENTS = "documents_received"
SCHEDULED = "meeting_scheduled"
HELD = "held"
WITHDRAWN = "withdrawn"

#: Every step in order, with the words the pages show (the model's choices come from here).
STATUS_LABELS: dict[str, str] = {
    AWAITING: "Awaiting approach",
    AGREED: "Agreed",
    DECLINED: "Declined",
    DOCUMENTS: "Documents received",
    SCHEDULED: "Tracking meeting scheduled",
    HELD: "Tracking meeting held",
    WITHDRAWN: "Withdrawn",
}
#: GOV.UK tag colour for each step.
STATUS_TAG_CLASSES: dict[str, str] = {
    AWAITING: "govuk-tag--grey",
    AGREED: "govuk-tag--blue",
    DECLINED: "govuk-tag--red",
    DOCUMENTS: "govuk-tag--light-blue",
    SCHEDULED: "govuk-tag--purple",
    HELD: "govuk-tag--green",
    WITHDRAWN: "govuk-tag--red",
}
#: Steps after which the child leaves the cohort and someone else should be chosen.
NEEDS_REPLACEMENT = frozenset({DECLINED, WITHDRAWN})

#: The step each action leads to, and the steps it may start from.
ACTIONS: dict[str, tuple[str, frozenset[str]]] = {
    "agree": (AGREED, frozenset({AWAITING})),
    "decline": (DECLINED, frozenset({AWAITING})),
    "documents": (DOCUMENTS, frozenset({AGREED, SCHEDULED})),
    "schedule": (SCHEDULED, frozenset({AGREED, DOCUMENTS, SCHEDULED})),
    "held": (HELD, frozenset({SCHEDULED})),
    "withdraw": (WITHDRAWN, frozenset({AGREED, DOCUMENTS, SCHEDULED})),
}


def can(action: str, status: str) -> bool:
    """Whether ``action`` may be recorded for a child at ``status``."""
    return status in ACTIONS[action][1]


def next_status(action: str, status: str) -> str:
    """The status after ``action``; documents arriving after the meeting is set keep it scheduled."""
    target, allowed_from = ACTIONS[action]
    if status not in allowed_from:
        raise ValueError(f"{action} is not possible from {status}")
    if action == "documents" and status == SCHEDULED:
        return SCHEDULED
    return target


def overdue_steps(
    *,
    status: str,
    documents_due_on: date,
    today: date,
    documents_received: bool = False,
    meeting_on: date | None = None,
    meeting_due_on: date | None = None,
) -> list[str]:
    """What is late for one child, in words the team and local area leads understand.

    Consent and documents are due ``documents_due_on`` (2 working days after selection); a
    scheduled meeting whose day has passed should be recorded as held; the meeting itself should
    take place by ``meeting_due_on`` (the end of the on-site week) when given.
    """
    late: list[str] = []
    if status == AWAITING and today > documents_due_on:
        late.append(f"Consent overdue (due {documents_due_on:%-d %B})")
    if status in (AWAITING, AGREED, SCHEDULED) and not documents_received and today > documents_due_on:
        late.append(f"Documents overdue (due {documents_due_on:%-d %B})")
    if status == SCHEDULED and meeting_on and today > meeting_on:
        late.append("Meeting not yet recorded as held")
    if status in (AGREED, DOCUMENTS) and meeting_due_on and today > meeting_due_on:
        late.append(f"Tracking meeting overdue (due by {meeting_due_on:%-d %B})")
    return late


def meeting_date_problem(
    meeting_on: date, *, chosen_on: date, fieldwork_ends_on: date | None, bank_holidays: Container[date]
) -> str | None:
    """Why a tracking meeting cannot be on ``meeting_on``, or None when it can.

    Meetings take place during fieldwork, on working days: from the day the child was chosen to
    the final feedback meeting.
    """
    if meeting_on.weekday() >= 5 or meeting_on in bank_holidays:
        return f"{meeting_on:%A %-d %B %Y} is not a working day. Choose a weekday that is not a bank holiday"
    if meeting_on < chosen_on:
        return f"The meeting must be on or after {chosen_on:%-d %B %Y}, the day the child was chosen"
    if fieldwork_ends_on is not None and meeting_on > fieldwork_ends_on:
        return f"The meeting must be by {fieldwork_ends_on:%-d %B %Y}, the final feedback meeting"
    return None


def held_date_problem(held_on: date, *, meeting_on: date | None) -> str | None:
    """A meeting cannot be recorded as held before the day it was scheduled for."""
    if meeting_on is not None and held_on < meeting_on:
        return f"The meeting was scheduled for {meeting_on:%-d %B %Y}: it cannot have been held before then"
    return None
