"""Reads for the plans that follow a report, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from evaluation.models import OutcomeDecision
from evaluation.outcomes import add_months
from evaluation.selectors import planned_consequences
from inspections.working_days import bank_holidays

from . import defaults, programme, status
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
    due = planned_consequences(decision.outcome, published_on=decision.published_on, holidays=bank_holidays())
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
        working_days=settings.PRIORITY_ACTION_PLAN_WORKING_DAYS,
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
    due = planned_consequences(decision.outcome, published_on=decision.published_on, holidays=bank_holidays())
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


# --- The national programme --------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeRow:
    partnership: object
    line: programme.ProgrammeLine


def _outcome_months() -> dict[int, tuple[int, int | None]]:
    from inspections.framework import OUTCOMES

    return {o.number: (o.next_full_inspection_months, o.monitoring_inspection_months) for o in OUTCOMES}


def national_programme(
    *, today: date, region: str = "", outcome: int | None = None, flag: str = ""
) -> list[ProgrammeRow]:
    """Every partnership's line, most urgent first; eight queries however many partnerships."""
    from inspections.models import Inspection, Partnership, PreviousInspection

    partnerships = list(Partnership.objects.order_by("name").only("id", "name", "region"))
    history: dict[int, list[programme.PastInspection]] = {p.pk: [] for p in partnerships}
    for row in PreviousInspection.objects.all():
        history.setdefault(row.partnership_id, []).append(
            programme.PastInspection(
                framework=row.framework,
                kind=row.kind,
                starts_on=row.starts_on,
                ends_on=row.ends_on,
                result=row.summary,
                outcome=row.outcome,
                monitoring_finding=row.monitoring_finding,
            )
        )
    from monitoring.models import Monitoring

    monitored = {m.inspection_id: m for m in Monitoring.objects.only("inspection_id", "conclusion", "published_on")}
    decisions: dict[int, OutcomeDecision] = {}
    latest_published: dict[int, tuple[object, OutcomeDecision]] = {}
    for inspection in Inspection.objects.select_related("outcome_decision").order_by("notified_on"):
        if inspection.kind == Inspection.Kind.MONITORING:
            history.setdefault(inspection.partnership_id, []).append(
                _monitoring_line(inspection, monitored.get(inspection.pk))
            )
            continue
        decision = getattr(inspection, "outcome_decision", None)
        published = decision is not None and decision.published_on is not None
        history.setdefault(inspection.partnership_id, []).append(
            programme.PastInspection(
                framework="2023",
                kind=inspection.kind,
                starts_on=inspection.notified_on,
                ends_on=inspection.final_feedback_held_on or inspection.notified_on,
                result=f"Outcome {decision.outcome}" if published else "In progress",
                outcome=decision.outcome if published and inspection.kind == "full" else None,
                published_on=decision.published_on if published else None,
            )
        )
        if published:
            decisions[inspection.pk] = decision
            latest_published[inspection.partnership_id] = (inspection, decision)
    inspection_ids = [i.pk for i, _ in latest_published.values()]
    latest_versions = {
        v.inspection_id: v.status
        for v in ActionPlanVersion.objects.filter(inspection_id__in=inspection_ids)
        .order_by("inspection_id", "-number")
        .distinct("inspection_id")
        .only("inspection_id", "status")
    }
    strategic = {
        r.inspection_id: r.published_on for r in StrategicPlanRecord.objects.filter(inspection_id__in=inspection_ids)
    }
    stored_meetings: dict[int, dict[int, EngagementMeeting]] = {}
    for m in EngagementMeeting.objects.filter(inspection_id__in=inspection_ids).defer("notes"):
        stored_meetings.setdefault(m.inspection_id, {})[m.number] = m
    holidays = bank_holidays()
    months = _outcome_months()
    rows = []
    for partnership in partnerships:
        plan, plan_name, next_meeting, concern, reason = None, "", None, "", ""
        if partnership.pk in latest_published:
            inspection, decision = latest_published[partnership.pk]
            due = planned_consequences(decision.outcome, published_on=decision.published_on, holidays=holidays)
            if due.priority_action_plan_due:
                plan_name = "Priority action plan"
                plan = status.action_plan_state(
                    latest_status=latest_versions.get(inspection.pk),
                    planned_due_on=due.priority_action_plan_due,
                    today=today,
                )
            else:
                plan_name = "Strategic plan"
                plan = status.strategic_plan_state(
                    published_on=strategic.get(inspection.pk),
                    planned_by=add_months(decision.published_on, defaults.strategic_plan_months()),
                    today=today,
                )
            stored = stored_meetings.get(inspection.pk, {})
            upcoming = []
            for number, planned in enumerate(due.engagement_meetings, start=1):
                row = stored.get(number)
                if row is None or row.held_on is None:
                    when = row.planned_on if row else planned
                    if when >= today:
                        upcoming.append(when)
            next_meeting = min(upcoming, default=None)
            held = [m for m in stored.values() if m.held_on is not None]
            if held:
                last = max(held, key=lambda m: m.held_on)
                concern, reason = last.concern, last.concern_reason
        line = programme.programme_line(
            inspections=history.get(partnership.pk, []),
            outcome_months=months,
            plan=plan,
            plan_name=plan_name,
            next_meeting=next_meeting,
            concern=concern,
            concern_reason=reason,
            today=today,
        )
        if region and partnership.region != region:
            continue
        if outcome and line.latest_outcome != outcome:
            continue
        if flag and flag not in line.flags:
            continue
        rows.append(ProgrammeRow(partnership=partnership, line=line))
    rows.sort(key=lambda r: (*r.line.sort_key, r.partnership.name))
    return rows


def _monitoring_line(inspection, record) -> programme.PastInspection:
    """A monitoring inspection of this service as the programme lists it: done once its letter is published."""
    published = record is not None and record.published_on is not None
    return programme.PastInspection(
        framework="2023",
        kind=inspection.kind,
        starts_on=inspection.notified_on,
        ends_on=inspection.final_feedback_held_on or inspection.notified_on,
        result=record.get_conclusion_display() if published else "In progress",
        published_on=record.published_on if published else None,
        monitoring_finding=record.conclusion if published else "",
        in_progress=not published,
    )


def graded_inspections() -> list[tuple[int, int]]:
    """(year, outcome) of every full inspection with an outcome under this framework: two queries."""
    from inspections.models import PreviousInspection

    pairs = [
        (d.year, o)
        for d, o in PreviousInspection.objects.filter(outcome__isnull=False).values_list("starts_on", "outcome")
    ]
    pairs += [
        (d.year, o)
        for d, o in OutcomeDecision.objects.filter(published_on__isnull=False).values_list("published_on", "outcome")
    ]
    return pairs
