"""Changes to a monitoring inspection: announcing it, its evidence, findings, conclusion and publication.

Each function checks who may act and what state allows it, and raises a ValidationError a user
can read; nothing is stored when one is raised.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts import rules
from documents import catalogue
from documents.models import RequestItem
from evaluation.models import AreaForAction
from inspections.concurrency import refuse_if_changed
from inspections.framework import MONITORING_CONCLUSIONS
from inspections.models import Inspection, Partnership
from inspections.services import announce_inspection
from tracking.selection import Theme

from . import selectors
from .models import AreaFinding, Monitoring, MonitoringEvidence, SourceKind

#: The case list's support code for an EHC plan: a monitoring inspection samples EHC plans only.
EHC_PLAN = "EHCP"


@transaction.atomic
def announce_monitoring_inspection(
    *,
    partnership: Partnership,
    notified_on: date,
    by,
    lead_inspector,
    team: Iterable = (),
    cqc_lead=None,
    override_reason: str = "",
    today: date | None = None,
) -> Inspection:
    """Announce the monitoring inspection that follows the partnership's published outcome 3.

    Refused when the latest published outcome is not 3, or when that inspection has already been
    monitored. The notification date follows the same rules as a full inspection's (a working
    Monday, or an override with a reason). No surveys are created. The information request asks
    for progress evidence against each area for priority action and for the current plan.
    """
    if not rules.may_announce_inspection(by):
        raise PermissionDenied("Only administrators can announce an inspection.")
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    latest = selectors.latest_published_full_inspection(partnership)
    if latest is None:
        raise ValidationError(
            {
                "partnership": f"{partnership} has no published full inspection: a monitoring inspection follows "
                "only a published outcome 3."
            }
        )
    full, decision = latest
    if decision.outcome != 3:
        raise ValidationError(
            {
                "partnership": f"The latest published outcome for {partnership} is outcome {decision.outcome}: "
                "a monitoring inspection follows only a published outcome 3."
            }
        )
    existing = Monitoring.objects.filter(full_inspection=full).select_related("inspection").first()
    if existing is not None:
        raise ValidationError(
            {
                "partnership": f"{partnership} already has a monitoring inspection, notified on "
                f"{existing.inspection.notified_on:%-d %B %Y}."
            }
        )
    if notified_on <= decision.published_on:
        raise ValidationError(
            {
                "notified_on": "A monitoring inspection starts after the report is published "
                f"({decision.published_on:%-d %B %Y})."
            }
        )
    inspection = announce_inspection(
        partnership=partnership,
        notified_on=notified_on,
        by=by,
        lead_inspector=lead_inspector,
        team=team,
        cqc_lead=cqc_lead,
        override_reason=override_reason,
        today=today,
        kind=Inspection.Kind.MONITORING,
    )
    Monitoring.objects.create(inspection=inspection, full_inspection=full)
    RequestItem.objects.bulk_create(
        [
            RequestItem(inspection=inspection, kind=catalogue.OTHER, title=selectors.progress_item_title(i, area))
            for i, area in enumerate(selectors.priority_areas(full), start=1)
        ]
    )
    return inspection


def _monitoring(inspection: Inspection, *, lock: bool = False) -> Monitoring:
    rows = Monitoring.objects.select_related("full_inspection")
    if lock:
        rows = rows.select_for_update(of=("self",))
    found = rows.filter(inspection=inspection).first()
    if found is None:
        raise ValidationError("This is not a monitoring inspection")
    return found


def _conclusion_in_words(conclusion: str) -> str:
    return MONITORING_CONCLUSIONS[conclusion][0] if conclusion in MONITORING_CONCLUSIONS else ""


def _refuse_after_publication(monitoring: Monitoring) -> None:
    if monitoring.is_published:
        raise ValidationError("The monitoring letter has been published: its findings can no longer change")


def _area_of(monitoring: Monitoring, area: AreaForAction) -> AreaForAction:
    if area.inspection_id != monitoring.full_inspection_id or area.kind != AreaForAction.PRIORITY:
        raise ValidationError({"area": "Choose one of the areas for priority action of the full inspection"})
    return area


@transaction.atomic
def record_monitoring_evidence(
    *, inspection: Inspection, area: AreaForAction, source_kind: str, text: str, by, source_label: str = ""
) -> MonitoringEvidence:
    """An inspector of the team records evidence against one area for priority action."""
    if not rules.may_record_monitoring_evidence(by, inspection):
        raise ValidationError("Only an inspector of the team can record evidence")
    monitoring = _monitoring(inspection, lock=True)
    _refuse_after_publication(monitoring)
    _area_of(monitoring, area)
    if source_kind not in SourceKind.values:
        raise ValidationError({"source_kind": "Select where the evidence comes from"})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Enter the evidence"})
    number = (MonitoringEvidence.objects.filter(inspection=inspection).aggregate(n=Max("number"))["n"] or 0) + 1
    evidence = MonitoringEvidence(
        inspection=inspection,
        area=area,
        number=number,
        source_kind=source_kind,
        source_label=(source_label or "").strip()[:300],
        text=text,
        author=by,
    )
    evidence._history_user = by
    evidence.save()
    return evidence


@transaction.atomic
def withdraw_monitoring_evidence(*, evidence: MonitoringEvidence, reason: str, by) -> MonitoringEvidence:
    """Evidence is never deleted: it is withdrawn with a reason, which its history keeps."""
    if not rules.may_record_monitoring_evidence(by, evidence.inspection):
        raise ValidationError("Only an inspector of the team can withdraw evidence")
    _refuse_after_publication(_monitoring(evidence.inspection, lock=True))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the evidence is withdrawn"})
    evidence = MonitoringEvidence.objects.select_for_update().get(pk=evidence.pk)
    if evidence.withdrawn_at is not None:
        raise ValidationError("This evidence has already been withdrawn")
    evidence.withdrawn_at = timezone.now()
    evidence.withdrawal_reason = reason
    evidence._history_user = by
    evidence.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    return evidence


@transaction.atomic
def save_area_finding(
    *, inspection: Inspection, area: AreaForAction, text: str, by, loaded_version: int | None = None
) -> AreaFinding:
    """The lead inspector writes (or rewrites, until publication) the finding on one area for priority action.

    A save from a page older than the stored finding, with different text, raises `EditConflict`.
    """
    if not rules.may_record_monitoring_findings(by, inspection):
        raise ValidationError("Only the lead inspector can record the findings")
    monitoring = _monitoring(inspection, lock=True)
    _refuse_after_publication(monitoring)
    _area_of(monitoring, area)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Enter the finding for this area for priority action"})
    finding = (
        AreaFinding.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(inspection=inspection, area=area)
        .first()
    )
    refuse_if_changed(
        loaded=loaded_version,
        current=finding.version if finding else 0,
        what="The finding on this area for priority action",
        labels={"text": "Finding"},
        yours={"text": text},
        theirs={"text": finding.text if finding else ""},
        saved_by=finding.updated_by.display_name if finding else "",
        saved_at=finding.updated_at if finding else None,
    )
    if finding is None:
        finding = AreaFinding(inspection=inspection, area=area)
    finding.text = text
    finding.updated_by = by
    finding.version += 1
    finding._history_user = by
    finding.save()
    return finding


@transaction.atomic
def record_conclusion(
    *, inspection: Inspection, conclusion: str, rationale: str, by, loaded_version: int | None = None
) -> Monitoring:
    """The lead inspector concludes effective or ineffective action, once every area has a finding.

    A save from a page older than the stored conclusion raises `EditConflict` when the conclusion or
    its reasons differ (the conclusion is shown in words and carried as the user chose it).
    """
    if not rules.may_record_monitoring_findings(by, inspection):
        raise ValidationError("Only the lead inspector can record the conclusion")
    monitoring = _monitoring(inspection, lock=True)
    _refuse_after_publication(monitoring)
    if conclusion not in MONITORING_CONCLUSIONS:
        raise ValidationError({"conclusion": "Select effective action or ineffective action"})
    rationale = (rationale or "").strip()
    if not rationale:
        raise ValidationError({"rationale": "Enter the reasons for the conclusion"})
    missing = selectors.areas_without_finding(monitoring)
    if missing:
        raise ValidationError(
            f"Record a finding for each area for priority action before concluding: "
            f"{len(missing)} area{'s have' if len(missing) != 1 else ' has'} no finding yet"
        )
    refuse_if_changed(
        loaded=loaded_version,
        current=monitoring.version,
        what="The conclusion",
        labels={"conclusion": "Conclusion", "rationale": "Reasons for the conclusion"},
        yours={"conclusion": _conclusion_in_words(conclusion), "rationale": rationale},
        theirs={"conclusion": _conclusion_in_words(monitoring.conclusion), "rationale": monitoring.rationale},
        saved_by=monitoring.concluded_by.display_name if monitoring.concluded_by else "",
        saved_at=monitoring.concluded_at,
        shown_only={"conclusion"},
    )
    monitoring.conclusion = conclusion
    monitoring.rationale = rationale
    monitoring.concluded_by = by
    monitoring.concluded_at = timezone.now()
    monitoring.version += 1
    monitoring._history_user = by
    monitoring.save()
    return monitoring


@transaction.atomic
def record_letter_publication(*, inspection: Inspection, published_on: date) -> Monitoring:
    """Called when the letter is published: from then the findings and conclusion are fixed."""
    monitoring = _monitoring(inspection, lock=True)
    if not monitoring.conclusion:
        raise ValidationError("Record the conclusion before publishing the monitoring letter")
    if monitoring.published_on != published_on:
        monitoring.published_on = published_on
        monitoring.save(update_fields=["published_on"])
    return monitoring


def draw_ehc_plan_sample(*, inspection: Inspection, by, seed: int | None = None, size: int | None = None):
    """Draw EHC plans at random from the case list for case sampling; the seed is kept with the sample."""
    from tracking.services import draw_cases

    if not rules.may_choose_children(by, inspection):
        raise ValidationError("Only the lead inspector can draw the case sample")
    _monitoring(inspection)
    return draw_cases(inspection=inspection, by=by, theme=Theme(support=EHC_PLAN), seed=seed, size=size)
