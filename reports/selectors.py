"""Reads for the report: its composed document, PDFs, comments and anonymity findings."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone

from inspections.models import Inspection, PartnershipLead, TeamMember
from inspections.selectors import DueItem

from . import anonymity
from .composition import Person, ReportDocument, format_range, next_steps, outcome_definition
from .models import FactualAccuracyComment, Report, ReportPdf, Stage

AUTHOR = "Ofsted and Care Quality Commission"


def report_for(inspection: Inspection) -> Report | None:
    return Report.objects.filter(inspection=inspection).first()


def _team(inspection: Inspection) -> tuple[Person, ...]:
    people = []
    for member in (
        TeamMember.objects.filter(inspection=inspection).select_related("user").order_by("-is_lead", "user__last_name")
    ):
        user = member.user
        org = getattr(user, "organisation", "ofsted")
        if member.is_lead:
            role = "His Majesty's Inspector, lead inspector (Ofsted)"
        elif org == "cqc":
            role = user.job_title or "Children's services inspector (CQC)"
        else:
            role = user.job_title or "Ofsted inspector"
        people.append(Person(user.display_name, role))
    return tuple(people)


def _leaders(inspection: Inspection) -> tuple[Person, ...]:
    people = []
    for lead in PartnershipLead.objects.filter(partnership_id=inspection.partnership_id).select_related("user"):
        role = lead.user.job_title or "Local area lead"
        if lead.is_lano:
            role += ", local area nominated officer"
        people.append(Person(lead.user.display_name, role))
    return tuple(people)


def _previous_inspection(inspection: Inspection) -> str:
    previous = (
        Inspection.objects.filter(partnership_id=inspection.partnership_id, notified_on__lt=inspection.notified_on)
        .order_by("-notified_on")
        .prefetch_related("milestones")
        .first()
    )
    if previous is None:
        return "No previous inspection under this framework"
    return _dates_of(previous)


def _dates_of(inspection: Inspection) -> str:
    end = inspection.milestone_dates("final_feedback")
    return format_range(inspection.notified_on, end[1] if end else inspection.notified_on)


def _default_partnership_information(inspection: Inspection) -> str:
    p = inspection.partnership
    text = (
        f"The local area partnership is made up of {p.local_authority} and {p.integrated_care_board}, "
        f"with the providers they commission. {p.pcf_name} is the parent carer forum for the area."
    )
    return text


def report_document(report: Report, *, today: date | None = None) -> ReportDocument:
    """Compose the report from the narrative and the evaluation; a fixed number of queries."""
    from evaluation import selectors as evaluation

    inspection = (
        Inspection.objects.select_related("partnership").prefetch_related("milestones").get(pk=report.inspection_id)
    )
    decision = evaluation.outcome_for(inspection)
    definition = outcome_definition(decision.outcome if decision else None)
    summaries = evaluation.criterion_summaries(inspection)
    ordered = [summaries[k] for k in sorted(summaries)]
    effective = report.effective or "\n\n".join(s.effective for s in ordered if s.effective.strip())
    better = report.better or "\n\n".join(s.better for s in ordered if s.better.strip())
    consequences = evaluation.follow_ups_for(inspection, decision=decision) if decision else None
    on_site = inspection.milestone_dates("on_site")
    name = inspection.partnership.name
    return ReportDocument(
        title=f"Area SEND inspection of {name}",
        author=AUTHOR,
        partnership_name=name,
        inspection_dates=_dates_of(inspection),
        on_site_dates=format_range(*on_site) if on_site else "Not set",
        previous_inspection=_previous_inspection(inspection),
        stage_label=report.get_stage_display(),
        version=report.version,
        draft=report.is_draft,
        published_on=report.published_on,
        generated_on=today or timezone.localdate(),
        outcome_number=definition.number if definition else None,
        outcome_short_name=definition.short_name if definition else "",
        outcome_statement=definition.statement if definition else "",
        partnership_information=report.partnership_information or _default_partnership_information(inspection),
        child_experience=report.child_experience,
        effective=effective,
        better=better,
        priority_actions=tuple(a.text for a in evaluation.areas_for_action(inspection, "priority")),
        improvements=tuple(a.text for a in evaluation.areas_for_action(inspection, "improvement")),
        next_steps=next_steps(definition, consequences=consequences)
        if definition
        else ("What happens next depends on the outcome, which has not been decided yet.",),
        leaders=_leaders(inspection),
        team=_team(inspection),
    )


def anonymity_findings(report: Report, document: ReportDocument | None = None) -> list[anonymity.Finding]:
    """What in the report could identify a child, family or survey respondent."""
    document = document or report_document(report)
    inspection = report.inspection
    return anonymity.scan(
        document.sections(),
        child_refs=_child_refs(inspection),
        survey_answers=_survey_answers(inspection),
    )


def _child_refs(inspection: Inspection) -> set[str]:
    from tracking.selectors import child_refs

    return set(child_refs(inspection) or ())


def _survey_answers(inspection: Inspection) -> list[str]:
    from surveys.selectors import free_text_answers

    return list(free_text_answers(inspection) or ())


def latest_pdf(report: Report) -> ReportPdf | None:
    """The PDF of the current version, if one was asked for."""
    return ReportPdf.objects.filter(report=report, version=report.version).first()


def published_pdf(report: Report) -> ReportPdf | None:
    """The newest ready PDF made of the published report."""
    if not report.is_published:
        return None
    return ReportPdf.objects.filter(report=report, stage=Stage.PUBLISHED, status=ReportPdf.Status.READY).first()


def readable_pdfs_for_local_area(report: Report):
    """Leads read drafts only during the factual accuracy check, and the published report."""
    return ReportPdf.objects.filter(report=report, stage__in=[Stage.FACTUAL_ACCURACY, Stage.PUBLISHED])


def comments_for(report: Report) -> list[FactualAccuracyComment]:
    return list(FactualAccuracyComment.objects.filter(report=report).select_related("author"))


def due_from_local_area(inspection: Inspection, today: date) -> list[DueItem]:
    """During the factual accuracy check the leads owe their comments by the deadline."""
    report = Report.objects.filter(inspection=inspection, stage=Stage.FACTUAL_ACCURACY).first()
    if report is None or report.factual_accuracy_due_on is None:
        return []
    return [
        DueItem(
            "Comments on the draft report (factual accuracy check)",
            report.factual_accuracy_due_on,
            True,
            f"{settings.FACTUAL_ACCURACY_WORKING_DAYS} working days from {report.factual_accuracy_sent_on:%-d %B}",
        )
    ]
