"""The monitoring inspection's letter goes through the report's stages and PDF task, in its own structure."""

import io
import re
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from accounts.tests.factories import AdministratorFactory
from evaluation.models import AreaForAction, OutcomeDecision
from inspections.models import PartnershipBody
from monitoring import services as monitoring_services
from monitoring.models import Monitoring
from reports import services
from reports.models import Stage

PUBLISHED_ON = date(2027, 3, 1)
NOTIFIED_ON = date(2027, 9, 6)  # on site 20 to 24 September 2027
AREAS = (
    "Leaders should make sure that EHC plans are issued within 20 weeks.",
    "Leaders should make sure that children waiting for therapy get help while they wait.",
)
FINDINGS = (
    "Nine in ten EHC plans are now issued within 20 weeks, up from four in ten.",
    "Waiting lists for speech and language therapy remain long, and help while waiting is patchy.",
)
HEADINGS = [
    "Monitoring inspection of Northshire Local Area Partnership",
    "Inspection dates: 20 to 24 September 2027",
    "Dates of previous inspection: 30 December 2026 to 6 January 2027",
    "Monitoring inspection outcome",
    "Areas for priority action",
    "Area for priority action 1",
    AREAS[0],
    "Findings",
    FINDINGS[0],
    "Area for priority action 2",
    AREAS[1],
    FINDINGS[1],
    "Information about this inspection",
    "Inspection team",
]


def _text(row) -> str:
    with row.file.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def letter(inspection, lead_inspector, team_inspector):
    """A monitoring inspection of the shared partnership, with findings and an ineffective action conclusion."""
    la = PartnershipBody.objects.get(partnership=inspection.partnership, kind="local_authority")
    for order, text in enumerate(AREAS):
        area = AreaForAction.objects.create(inspection=inspection, kind="priority", text=text, order=order)
        area.responsible_bodies.set([la])
    OutcomeDecision.objects.create(
        inspection=inspection,
        outcome=3,
        rationale="Systemic failings",
        decided_by=lead_inspector,
        decided_at=inspection.created_at,
        published_on=PUBLISHED_ON,
    )
    monitoring = monitoring_services.announce_monitoring_inspection(
        partnership=inspection.partnership,
        notified_on=NOTIFIED_ON,
        by=AdministratorFactory(),
        lead_inspector=lead_inspector,
        team=[team_inspector],
        today=NOTIFIED_ON,
    )
    for area, finding in zip(AreaForAction.objects.order_by("order"), FINDINGS, strict=True):
        monitoring_services.save_area_finding(inspection=monitoring, area=area, text=finding, by=lead_inspector)
    monitoring_services.record_conclusion(
        inspection=monitoring, conclusion="ineffective", rationale="Therapy waits are too long", by=lead_inspector
    )
    monitoring.final_feedback_held_on = date(2027, 9, 24)
    monitoring.save(update_fields=["final_feedback_held_on"])
    return services.start_report(inspection=monitoring, by=lead_inspector)


def test_the_draft_letter_pdf_follows_the_letter_structure(letter):
    with time_machine.travel(date(2027, 9, 27)):
        text = _text(services.render_report_now(report=letter))
    assert "DRAFT" in text
    positions = [text.find(h) for h in HEADINGS]
    assert -1 not in positions, [h for h, p in zip(HEADINGS, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    outcome = text[text.index("Monitoring inspection outcome") : text.index("Areas for priority action")]
    assert (
        "The local area partnership has not taken effective action to address the areas for priority action "
        "identified at the previous inspection." in outcome
    )
    assert "Responsible: Northshire Council" in text
    about = text[text.index("Information about this inspection") : text.index("Inspection team")]
    assert "section 20(1)(a) of the Children Act 2004" in about
    assert "Helen Okafor, Ofsted HMI, lead inspector" in text[text.index("Inspection team") :]
    # A letter is not a report: none of the report's narrative headings.
    for heading in ("What is the area partnership doing that is effective?", "Areas for improvement", "Outcome 3"):
        assert heading not in text


def test_the_letter_goes_through_the_report_stages_and_is_then_fixed(letter, lead_inspector):
    with time_machine.travel(date(2027, 9, 27)):
        services.send_for_factual_accuracy(report=letter, by=lead_inspector)
    with time_machine.travel(date(2027, 10, 5)):
        services.mark_final(report=letter, by=lead_inspector)
        row = services.publish_report(report=letter, by=lead_inspector, enqueue=False)
    letter.refresh_from_db()
    assert letter.stage == Stage.PUBLISHED
    monitoring = Monitoring.objects.get(inspection=letter.inspection)
    assert monitoring.published_on == date(2027, 10, 5)
    published = services.render_report_pdf_file(pdf_id=row.pk)
    text = _text(published)
    assert "DRAFT" not in text
    assert "Published (version 1), published 5 October 2027" in text
    with pytest.raises(ValidationError, match="has been published"):
        monitoring_services.save_area_finding(
            inspection=letter.inspection, area=AreaForAction.objects.first(), text="Changed", by=lead_inspector
        )
    with pytest.raises(ValidationError, match="already been published"):
        services.publish_report(report=letter, by=lead_inspector, enqueue=False)


def test_the_letter_waits_for_the_conclusion(letter, lead_inspector):
    Monitoring.objects.filter(inspection=letter.inspection).update(conclusion="", rationale="")
    with pytest.raises(ValidationError, match="Record the findings and the conclusion"):
        services.send_for_factual_accuracy(report=letter, by=lead_inspector, today=date(2027, 9, 27))


def test_the_report_page_shows_the_letter_conclusion(letter, client_for, lead_inspector):
    from django.urls import reverse

    page = client_for(lead_inspector).get(reverse("reports:overview", args=[letter.inspection_id])).content.decode()
    assert "Ineffective action" in page
    assert "The monitoring letter is composed from the findings and conclusion" in page
    assert reverse("reports:edit", args=[letter.inspection_id]) not in page
    preview = client_for(lead_inspector).get(reverse("reports:preview", args=[letter.inspection_id])).content.decode()
    assert "Monitoring inspection outcome" in preview and FINDINGS[1] in preview
