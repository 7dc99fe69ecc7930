"""Each outcome's PDF, read back as text, follows the structure and words of published reports."""

import io
import re
from datetime import date

import pytest
import time_machine
from pypdf import PdfReader

from evaluation.models import AreaForAction
from inspections import services as inspection_services
from inspections.models import PartnershipBody, TeamMember
from reports import services

from .factories import IMPROVEMENT_TEXT, PRIORITY_TEXT, decide

HEADINGS = [
    "Area SEND inspection of Northshire Local Area Partnership",
    "Inspection dates:",
    "Dates of previous inspection:",
    "Inspection outcome",
    "Information about the local area partnership",
    "What is it like to be a child or young person with special educational needs and/or disabilities (SEND) "
    "in this area?",
    "What is the area partnership doing that is effective?",
    "What does the area partnership need to do better?",
    "Areas for priority action",
    "Areas for improvement",
    "Local area partnership details",
    "Information about this inspection",
    "Inspection team",
]
STRATEGIC_PLAN = (
    "Ofsted and CQC ask that the local area partnership updates and publishes its strategic plan based on the "
    "recommendations set out in this report."
)
SENTENCES = {
    1: ["The next full area SEND inspection will be within approximately 5 years.", STRATEGIC_PLAN],
    2: ["The next full area SEND inspection will be within approximately 3 years.", STRATEGIC_PLAN],
    3: [
        "The next full reinspection will be within approximately 3 years.",
        "A monitoring inspection will be carried out within approximately 18 months.",
        "As a result of this inspection, His Majesty's Chief Inspector requires the local area partnership to "
        "prepare and submit a priority action plan (area SEND) to address the identified areas for priority action.",
    ],
}
HISTORY = (
    "partnership,framework,kind,start_date,end_date,written_statement_of_action\n"
    "Northshire,2016,full,2016-12-05,2016-12-09,yes\n"
)


def _text(row) -> str:
    with row.file.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"DRAFT|Northshire Area SEND inspection report|Page \d+ of \d+", " ", text)
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def reported(inspection, lead_inspector, cqc_inspector):
    """The shared inspection with 2016 history, a CQC lead and a second ICB, ready to decide."""
    inspection_services.import_inspection_history(data=HISTORY.encode())
    TeamMember.objects.filter(inspection=inspection, user=cqc_inspector).update(is_cqc_lead=True)
    PartnershipBody.objects.create(
        partnership=inspection.partnership,
        kind=PartnershipBody.Kind.INTEGRATED_CARE_BOARD,
        name="NHS Coast and Marsh Integrated Care Board",
        leader_name="Fiona Walsh",
        website="https://www.coastandmarsh.icb.example",
        address="Marsh Road, Saltby",
    )
    return inspection


@pytest.mark.parametrize("outcome", [1, 2, 3])
def test_each_outcome_pdf_follows_the_published_report(reported, lead_inspector, outcome):
    decide(reported, outcome=outcome, by=lead_inspector)
    bodies = reported.partnership.bodies.filter(name__in=["Northshire Council", "NHS Northshire Integrated Care Board"])
    for area in AreaForAction.objects.filter(inspection=reported):
        area.responsible_bodies.set(bodies)
    report = services.start_report(inspection=reported, by=lead_inspector)
    with time_machine.travel(date(2027, 1, 6)):
        text = _text(services.render_report_now(report=report))

    headings = [h for h in HEADINGS if outcome == 3 or h != "Areas for priority action"]
    positions = [text.find(h) for h in headings]
    assert -1 not in positions, [h for h, p in zip(headings, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    if outcome != 3:
        assert "Areas for priority action" not in text.replace("areas for priority action", "")

    assert "Inspection dates: 30 December 2026 to 6 January 2027" in text
    assert "Dates of previous inspection: 5 to 9 December 2016" in text
    outcome_part = text[text.index("Inspection outcome") : text.index("Information about the local area partnership")]
    sentences = [outcome_part.find(s) for s in SENTENCES[outcome]]
    assert -1 not in sentences and sentences == sorted(sentences)

    assert f"Outcome {outcome}" not in text
    assert "engagement meeting" not in text.lower()
    for invented in ("working days", "within 35", "by 1 ", "2028", "2029", "2030", "2031", "2032"):
        assert invented not in text

    details = text[text.index("Local area partnership details") : text.index("Information about this inspection")]
    assert details.startswith(
        "Local area partnership details Local authority Integrated care board Integrated care board Northshire Council"
    )
    for expected in (
        "Director of children's services: Alex Morgan",
        "NHS Northshire Integrated Care Board",
        "NHS Coast and Marsh Integrated Care Board",
        "Chief executive: Fiona Walsh",
    ):
        assert expected in details
    assert "https://www.coastandmarsh.icb.example" in details.replace(" ", "")  # a long address may wrap
    about = text[text.index("Information about this inspection") : text.index("Inspection team")]
    assert "section 20(1)(a) of the Children Act 2004" in about
    assert "a lead Children's Services Inspector from CQC" in about
    team = text[text.index("Inspection team") :]
    assert team.startswith("Inspection team Ofsted Care Quality Commission")
    assert "Helen Okafor, Ofsted HMI, lead inspector" in team
    assert "Tom Barnes, Ofsted Inspector" in team and "Priya Shah, CQC lead inspector" in team
    assert IMPROVEMENT_TEXT in text
    if outcome == 3:
        priority = text[text.index("Areas for priority action Responsible body") : text.index("Areas for improvement")]
        assert "Northshire Council and NHS Northshire Integrated Care Board" in priority and PRIORITY_TEXT in priority


def test_a_partnership_never_inspected_says_so(inspection, lead_inspector):
    decide(inspection, outcome=1, by=lead_inspector)
    report = services.start_report(inspection=inspection, by=lead_inspector)
    assert "Dates of previous inspection: Not previously inspected" in _text(services.render_report_now(report=report))
