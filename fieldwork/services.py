"""Changes to the fieldwork plan: plan, change (or move) and cancel an activity.

Each refuses with a message a user can read; none fixes input silently. A save names the version
it was loaded from, so the second of two overlapping edits is told the activity changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import rules
from inspections.concurrency import refuse_if_changed
from inspections.framework import CRITERIA_BY_NUMBER
from inspections.models import Inspection, TeamMember
from inspections.working_days import bank_holidays
from tracking.models import Case

from . import planning
from .kinds import KINDS_BY_KEY, TRACKING_MEETING
from .models import Activity, ActivityChange

MOVE_FIELDS = ("day", "starts_at", "ends_at")
TRACKED_FIELDS = (
    "kind",
    "title",
    "day",
    "starts_at",
    "ends_at",
    "online",
    "place",
    "address",
    "link",
    "invite",
    "notes",
    "criteria",
    "remote_override_reason",
)


class ActivityChanged(ValidationError):
    """Someone else saved the activity since this form was loaded."""


@dataclass(frozen=True)
class ActivityDetails:
    """What a person enters for an activity."""

    kind: str
    title: str
    day: date
    starts_at: time
    ends_at: time
    online: bool = False
    place: str = ""
    address: str = ""
    link: str = ""
    attendee_ids: tuple[int, ...] = ()
    invite: str = ""
    notes: str = ""
    criteria: tuple[int, ...] = ()
    remote_override_reason: str = ""


def travel_minutes() -> int:
    return int(getattr(settings, "FIELDWORK_TRAVEL_MINUTES", planning.DEFAULT_TRAVEL_MINUTES))


def window_for(inspection: Inspection) -> planning.Window:
    return _window(inspection.notified_on)


@lru_cache(maxsize=512)
def _window(notified_on: date) -> planning.Window:
    """Bank holidays do not change while a process runs, so one window per notification date."""
    return planning.fieldwork_window(notified_on, bank_holidays=bank_holidays())


def as_planned(activity: Activity, attendee_ids=None) -> planning.PlannedActivity:
    """The rules' view of a stored activity (attendees prefetched or given)."""
    if attendee_ids is None:
        attendee_ids = [u.pk for u in activity.attendees.all()]
    return planning.PlannedActivity(
        key=f"a{activity.pk}",
        kind=activity.kind,
        title=activity.title,
        day=activity.day,
        starts=activity.starts_at,
        ends=activity.ends_at,
        online=activity.online,
        place=activity.place,
        attendees=frozenset(attendee_ids),
        remote_override=bool(activity.remote_override_reason),
    )


