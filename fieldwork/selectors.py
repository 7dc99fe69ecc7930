"""Reading the fieldwork plan: the week grid, day plans, what to arrange and planned coverage.

Each page costs a fixed number of queries whatever the number of activities: activities with
their attendees, the team, and the tracking meetings, each in one query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.urls import reverse

from inspections.framework import ALL_CRITERIA
from inspections.models import Inspection, TeamMember
from tracking import workflow
from tracking.models import TrackedChild

from . import planning
from .kinds import (
    EXPECTED_COVERAGE,
    KINDS,
    KINDS_BY_KEY,
    TRACKING_MEETING,
    TRACKING_MEETING_CRITERIA,
    TRACKING_MEETING_MINUTES,
)
from .models import Activity
from .services import as_planned, travel_minutes, window_for


@dataclass
class Entry:
    """One activity as the plan shows it, stored here or read from tracking."""

    key: str
    kind: str
    title: str
    day: date
    starts: time
    ends: time
    online: bool
    place: str
    address: str
    link: str
    invite: str
    notes: str
    attendees: list = field(default_factory=list)
    activity: Activity | None = None
    tracked_child_id: int | None = None
    problems: list[planning.Problem] = field(default_factory=list)
    url: str = ""

    @property
    def time_label(self) -> str:
        return f"{self.starts:%H:%M}–{self.ends:%H:%M}"

    @property
    def kind_label(self) -> str:
        return KINDS_BY_KEY[self.kind].label if self.kind in KINDS_BY_KEY else self.kind

    @property
    def where(self) -> str:
        return "Online" if self.online else ", ".join(p for p in (self.place, self.address) if p)

    @property
    def from_tracking(self) -> bool:
        return self.tracked_child_id is not None

    @property
    def has_conflict(self) -> bool:
        return bool(self.problems)


@dataclass
class Day:
    date: date
    wd: int

    @property
    def remote(self) -> bool:
        return self.wd in planning.REMOTE_DAYS

    @property
    def label(self) -> str:
        return f"WD{self.wd} {self.date:%a %-d %b}"


@dataclass
class InspectorRow:
    user: object
    is_lead: bool
    cells: list[list[Entry]]
    day_links: list[tuple[Day, str]] = field(default_factory=list)
    calendar_url: str = ""


@dataclass
class WeekPlan:
    window: planning.Window
    days: list[Day]
    rows: list[InspectorRow]
    tracking_cells: list[list[Entry]]
    by_day: list[tuple[Day, list[Entry]]]
    problems: list[planning.Problem]
    entries: dict[str, Entry]

    @property
    def conflicts(self) -> list[planning.Problem]:
        return [p for p in self.problems if p.activity_keys]

    @property
    def gaps(self) -> list[planning.Problem]:
        return [p for p in self.problems if not p.activity_keys]


def team_for(inspection: Inspection) -> list[TeamMember]:
    return list(TeamMember.objects.filter(inspection=inspection).select_related("user"))


def _activity_entry(activity: Activity) -> Entry:
    return Entry(
        key=f"a{activity.pk}",
        kind=activity.kind,
        title=activity.title,
        day=activity.day,
        starts=activity.starts_at,
        ends=activity.ends_at,
        online=activity.online,
        place=activity.place,
        address=activity.address,
        link=activity.link,
        invite=activity.invite,
        notes=activity.notes,
        attendees=sorted(activity.attendees.all(), key=lambda u: (u.last_name, u.first_name)),
        activity=activity,
    )


def tracking_meeting_entries(inspection: Inspection) -> list[Entry]:
    """Tracking meetings as tracking holds them (one query)."""
    rows = TrackedChild.objects.filter(
        selection__inspection=inspection,
        active=True,
        meeting_on__isnull=False,
        status__in=[workflow.SCHEDULED, workflow.HELD],
    ).values_list("pk", "child_ref", "meeting_on", "meeting_time", "attendees")
    entries = []
    for pk, child_ref, day, at, invited in rows:
        starts = at or time(9, 0)
        ends = (datetime.combine(day, starts) + timedelta(minutes=TRACKING_MEETING_MINUTES)).time()
        labels = [TrackedChild.ATTENDEES.get(a, a) for a in invited or []]
        entries.append(
            Entry(
                key=f"t{pk}",
                kind=TRACKING_MEETING,
                title=f"Tracking meeting: {child_ref}",
                day=day,
                starts=starts,
                ends=max(ends, starts),
                online=False,
                place="",
                address="",
                link="",
                invite=", ".join(labels) or KINDS_BY_KEY[TRACKING_MEETING].usual_invite,
                notes="",
                tracked_child_id=pk,
            )
        )
    return entries


def activities_for(inspection: Inspection) -> list[Activity]:
    return list(
        Activity.objects.current()
        .filter(inspection=inspection)
        .select_related("updated_by")
        .prefetch_related("attendees")
    )


def week_plan(inspection: Inspection) -> WeekPlan:
    """Days x inspectors, time-ordered, with every conflict and gap the rules find."""
    window = window_for(inspection)
    days = [Day(d, window.days[d]) for d in window.dates]
    team = team_for(inspection)
    names = {m.user_id: m.user.display_name for m in team}
    activities = activities_for(inspection)
    entries = [_activity_entry(a) for a in activities] + tracking_meeting_entries(inspection)
    entries.sort(key=lambda e: (e.day, e.starts, e.ends, e.title))
    by_key = {e.key: e for e in entries}
    planned = [as_planned(a) for a in activities]
    planned += [
        planning.PlannedActivity(e.key, e.kind, e.title, e.day, e.starts, e.ends, remote_override=True)
        for e in entries
        if e.from_tracking
    ]
    problems = planning.check_plan(planned, window=window, team=names, travel_minutes=travel_minutes())
    for problem in problems:
        for key in problem.activity_keys:
            if key in by_key:
                by_key[key].problems.append(problem)
    column = {d.date: i for i, d in enumerate(days)}
    cells: dict[int, list[list[Entry]]] = {m.user_id: [[] for _ in days] for m in team}
    tracking_cells: list[list[Entry]] = [[] for _ in days]
    per_day: dict[date, list[Entry]] = defaultdict(list)
    for entry in entries:
        per_day[entry.day].append(entry)
        if entry.day not in column:
            continue
        if entry.from_tracking:
            tracking_cells[column[entry.day]].append(entry)
        for person in entry.attendees:
            if person.pk in cells:
                cells[person.pk][column[entry.day]].append(entry)
    # One reverse per kind of link, then the ids put in: the page has hundreds of links.
    activity_url = reverse("fieldwork:activity", args=[inspection.pk, 0]).replace("/0/", "/{}/")
    for entry in entries:
        if entry.activity is not None:
            entry.url = activity_url.format(entry.activity.pk)
    day_url = reverse("fieldwork:day_plan", args=[inspection.pk, 0, "DAY"]).replace("/0/DAY/", "/{}/{}/")
    calendar_url = reverse("fieldwork:calendar", args=[inspection.pk, 0]).replace("/0/", "/{}/")
    rows = [
        InspectorRow(
            m.user,
            m.is_lead,
            cells[m.user_id],
            [(d, day_url.format(m.user_id, d.date.isoformat())) for d in days],
            calendar_url.format(m.user_id),
        )
        for m in team
    ]
    outside = sorted(d for d in per_day if d not in column)
    by_day = [(d, per_day.get(d.date, [])) for d in days] + [(Day(d, 0), per_day[d]) for d in outside]
    return WeekPlan(window, days, rows, tracking_cells, by_day, problems, by_key)


def day_plan(inspection: Inspection, user, day: date) -> list[Entry]:
    """One inspector's activities on one day, time-ordered."""
    activities = (
        Activity.objects.current().filter(inspection=inspection, day=day, attendees=user).prefetch_related("attendees")
    )
    return [_activity_entry(a) for a in activities]


