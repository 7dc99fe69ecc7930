"""Reads for monitoring inspections, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from evaluation.models import AreaForAction, OutcomeDecision
from evaluation.selectors import planned_consequences
from inspections.models import Inspection, Partnership
from inspections.working_days import bank_holidays

from .models import AreaFinding, Monitoring, MonitoringEvidence, SourceKind

#: Longest title of an information request item (``documents.RequestItem.title``).
_TITLE_LIMIT = 200


def latest_published_full_inspection(partnership: Partnership) -> tuple[Inspection, OutcomeDecision] | None:
    """The partnership's full inspection with the latest published outcome, with its decision."""
    decision = (
        OutcomeDecision.objects.filter(
            inspection__partnership=partnership, inspection__kind=Inspection.Kind.FULL, published_on__isnull=False
        )
        .select_related("inspection")
        .order_by("-published_on", "-inspection__notified_on")
        .first()
    )
    return (decision.inspection, decision) if decision else None


@dataclass(frozen=True)
class Candidate:
    """A partnership an administrator may announce a monitoring inspection for, with its due date."""

    partnership: Partnership
    full_inspection: Inspection
    published_on: date
    due_by: date


def monitoring_candidates() -> list[Candidate]:
    """Partnerships whose latest published outcome is 3 and that have not been monitored since (three queries)."""
    latest: dict[int, OutcomeDecision] = {}
    for decision in (
        OutcomeDecision.objects.filter(inspection__kind=Inspection.Kind.FULL, published_on__isnull=False)
        .select_related("inspection", "inspection__partnership")
        .order_by("published_on", "inspection__notified_on")
    ):
        latest[decision.inspection.partnership_id] = decision
    monitored = set(Monitoring.objects.values_list("full_inspection_id", flat=True))
    holidays = bank_holidays()
    rows = [
        Candidate(
            partnership=d.inspection.partnership,
            full_inspection=d.inspection,
            published_on=d.published_on,
            due_by=monitoring_due_by(d, holidays=holidays),
        )
        for d in latest.values()
        if d.outcome == 3 and d.inspection_id not in monitored
    ]
    return sorted(rows, key=lambda c: (c.due_by, c.partnership.name))


def monitoring_due_by(decision: OutcomeDecision, *, holidays=None) -> date:
    """ "Within approximately 18 months" of publication, as the framework's outcome 3 says."""
    due = planned_consequences(
        decision.outcome, published_on=decision.published_on, holidays=holidays or bank_holidays()
    )
    return due.monitoring_inspection_due_by


def monitoring_for(inspection: Inspection) -> Monitoring | None:
    if inspection.kind != Inspection.Kind.MONITORING:
        return None
    return (
        Monitoring.objects.select_related("full_inspection", "full_inspection__outcome_decision", "concluded_by")
        .filter(inspection=inspection)
        .first()
    )


def priority_areas(full_inspection: Inspection) -> list[AreaForAction]:
    """The full inspection's areas for priority action, in the report's order."""
    return list(
        AreaForAction.objects.filter(inspection=full_inspection, kind=AreaForAction.PRIORITY)
        .prefetch_related("responsible_bodies")
        .order_by("order", "id")
    )


def progress_item_title(number: int, area: AreaForAction) -> str:
    """The information request item asking for progress evidence against one area for priority action."""
    title = f"Progress evidence: area for priority action {number} – {area.text}"
    return title if len(title) <= _TITLE_LIMIT else title[: _TITLE_LIMIT - 1] + "…"


def areas_without_finding(monitoring: Monitoring) -> list[AreaForAction]:
    found = set(AreaFinding.objects.filter(inspection_id=monitoring.inspection_id).values_list("area_id", flat=True))
    return [a for a in priority_areas(monitoring.full_inspection) if a.pk not in found]


@dataclass
class AreaRow:
    """One area for priority action: its evidence by source, and the lead inspector's finding."""

    number: int
    area: AreaForAction
    counts: dict[str, int] = field(default_factory=dict)
    evidence: list[MonitoringEvidence] = field(default_factory=list)
    finding: AreaFinding | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(kind, 0) for kind in SourceKind.values]


@dataclass
class MonitoringMatrix:
    """Areas for priority action against sources: the monitoring inspection's evidence matrix."""

    monitoring: Monitoring
    rows: list[AreaRow]
    sources: list[tuple[str, str]] = field(default_factory=lambda: list(SourceKind.choices))

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)

    @property
    def gaps(self) -> list[AreaRow]:
        return [r for r in self.rows if r.total == 0]

    @property
    def missing_findings(self) -> list[AreaRow]:
        return [r for r in self.rows if r.finding is None]


def monitoring_matrix(monitoring: Monitoring) -> MonitoringMatrix:
    """Every area for priority action with its current evidence and finding (three queries)."""
    rows = {a.pk: AreaRow(number=i, area=a) for i, a in enumerate(priority_areas(monitoring.full_inspection), start=1)}
    for evidence in (
        MonitoringEvidence.objects.filter(inspection_id=monitoring.inspection_id, withdrawn_at__isnull=True)
        .select_related("author")
        .order_by("number")
    ):
        row = rows.get(evidence.area_id)
        if row is not None:
            row.evidence.append(evidence)
            row.counts[evidence.source_kind] = row.counts.get(evidence.source_kind, 0) + 1
    for finding in AreaFinding.objects.filter(inspection_id=monitoring.inspection_id):
        if finding.area_id in rows:
            rows[finding.area_id].finding = finding
    return MonitoringMatrix(monitoring=monitoring, rows=list(rows.values()))


def concluded_monitoring() -> dict[int, Monitoring]:
    """The latest published monitoring inspection of each partnership, by partnership id (one query)."""
    found: dict[int, Monitoring] = {}
    for row in (
        Monitoring.objects.filter(published_on__isnull=False)
        .select_related("inspection")
        .order_by("published_on", "inspection__notified_on")
    ):
        found[row.inspection.partnership_id] = row
    return found


def priority_areas_queryset(full_inspection: Inspection):
    return AreaForAction.objects.filter(inspection=full_inspection, kind=AreaForAction.PRIORITY).order_by("order", "id")


def finding_for(inspection: Inspection, area: AreaForAction) -> AreaFinding | None:
    return AreaFinding.objects.filter(inspection=inspection, area=area).first()


def evidence_for_area(inspection: Inspection, area: AreaForAction) -> list[MonitoringEvidence]:
    return list(
        MonitoringEvidence.objects.filter(inspection=inspection, area=area, withdrawn_at__isnull=True)
        .select_related("author")
        .order_by("number")
    )


def withdrawn_evidence(inspection: Inspection) -> list[MonitoringEvidence]:
    """Evidence taken out of the matrix, with the reason given: it stays on record."""
    return list(
        MonitoringEvidence.objects.filter(inspection=inspection, withdrawn_at__isnull=False)
        .select_related("area")
        .order_by("number")
    )


def pcf_meetings(inspection: Inspection) -> list:
    """The parent carer forum meetings planned in the fieldwork planner (not cancelled)."""
    from fieldwork.models import Activity

    return list(Activity.objects.filter(inspection=inspection, kind="pcf_meeting", cancelled_at__isnull=True))


def case_samples(inspection: Inspection) -> list:
    """Each draw of cases to sample, with its seed and the cases drawn."""
    from tracking.models import CaseSample

    return list(CaseSample.objects.filter(inspection=inspection).prefetch_related("cases").order_by("created_at"))