def _check(*, inspection: Inspection, by, details: ActivityDetails, activity: Activity | None) -> dict:
    """Every refusal for these details, by field, or the cleaned values."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if details.kind not in KINDS_BY_KEY or details.kind == TRACKING_MEETING:
        refuse("kind", "Select the kind of activity (tracking meetings are arranged in tracking)")
    title = details.title.strip()
    if not title:
        refuse("title", "Enter a title for the activity")
    place, address, link = details.place.strip(), details.address.strip(), details.link.strip()
    if details.online:
        if not link:
            refuse("link", "Enter the link to the online meeting")
        elif not link.lower().startswith("https://"):
            refuse("link", "The meeting link must start with https://")
        place = address = ""
    else:
        link = ""
        if not place:
            refuse("place", "Enter where the activity takes place")
    reason = details.remote_override_reason.strip()
    if reason and not rules.may_override_remote_fieldwork_day(by, inspection):
        refuse("remote_override_reason", "Only the lead inspector can hold an in-person activity on a remote day")
    for name, text in (("title", title), ("invite", details.invite)):
        named = _child_references_in(inspection, text)
        if named:
            refuse(name, f"Name roles only: this mentions a child's reference ({', '.join(named)})")
    criteria = sorted({int(n) for n in details.criteria})
    if any(n not in CRITERIA_BY_NUMBER for n in criteria):
        refuse("criteria", "Select criteria from the list")
    team = {
        m.user_id: m.user.display_name for m in TeamMember.objects.filter(inspection=inspection).select_related("user")
    }
    attendee_ids = sorted(set(details.attendee_ids))
    outsiders = [pk for pk in attendee_ids if pk not in team]
    if outsiders:
        refuse("attendees", "Choose attendees from the inspection team only")
    if not attendee_ids:
        refuse("attendees", "Choose at least one team member to attend")
    window = window_for(inspection)
    planned = planning.PlannedActivity(
        key=f"a{activity.pk}" if activity else "new",
        kind=details.kind,
        title=title or "This activity",
        day=details.day,
        starts=details.starts_at,
        ends=details.ends_at,
        online=details.online,
        place=place,
        attendees=frozenset(pk for pk in attendee_ids if pk in team),
        remote_override=bool(reason),
    )
    field_of = {
        planning.ENDS_BEFORE_START: "ends_at",
        planning.OUTSIDE_WINDOW: "day",
        planning.IN_PERSON_ON_REMOTE_DAY: "online",
    }
    for problem in planning.check_activity(planned, window=window):
        refuse(field_of[problem.code], problem.message)
    if planned.attendees and not errors.get("ends_at"):
        others = (
            Activity.objects.current()
            .filter(inspection=inspection, day=details.day, attendees__in=planned.attendees)
            .exclude(pk=activity.pk if activity else None)
            .distinct()
            .prefetch_related("attendees")
        )
        for problem in planning.clashes(planned, [as_planned(o) for o in others], names=team, travel_minutes=0):
            if problem.code == planning.DOUBLE_BOOKED:
                refuse("attendees", problem.message)
    if errors:
        raise ValidationError(errors)
    return {
        "kind": details.kind,
        "title": title,
        "day": details.day,
        "starts_at": details.starts_at,
        "ends_at": details.ends_at,
        "online": details.online,
        "place": place,
        "address": address,
        "link": link,
        "invite": details.invite.strip(),
        "notes": details.notes.strip(),
        "criteria": criteria,
        "remote_override_reason": reason,
        "attendee_ids": attendee_ids,
    }


def _child_references_in(inspection: Inspection, text: str) -> list[str]:
    """Any reference from the inspection's case list that the text mentions: the partnership reads
    titles and invitations, and they must never identify a child."""
    words = set(re.findall(r"[A-Za-z0-9][A-Za-z0-9/_-]*", text or ""))
    if not words:
        return []
    found = Case.objects.filter(
        case_list__inspection=inspection, case_list__replaced_at__isnull=True, child_ref__in=words
    ).values_list("child_ref", flat=True)
    return sorted(set(found))


def _require_planner(by, inspection: Inspection) -> None:
    if not rules.may_plan_fieldwork(by, inspection):
        raise ValidationError("Only members of the inspection team can plan fieldwork")


@transaction.atomic
def plan_activity(*, inspection: Inspection, by, details: ActivityDetails) -> Activity:
    """Add an activity to the plan; refused if any rule is broken or an inspector is double-booked."""
    _require_planner(by, inspection)
    # One planner at a time per inspection, so two saves cannot double-book the same inspector.
    Inspection.objects.select_for_update().filter(pk=inspection.pk).values_list("pk").first()
    values = _check(inspection=inspection, by=by, details=details, activity=None)
    attendee_ids = values.pop("attendee_ids")
    activity = Activity.objects.create(inspection=inspection, created_by=by, updated_by=by, **values)
    activity.attendees.set(attendee_ids)
    ActivityChange.objects.create(activity=activity, action=ActivityChange.Action.PLANNED, version=1, by=by)
    return activity


def _lock(activity: Activity, version: int | None) -> Activity:
    """The activity, locked with its inspection's plan; `version` (when given) must still be current."""
    Inspection.objects.select_for_update().filter(pk=activity.inspection_id).values_list("pk").first()
    current = Activity.objects.select_for_update().select_related("updated_by").get(pk=activity.pk)
    if version is not None and current.version != version:
        raise ActivityChanged(
            f"{current.updated_by.display_name} changed this activity at "
            f"{timezone.localtime(current.updated_at):%H:%M on %-d %B} since you opened it. "
            "Nothing was saved: check the activity as it is now and make your change again.",
            code="changed",
        )
    if current.is_cancelled:
        raise ValidationError("This activity has been cancelled and can no longer be changed")
    return current


#: What the conflict page shows of an activity, in the edit form's words; the first six are texts
#: the user can edit there, the rest are shown in words and saved as the user sent them.
CONFLICT_LABELS = {
    "title": "Title",
    "place": "Place (if in person)",
    "address": "Address (if in person)",
    "link": "Meeting link (if online)",
    "invite": "Who should the partnership invite?",
    "notes": "Notes for the team",
    "when": "Kind, day and time",
    "attendees": "Team members attending",
    "criteria": "Criteria it is meant to inform",
}
_SHOWN_IN_WORDS = ("when", "attendees", "criteria")


