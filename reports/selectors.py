"""Reads for the report: its composed document, PDFs, comments and anonymity findings."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from inspections.models import Inspection, PartnershipBody, TeamMember
from inspections.selectors import DueItem, previous_full_inspection

from . import anonymity
from .composition import (
    Area,
    AreaFindingRow,
    Body,
    Person,
    ReportDocument,
    format_range,
    join_names,
    outcome_definition,
    team_sentence,
)
from .models import NARRATIVE_SECTIONS, FactualAccuracyComment, Report, ReportPdf, ReportSectionVersion, Stage

AUTHOR = "Ofsted and Care Quality Commission"


def report_for(inspection: Inspection) -> Report | None:
    return Report.objects.filter(inspection=inspection).first()


def section_versions(report: Report) -> dict[str, int]:
    """The current version of each narrative section (0 for one never saved): what an edit form carries."""
    numbers = dict.fromkeys((name for name, _ in NARRATIVE_SECTIONS), 0)
    rows = ReportSectionVersion.objects.filter(report=report).values_list("section").annotate(latest=Max("number"))
    numbers.update(dict(rows.order_by()))
    return numbers


def section_history(report: Report) -> list[tuple[str, str, list[ReportSectionVersion]]]:
    """Each narrative section with every saved version, newest first: (field name, heading, versions)."""
    versions: dict[str, list[ReportSectionVersion]] = {name: [] for name, _ in NARRATIVE_SECTIONS}
    for version in ReportSectionVersion.objects.filter(report=report).select_related("saved_by"):
        versions[version.section].append(version)
    return [(name, heading, versions[name]) for name, heading in NARRATIVE_SECTIONS]


def _team(inspection: Inspection) -> dict:
    """The team in the report's two columns, with the counts the team sentence needs."""
    ofsted, cqc = [], []
    counts = {"ofsted_inspectors": 0, "ofsted_hmis": 0, "cqc_lead": False, "cqc_inspectors": 0}
    for member in TeamMember.objects.filter(inspection=inspection).select_related("user"):
        person = Person(member.user.display_name, member.report_role)
        if member.user.organisation == "cqc":
            cqc.append(person)
            if member.is_cqc_lead:
                counts["cqc_lead"] = True
            else:
                counts["cqc_inspectors"] += 1
        else:
            ofsted.append(person)
            if not member.is_lead:
                counts["ofsted_hmis" if member.user.is_hmi else "ofsted_inspectors"] += 1
    return {"ofsted_team": tuple(ofsted), "cqc_team": tuple(cqc), "team_sentence": team_sentence(**counts)}


def _bodies(inspection: Inspection) -> dict:
    """The local authority and each ICB, for "Local area partnership details"."""
    local_authority, icbs = None, []
    for b in PartnershipBody.objects.filter(partnership_id=inspection.partnership_id):
        body = Body(b.name, b.leader_title, b.leader_name, b.website, b.address)
        if b.kind == PartnershipBody.Kind.LOCAL_AUTHORITY:
            local_authority = body
        else:
            icbs.append(body)
    return {"local_authority": local_authority, "icbs": tuple(icbs)}


def _previous_inspection(inspection: Inspection) -> str:
    """The latest full inspection before this one, under either framework."""
    previous = previous_full_inspection(inspection)
    return format_range(*previous) if previous else "Not previously inspected"


def _areas(inspection: Inspection, kind: str) -> tuple[Area, ...]:
    from evaluation import selectors as evaluation

    return tuple(Area(a.responsible_body_names, a.text) for a in evaluation.areas_for_action(inspection, kind))


def _default_partnership_information(inspection: Inspection) -> str:
    names = [b.name for b in PartnershipBody.objects.filter(partnership_id=inspection.partnership_id)]
    p = inspection.partnership
    names = names or [p.local_authority, p.integrated_care_board]
    return (
        f"{join_names(names)} are jointly responsible for the planning and commissioning of services for "
        f"children and young people with special educational needs and/or disabilities (SEND) in {p.name}."
    )


def report_document(report: Report, *, today: date | None = None) -> ReportDocument:
    """Compose the report from the narrative and the evaluation; a fixed number of queries."""
    from evaluation import selectors as evaluation

    inspection = (
        Inspection.objects.select_related("partnership").prefetch_related("milestones").get(pk=report.inspection_id)
    )
    if inspection.kind == Inspection.Kind.MONITORING:
        return letter_document(report, inspection, today=today)
    decision = evaluation.outcome_for(inspection)
    definition = outcome_definition(decision.outcome if decision else None)
    on_site = inspection.milestone_dates("on_site")
    name = inspection.partnership.name
    return ReportDocument(
        title=f"Area SEND inspection of {name} Local Area Partnership",
        author=AUTHOR,
        partnership_name=name,
        inspection_dates=format_range(*on_site) if on_site else "Not set",
        previous_inspection=_previous_inspection(inspection),
        stage_label=report.get_stage_display(),
        version=report.version,
        draft=report.is_draft,
        published_on=report.published_on,
        generated_on=today or timezone.localdate(),
        outcome_number=definition.number if definition else None,
        outcome_statement=definition.statement if definition else "",
        standard_sentences=definition.report_sentences if definition else (),
        partnership_information=report.partnership_information or _default_partnership_information(inspection),
        child_experience=report.child_experience,
        effective=report.effective,
        better=report.better,
        priority_actions=_areas(inspection, "priority"),
        improvements=_areas(inspection, "improvement"),
        **_bodies(inspection),
        **_team(inspection),
    )


def letter_document(report: Report, inspection: Inspection, *, today: date | None = None) -> ReportDocument:
    """Compose a monitoring inspection's letter: its conclusion, each area for priority action with
    the finding on it, information about the inspection and the team (a fixed number of queries)."""
    from inspections.framework import MONITORING_LETTER_BASIS
    from monitoring import selectors as monitoring

    record = monitoring.monitoring_for(inspection)
    full = Inspection.objects.prefetch_related("milestones").get(pk=record.full_inspection_id)
    matrix = monitoring.monitoring_matrix(record)
    on_site = inspection.milestone_dates("on_site")
    previous = full.milestone_dates("on_site")
    name = inspection.partnership.name
    return ReportDocument(
        title=f"Monitoring inspection of {name} Local Area Partnership",
        author=AUTHOR,
        partnership_name=name,
        inspection_dates=format_range(*on_site) if on_site else "Not set",
        previous_inspection=format_range(*previous) if previous else "Not previously inspected",
        stage_label=report.get_stage_display(),
        version=report.version,
        draft=report.is_draft,
        published_on=report.published_on,
        generated_on=today or timezone.localdate(),
        outcome_number=None,
        outcome_statement=record.conclusion_statement,
        standard_sentences=(),
        partnership_information="",
        child_experience="",
        effective="",
        better="",
        priority_actions=tuple(Area(r.area.responsible_body_names, r.area.text) for r in matrix.rows),
        improvements=(),
        statutory_basis=MONITORING_LETTER_BASIS,
        kind=Inspection.Kind.MONITORING,
        conclusion=record.conclusion,
        area_findings=tuple(
            AreaFindingRow(r.area.responsible_body_names, r.area.text, r.finding.text if r.finding else "")
            for r in matrix.rows
        ),
        **_bodies(inspection),
        **_team(inspection),
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
    return list(FactualAccuracyComment.objects.filter(report=report).select_related("author", "responded_by"))


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
