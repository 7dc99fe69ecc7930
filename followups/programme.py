"""One partnership's line on the national programme, worked out from plain facts (no ORM).

The selector gathers the facts for every partnership in a fixed number of queries; this module
decides the dates and flags, so they can be checked against hand-worked values.

- Next full inspection due by: what the latest outcome sets (at most five years); without an
  outcome under this framework, five years after the last full inspection (every partnership is
  inspected at least once in five years). Dates count from publication; for inspections before this service, whose
  publication date is not on record, from their last day.
- Monitoring due by: after an outcome 3, until a monitoring inspection has taken place.
- Flags: "overdue" when a due date (or the plan) has passed, "soon" when a due date falls within
  six months, "serious" when the latest engagement meeting raised a serious concern, "reinspect"
  when the monitoring inspection since the latest outcome found ineffective action (an earlier full
  reinspection is to be considered, ADR 104).
- A monitoring inspection counts as done once its letter is published (or, in the history, once it
  took place); one still in progress leaves the monitoring due date standing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from evaluation.outcomes import add_months

from . import status

FIVE_YEARS_MONTHS = 60
SOON_MONTHS = 6

OVERDUE = "overdue"
SOON = "soon"
SERIOUS = "serious"
REINSPECT = "reinspect"
FLAG_LABELS = {
    OVERDUE: "Overdue",
    SOON: "Due within 6 months",
    SERIOUS: "Serious concern",
    REINSPECT: "Earlier full reinspection",
}
INEFFECTIVE = "ineffective"


@dataclass(frozen=True)
class PastInspection:
    """An inspection as the programme lists it, from this service or from the history."""

    framework: str  # "2016" or "2023"
    kind: str  # "full" or "monitoring"
    starts_on: date
    ends_on: date
    result: str  # "Outcome 3", "Effective action", "Written statement of action required", ...
    outcome: int | None = None
    published_on: date | None = None
    #: A monitoring inspection's conclusion: "effective" or "ineffective" (empty otherwise).
    monitoring_finding: str = ""
    #: True for an inspection of this service whose report or letter is not yet published.
    in_progress: bool = False

    @property
    def counted_from(self) -> date:
        return self.published_on or self.ends_on


@dataclass(frozen=True)
class ProgrammeLine:
    latest_2016: PastInspection | None
    latest_2023: PastInspection | None
    latest_outcome: int | None
    next_full_due_by: date | None
    monitoring_due_by: date | None
    plan: status.PlanState | None
    plan_name: str
    next_meeting: date | None
    concern: str
    concern_reason: str
    flags: frozenset[str] = field(default_factory=frozenset)
    #: Why an earlier full reinspection is suggested (the "reinspect" flag), or empty.
    reinspection_reason: str = ""

    @property
    def sort_key(self) -> tuple:
        """Serious concerns first, then ineffective action, overdue, due soon, then the earliest due date."""
        return (
            SERIOUS not in self.flags,
            REINSPECT not in self.flags,
            OVERDUE not in self.flags,
            SOON not in self.flags,
            self.next_full_due_by or date.max,
        )


def _latest(items: list[PastInspection], **match) -> PastInspection | None:
    found = [i for i in items if all(getattr(i, k) == v for k, v in match.items())]
    return max(found, key=lambda i: i.starts_on, default=None)


def programme_line(
    *,
    inspections: list[PastInspection],
    outcome_months: dict[int, tuple[int, int | None]],
    plan: status.PlanState | None,
    plan_name: str,
    next_meeting: date | None,
    concern: str,
    concern_reason: str,
    today: date,
) -> ProgrammeLine:
    """The line for one partnership.

    ``outcome_months`` maps an outcome to (months to the next full inspection, months to the
    monitoring inspection or None), as the framework's product defaults say.
    """
    latest_full = _latest(inspections, kind="full")
    latest_graded = max(
        (i for i in inspections if i.kind == "full" and i.outcome), key=lambda i: i.starts_on, default=None
    )
    next_full = None
    if latest_graded is not None:
        next_full = add_months(latest_graded.counted_from, outcome_months[latest_graded.outcome][0])
    elif latest_full is not None:
        next_full = add_months(latest_full.counted_from, FIVE_YEARS_MONTHS)
    monitoring = None
    reinspection_reason = ""
    if latest_graded is not None and outcome_months[latest_graded.outcome][1]:
        since = [
            i
            for i in inspections
            if i.kind == "monitoring" and i.starts_on > latest_graded.starts_on and not i.in_progress
        ]
        if not since:
            monitoring = add_months(latest_graded.counted_from, outcome_months[latest_graded.outcome][1])
        else:
            last = max(since, key=lambda i: i.starts_on)
            if last.monitoring_finding == INEFFECTIVE:
                reinspection_reason = (
                    f"The monitoring inspection of {last.starts_on:%-d %B %Y} found ineffective action on the "
                    "areas for priority action: consider an earlier full reinspection."
                )
    flags = set()
    if reinspection_reason:
        flags.add(REINSPECT)
    soon_limit = add_months(today, SOON_MONTHS)
    for due in (next_full, monitoring):
        if due is None:
            continue
        if due < today:
            flags.add(OVERDUE)
        elif due <= soon_limit:
            flags.add(SOON)
    if plan is not None and plan.overdue:
        flags.add(OVERDUE)
    if concern == SERIOUS:
        flags.add(SERIOUS)
    return ProgrammeLine(
        latest_2016=_latest(inspections, framework="2016"),
        latest_2023=_latest(inspections, framework="2023"),
        latest_outcome=latest_graded.outcome if latest_graded else None,
        next_full_due_by=next_full,
        monitoring_due_by=monitoring,
        plan=plan,
        plan_name=plan_name,
        next_meeting=next_meeting,
        concern=concern,
        concern_reason=concern_reason,
        flags=frozenset(flags),
        reinspection_reason=reinspection_reason,
    )
