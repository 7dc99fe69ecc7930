"""What follows each outcome, as pure functions of the outcome and the publication date.

Kept free of the ORM so the rules can be checked against hand-computed dates, and so the
framework's numbers (months, intervals, working days) stay in ``inspections.framework`` only.
"""

from __future__ import annotations

import calendar
from collections.abc import Container
from dataclasses import dataclass, replace
from datetime import date

from inspections.framework import OUTCOMES_BY_NUMBER, OutcomeDefinition
from inspections.working_days import add_working_days, next_working_day_on_or_after


@dataclass(frozen=True)
class Consequences:
    """The follow-up dates an outcome sets, counted from the report's publication."""

    outcome: int
    published_on: date
    next_full_inspection_due_by: date
    engagement_meetings: tuple[date, ...]
    priority_action_plan_due: date | None
    monitoring_inspection_due_by: date | None
    provisional: bool = False

    @property
    def definition(self) -> OutcomeDefinition:
        return OUTCOMES_BY_NUMBER[self.outcome]

    def as_provisional(self) -> Consequences:
        """The same dates marked as counted from a target, not an actual, publication date."""
        return replace(self, provisional=True)


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 Aug + 6 = 29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def engagement_meeting_dates(
    definition: OutcomeDefinition,
    *,
    published_on: date,
    bank_holidays: Container[date],
    interval_months: int | None = None,
) -> tuple[date, ...]:
    """Planned meetings at each interval after publication, up to the next full inspection.

    The interval is a planning default (``interval_months``, from the settings), not a framework fact.
    """
    interval = definition.engagement_meeting_interval_months if interval_months is None else interval_months
    if not interval:
        return ()
    meetings = []
    for months in range(interval, definition.next_full_inspection_months, interval):
        meetings.append(next_working_day_on_or_after(add_months(published_on, months), bank_holidays=bank_holidays))
    return tuple(meetings)


def consequences_for(
    outcome: int,
    *,
    published_on: date,
    bank_holidays: Container[date],
    plan_working_days: int | None = None,
    meeting_interval_months: int | None = None,
) -> Consequences:
    """Compute every follow-up date for an outcome published on ``published_on``.

    The plan's due date and the meetings' interval are this service's planning defaults: pass the
    configured values (``plan_working_days``, ``meeting_interval_months``) to override the defaults.
    """
    try:
        definition = OUTCOMES_BY_NUMBER[outcome]
    except KeyError:
        raise ValueError(f"Unknown outcome {outcome!r}") from None
    plan_due = None
    if definition.priority_action_plan_wd:
        days = plan_working_days or definition.priority_action_plan_wd
        plan_due = add_working_days(published_on, days, bank_holidays=bank_holidays)
    monitoring = None
    if definition.monitoring_inspection_months:
        monitoring = add_months(published_on, definition.monitoring_inspection_months)
    return Consequences(
        outcome=outcome,
        published_on=published_on,
        next_full_inspection_due_by=add_months(published_on, definition.next_full_inspection_months),
        engagement_meetings=engagement_meeting_dates(
            definition, published_on=published_on, bank_holidays=bank_holidays, interval_months=meeting_interval_months
        ),
        priority_action_plan_due=plan_due,
        monitoring_inspection_due_by=monitoring,
    )


def priority_actions_problem(outcome: int, priority_action_count: int) -> str | None:
    """Areas for priority action are required for outcome 3 and not allowed otherwise.

    Returns the message to show, or None when the combination is allowed.
    """
    definition = OUTCOMES_BY_NUMBER[outcome]
    if definition.requires_priority_actions and priority_action_count == 0:
        return f"Add at least one area for priority action before deciding outcome {outcome}"
    if not definition.requires_priority_actions and priority_action_count > 0:
        return (
            f"Outcome {outcome} has no areas for priority action: remove them, or write them as areas for improvement"
        )
    return None
