"""Reads for the plans that follow a report, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from evaluation.models import OutcomeDecision
from evaluation.outcomes import add_months, consequences_for
from inspections.working_days import bank_holidays

from . import defaults, status
from .models import ActionPlanVersion, EngagementMeeting, StrategicPlanRecord


@dataclass(frozen=True)
class ActionPlanOverview:
    decision: OutcomeDecision
    planned_due_on: date
    working_days: int
    versions: list[ActionPlanVersion]
    state: status.PlanState

    @property
    def latest(self) -> ActionPlanVersion | None:
        return self.versions[0] if self.versions else None


@dataclass(frozen=True)
class StrategicPlanOverview:
    decision: OutcomeDecision
    planned_by: date
    record: StrategicPlanRecord | None
    state: status.PlanState


def published_decision(inspection) -> OutcomeDecision | None:
    decision = OutcomeDecision.objects.filter(inspection=inspection, published_on__isnull=False).first()
    return decision


def action_plan_overview(inspection, *, today: date) -> ActionPlanOverview | None:
    """The priority action plan of a published outcome 3, or None when none is asked for."""
    decision = published_decision(inspection)
    if decision is None or not decision.definition.priority_action_plan_wd:
        return None
    due = consequences_for(decision.outcome, published_on=decision.published_on, bank_holidays=bank_holidays())
    versions = list(
        ActionPlanVersion.objects.filter(inspection=inspection).select_related("uploaded_by", "reviewed_by")
    )
    state = status.action_plan_state(
        latest_status=versions[0].status if versions else None,
        planned_due_on=due.priority_action_plan_due,
        today=today,
    )
    return ActionPlanOverview(
        decision=decision,
        planned_due_on=due.priority_action_plan_due,
        working_days=decision.definition.priority_action_plan_wd,
        versions=versions,
        state=state,
    )


def strategic_plan_overview(inspection, *, today: date) -> StrategicPlanOverview | None:
    """The updated strategic plan after a published outcome 1 or 2, or None when none is asked for."""
    decision = published_decision(inspection)
    if decision is None or decision.outcome not in (1, 2):
        return None
    record = StrategicPlanRecord.objects.filter(inspection=inspection).first()
    planned_by = add_months(decision.published_on, defaults.strategic_plan_months())
    state = status.strategic_plan_state(
        published_on=record.published_on if record else None, planned_by=planned_by, today=today
    )
    return StrategicPlanOverview(decision=decision, planned_by=planned_by, record=record, state=state)


@dataclass(frozen=True)
class MeetingRow:
    number: int
    planned_on: date
    rescheduled: bool
    record: EngagementMeeting | None

    @property
    def held(self) -> bool:
        return self.record is not None and self.record.held_on is not None


def engagement_meetings(inspection) -> list[MeetingRow]:
    """Every meeting the outcome plans after publication, with what was moved or recorded (two queries)."""
    decision = published_decision(inspection)
    if decision is None:
        return []
    due = consequences_for(decision.outcome, published_on=decision.published_on, bank_holidays=bank_holidays())
    stored = {
        m.number: m for m in EngagementMeeting.objects.filter(inspection=inspection).select_related("recorded_by")
    }
    rows = []
    for number, planned in enumerate(due.engagement_meetings, start=1):
        record = stored.get(number)
        rows.append(
            MeetingRow(
                number=number,
                planned_on=record.planned_on if record else planned,
                rescheduled=bool(record and record.planned_on != planned),
                record=record,
            )
        )
    return rows
