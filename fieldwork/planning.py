"""The fieldwork plan's rules, as plain functions over plain values (no ORM).

Pure so that they can be tested over thousands of random plans (Hypothesis) and so that the
service that refuses a save and the page that marks conflicts apply exactly the same rule. Every
rule returns a ``Problem`` with a message a user can read: nothing is moved or fixed silently.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from inspections.working_days import nth_working_day

from .kinds import DEFAULT_TRAVEL_MINUTES, FINAL_FEEDBACK, FIRST_DAY_LEADERS, KINDS_BY_KEY

REMOTE_DAYS = (9, 10)
ON_SITE_DAYS = (11, 12, 13, 14, 15)
FIRST_ON_SITE_DAY = 11
LAST_DAY = 15


@dataclass(frozen=True)
class Window:
    """The fieldwork days of one inspection: working day number for each date, WD9 to WD15."""

    days: Mapping[date, int]

    @property
    def dates(self) -> list[date]:
        return sorted(self.days)

    def working_day(self, day: date) -> int | None:
        return self.days.get(day)

    def is_remote(self, day: date) -> bool:
        return self.days.get(day) in REMOTE_DAYS

    def on_site_dates(self) -> list[date]:
        return [d for d in self.dates if self.days[d] in ON_SITE_DAYS]

    def date_of(self, wd: int) -> date | None:
        for d, n in self.days.items():
            if n == wd:
                return d
        return None

    def describe(self) -> str:
        first, last = self.dates[0], self.dates[-1]
        return f"WD9 to WD15: {first:%-d %B %Y} to {last:%-d %B %Y}"


def fieldwork_window(notified_on: date, *, bank_holidays: Container[date]) -> Window:
    """WD9 to WD15 counting the notification day as WD1."""
    return Window({nth_working_day(notified_on, n, bank_holidays=bank_holidays): n for n in range(9, LAST_DAY + 1)})


@dataclass(frozen=True)
class PlannedActivity:
    """What the rules need to know about one activity."""

    key: str
    kind: str
    title: str
    day: date
    starts: time
    ends: time
    online: bool = False
    place: str = ""
    attendees: frozenset[int] = field(default_factory=frozenset)
    remote_override: bool = False

    @property
    def start_dt(self) -> datetime:
        return datetime.combine(self.day, self.starts)

    @property
    def end_dt(self) -> datetime:
        return datetime.combine(self.day, self.ends)

    @property
    def place_key(self) -> str:
        return " ".join(self.place.casefold().split())

    def describe(self) -> str:
        return f"{self.title} ({self.day:%a %-d %b}, {self.starts:%H:%M} to {self.ends:%H:%M})"


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    activity_keys: tuple[str, ...] = ()
    inspector_id: int | None = None
    day: date | None = None


# Codes: refusals (the service will not save) and marks (the plan shows them).
ENDS_BEFORE_START = "ends_before_start"
OUTSIDE_WINDOW = "outside_window"
IN_PERSON_ON_REMOTE_DAY = "in_person_on_remote_day"
DOUBLE_BOOKED = "double_booked"
TRAVEL_GAP = "travel_gap"
MISSING_FIRST_DAY_LEADERS = "missing_first_day_leaders"
MISSING_FINAL_FEEDBACK = "missing_final_feedback"
NO_ACTIVITY_ON_SITE = "no_activity_on_site"

#: Problems that make a save refused; the others are shown on the plan for the team to resolve.
REFUSED = frozenset({ENDS_BEFORE_START, OUTSIDE_WINDOW, IN_PERSON_ON_REMOTE_DAY, DOUBLE_BOOKED})


def check_activity(activity: PlannedActivity, *, window: Window) -> list[Problem]:
    """The rules one activity must meet on its own."""
    problems: list[Problem] = []
    keys = (activity.key,)
    if activity.ends <= activity.starts:
        problems.append(Problem(ENDS_BEFORE_START, "The end time must be after the start time", keys))
    wd = window.working_day(activity.day)
    if wd is None:
        problems.append(
            Problem(
                OUTSIDE_WINDOW,
                f"{activity.day:%-d %B %Y} is not a fieldwork day: choose a working day from {window.describe()}",
                keys,
                day=activity.day,
            )
        )
    elif wd in REMOTE_DAYS and not activity.online and not activity.remote_override:
        problems.append(
            Problem(
                IN_PERSON_ON_REMOTE_DAY,
                f"WD{wd} ({activity.day:%-d %B}) is a remote fieldwork day: make the activity online, "
                "or the lead inspector can give a reason to hold it in person",
                keys,
                day=activity.day,
            )
        )
    return problems


def _overlap(a: PlannedActivity, b: PlannedActivity) -> bool:
    return a.day == b.day and a.starts < b.ends and b.starts < a.ends


def clashes(
    activity: PlannedActivity,
    others: Iterable[PlannedActivity],
    *,
    names: Mapping[int, str],
    travel_minutes: int = DEFAULT_TRAVEL_MINUTES,
) -> list[Problem]:
    """Double bookings and too-short travel between ``activity`` and the rest of the plan."""
    problems: list[Problem] = []
    gap = timedelta(minutes=travel_minutes)
    for other in others:
        if other.key == activity.key or other.day != activity.day:
            continue
        shared = sorted(activity.attendees & other.attendees)
        if not shared:
            continue
        pair = tuple(sorted((activity.key, other.key)))
        if _overlap(activity, other):
            for person in shared:
                problems.append(
                    Problem(
                        DOUBLE_BOOKED,
                        f"{names.get(person, 'An inspector')} is already in {other.describe()} at that time",
                        pair,
                        person,
                        activity.day,
                    )
                )
            continue
        if activity.online or other.online or activity.place_key == other.place_key:
            continue
        first, second = (activity, other) if activity.starts < other.starts else (other, activity)
        between = second.start_dt - first.end_dt
        if between < gap:
            minutes = int(between.total_seconds() // 60)
            for person in shared:
                problems.append(
                    Problem(
                        TRAVEL_GAP,
                        f"{names.get(person, 'An inspector')} has {minutes} minutes to travel from "
                        f"{first.place} to {second.place} on {activity.day:%-d %B} "
                        f"(at least {travel_minutes} needed)",
                        pair,
                        person,
                        activity.day,
                    )
                )
    return problems


def check_plan(
    activities: Iterable[PlannedActivity],
    *,
    window: Window,
    team: Mapping[int, str],
    travel_minutes: int = DEFAULT_TRAVEL_MINUTES,
) -> list[Problem]:
    """Every problem in the plan, each once, in a stable order (day, then message)."""
    plan = sorted(activities, key=lambda a: (a.day, a.starts, a.ends, a.key))
    problems: list[Problem] = []
    for activity in plan:
        problems.extend(check_activity(activity, window=window))
    seen: set[tuple[str, tuple[str, ...], int | None]] = set()
    by_day: dict[date, list[PlannedActivity]] = defaultdict(list)
    for activity in plan:
        by_day[activity.day].append(activity)
    for day_plan in by_day.values():
        for i, activity in enumerate(day_plan):
            for problem in clashes(activity, day_plan[i + 1 :], names=team, travel_minutes=travel_minutes):
                marker = (problem.code, problem.activity_keys, problem.inspector_id)
                if marker not in seen:
                    seen.add(marker)
                    problems.append(problem)
    problems.extend(gaps(plan, window=window, team=team))
    return sorted(problems, key=lambda p: (p.day or date.min, p.code, p.message))


def gaps(plan: Iterable[PlannedActivity], *, window: Window, team: Mapping[int, str]) -> list[Problem]:
    """Meetings that must exist and do not, and team members with nothing on an on-site day."""
    plan = list(plan)
    problems: list[Problem] = []
    first_day, last_day = window.date_of(FIRST_ON_SITE_DAY), window.date_of(LAST_DAY)
    for kind, wd, day in ((FIRST_DAY_LEADERS, FIRST_ON_SITE_DAY, first_day), (FINAL_FEEDBACK, LAST_DAY, last_day)):
        if not any(a.kind == kind and a.day == day for a in plan):
            code = MISSING_FIRST_DAY_LEADERS if kind == FIRST_DAY_LEADERS else MISSING_FINAL_FEEDBACK
            problems.append(
                Problem(code, f"No {KINDS_BY_KEY[kind].label.lower()} is planned on WD{wd} ({day:%-d %B})", day=day)
            )
    busy = {(person, a.day) for a in plan for person in a.attendees}
    for day in window.on_site_dates():
        for person, name in team.items():
            if (person, day) not in busy:
                problems.append(
                    Problem(
                        NO_ACTIVITY_ON_SITE,
                        f"{name} has no activity on WD{window.days[day]} ({day:%-d %B})",
                        inspector_id=person,
                        day=day,
                    )
                )
    return problems


# --- Coverage before fieldwork ---------------------------------------------------------------


@dataclass(frozen=True)
class CoverageGap:
    criterion: int
    kind: str
    message: str


def coverage(
    planned: Iterable[tuple[str, Iterable[int]]],
    *,
    criteria: Mapping[int, str],
    expected: Mapping[int, tuple[str, ...]],
) -> tuple[dict[tuple[int, str], int], list[CoverageGap]]:
    """Count activities per (criterion, kind) from their intended criteria, and the expected pairs
    with none planned."""
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for kind, numbers in planned:
        for number in set(numbers):
            counts[(number, kind)] += 1
    found: list[CoverageGap] = []
    for number, label in criteria.items():
        for kind in expected.get(number, ()):
            if not counts.get((number, kind)):
                found.append(
                    CoverageGap(number, kind, f"{label}: no activity planned {KINDS_BY_KEY[kind].with_phrase}")
                )
    return dict(counts), found