def _in_words(*, kind: str, day: date, starts_at: time, ends_at: time, online: bool, attendee_ids, criteria):
    """The parts of an activity that are not free text, as the conflict page describes them."""
    kind_label = KINDS_BY_KEY[kind].label if kind in KINDS_BY_KEY else kind
    names = get_user_model().objects.filter(pk__in=list(attendee_ids)).order_by("last_name", "first_name")
    return {
        "when": f"{kind_label}: {day:%A} {day.day} {day:%B %Y}, {starts_at:%H:%M} to {ends_at:%H:%M}, "
        + ("online" if online else "in person"),
        "attendees": ", ".join(user.display_name for user in names) or "None",
        "criteria": ", ".join(str(n) for n in sorted(criteria)) or "None",
    }


def _refuse_if_changed(current: Activity, *, version: int, details: ActivityDetails) -> None:
    """Raise `EditConflict` when someone saved the activity since the form's `version` and what they
    saved differs from what this form sends; nothing is lost when both sent the same."""
    yours = {name: getattr(details, name) for name in CONFLICT_LABELS if name not in _SHOWN_IN_WORDS}
    yours |= _in_words(
        kind=details.kind,
        day=details.day,
        starts_at=details.starts_at,
        ends_at=details.ends_at,
        online=details.online,
        attendee_ids=details.attendee_ids,
        criteria=details.criteria,
    )
    theirs = {name: getattr(current, name) for name in CONFLICT_LABELS if name not in _SHOWN_IN_WORDS}
    theirs |= _in_words(
        kind=current.kind,
        day=current.day,
        starts_at=current.starts_at,
        ends_at=current.ends_at,
        online=current.online,
        attendee_ids=current.attendees.values_list("pk", flat=True),
        criteria=current.criteria,
    )
    refuse_if_changed(
        loaded=version,
        current=current.version,
        what=current.title,
        labels=CONFLICT_LABELS,
        yours=yours,
        theirs=theirs,
        saved_by=current.updated_by.display_name if current.updated_by else "",
        saved_at=current.updated_at,
        shown_only=_SHOWN_IN_WORDS,
    )


@transaction.atomic
def change_activity(*, activity: Activity, by, version: int, details: ActivityDetails, reason: str = "") -> Activity:
    """Save a change; a move (new day or times) needs a reason, and the old values are kept.

    `version` is the one the form was loaded from: a change from an older one is refused with
    both versions (`EditConflict`) unless it sends what is already stored.
    """
    _require_planner(by, activity.inspection)
    current = _lock(activity, None)
    _refuse_if_changed(current, version=version, details=details)
    values = _check(inspection=current.inspection, by=by, details=details, activity=current)
    attendee_ids = values.pop("attendee_ids")
    before = {f: getattr(current, f) for f in TRACKED_FIELDS if getattr(current, f) != values[f]}
    old_attendees = sorted(current.attendees.values_list("pk", flat=True))
    if old_attendees != attendee_ids:
        before["attendees"] = old_attendees
    if not before:
        return current
    moved = any(f in before for f in MOVE_FIELDS)
    reason = reason.strip()
    if moved and not reason:
        raise ValidationError({"reason": ["Enter why the activity is moving"]})
    for name, value in values.items():
        setattr(current, name, value)
    current.version += 1
    current.updated_by = by
    current.save()
    current.attendees.set(attendee_ids)
    ActivityChange.objects.create(
        activity=current,
        action=ActivityChange.Action.MOVED if moved else ActivityChange.Action.CHANGED,
        version=current.version,
        by=by,
        reason=reason,
        before={k: _jsonable(v) for k, v in before.items()},
    )
    return current


@transaction.atomic
def cancel_activity(*, activity: Activity, by, version: int, reason: str) -> Activity:
    """Take an activity out of the plan; it stays on record with who cancelled it and why."""
    _require_planner(by, activity.inspection)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": ["Enter why the activity is cancelled"]})
    current = _lock(activity, version)
    current.cancelled_at = timezone.now()
    current.cancelled_by = by
    current.cancel_reason = reason
    current.version += 1
    current.updated_by = by
    current.save()
    ActivityChange.objects.create(
        activity=current, action=ActivityChange.Action.CANCELLED, version=current.version, by=by, reason=reason
    )
    return current


def _jsonable(value):
    if isinstance(value, date | time):
        return value.isoformat()
    return value