def calendar_activities(inspection: Inspection, user) -> list[Activity]:
    """Everything an inspector is or was down for, cancelled included, so calendars drop them."""
    return list(
        Activity.objects.filter(inspection=inspection, attendees=user)
        .prefetch_related("attendees")
        .order_by("day", "starts_at", "pk")
    )


@dataclass(frozen=True)
class Arrangement:
    """What the partnership arranges for one activity: never the team's notes or a child's reference."""

    day: date
    starts: time
    ends: time
    kind_label: str
    title: str
    where: str
    link: str
    invite: str


def arrangements(inspection: Inspection) -> list[tuple[Day, list[Arrangement]]]:
    window = window_for(inspection)
    rows: dict[date, list[Arrangement]] = defaultdict(list)
    for activity in (
        Activity.objects.current()
        .filter(inspection=inspection)
        .only("kind", "title", "day", "starts_at", "ends_at", "online", "place", "address", "link", "invite")
    ):
        rows[activity.day].append(
            Arrangement(
                activity.day,
                activity.starts_at,
                activity.ends_at,
                activity.kind_label,
                activity.title,
                activity.where,
                activity.link,
                activity.invite,
            )
        )
    for entry in tracking_meeting_entries(inspection):
        label = KINDS_BY_KEY[TRACKING_MEETING].label
        rows[entry.day].append(
            Arrangement(
                entry.day, entry.starts, entry.ends, label, label, "As agreed with the family", "", entry.invite
            )
        )
    result = []
    for d in sorted(rows):
        result.append((Day(d, window.days.get(d, 0)), sorted(rows[d], key=lambda a: (a.starts, a.ends, a.title))))
    return result


@dataclass
class CoverageMatrix:
    kinds: list[tuple[str, str]]
    rows: list[tuple[object, list[int]]]
    gaps: list[planning.CoverageGap]


def planned_coverage(inspection: Inspection) -> CoverageMatrix:
    """Criteria against activity kinds, counted from the activities' intended criteria."""
    planned = list(Activity.objects.current().filter(inspection=inspection).values_list("kind", "criteria"))
    planned += [(TRACKING_MEETING, TRACKING_MEETING_CRITERIA) for _ in tracking_meeting_entries(inspection)]
    labels = {c.number: (f"Criterion {c.number}" if c.number <= 11 else c.short_name) for c in ALL_CRITERIA}
    counts, gaps = planning.coverage(planned, criteria=labels, expected=EXPECTED_COVERAGE)
    kinds = [(k.key, k.label) for k in KINDS]
    rows = [(c, [counts.get((c.number, k.key), 0) for k in KINDS]) for c in ALL_CRITERIA]
    return CoverageMatrix(kinds, rows, gaps)


# Evidence lives in the evaluation app, above this one: it registers how to find the evidence
# recorded from an activity when it is ready (EvaluationConfig.ready), so imports stay one way.
_evidence_finders: list[Callable[[Activity], list]] = []


def register_evidence_finder(finder: Callable[[Activity], list]) -> None:
    if finder not in _evidence_finders:
        _evidence_finders.append(finder)


def evidence_from(activity: Activity) -> list:
    """Evidence recorded from this activity (current, not withdrawn)."""
    return [evidence for finder in _evidence_finders for evidence in finder(activity)]
