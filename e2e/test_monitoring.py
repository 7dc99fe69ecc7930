"""The monitoring inspection: announced after outcome 3, findings and conclusion, then the letter's PDF."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader

from accounts.tests.factories import AdministratorFactory, InspectorFactory
from evaluation.models import AreaForAction, OutcomeDecision
from inspections.models import Inspection
from inspections.services import record_final_feedback
from inspections.tests.factories import PartnershipFactory, make_inspection
from reports.tests.worker import celery_worker_process  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

LONDON = ZoneInfo("Europe/London")
#: A week before the monitoring inspection's notification on Monday 6 September 2027.
ANNOUNCE_DAY = datetime(2027, 8, 31, 9, 30, tzinfo=LONDON)
#: The last day of the visit, when the lead inspector concludes.
FINAL_DAY = datetime(2027, 9, 24, 9, 30, tzinfo=LONDON)
PDF_TIMEOUT_MS = 90_000
AREAS = (
    "Leaders should make sure that EHC plans are issued within 20 weeks.",
    "Leaders should make sure that children waiting for therapy get help while they wait.",
)


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_lead_inspector_records_findings_and_concludes_and_the_letter_is_rendered(
    page, live_server, sign_in, assert_accessible, celery_worker_process, tmp_path
):
    northshire = PartnershipFactory(name="Northshire", region="north_east")
    hmi = InspectorFactory(first_name="Helen", last_name="Okafor", is_hmi=True)
    team = InspectorFactory(first_name="Tom", last_name="Barnes")
    admin = AdministratorFactory()
    full = make_inspection(partnership=northshire, lead=hmi, team=[team])
    for order, text in enumerate(AREAS):
        AreaForAction.objects.create(inspection=full, kind="priority", text=text, criteria=[1], order=order)
    OutcomeDecision.objects.create(
        inspection=full,
        outcome=3,
        rationale="Systemic failings",
        decided_by=hmi,
        decided_at=timezone.now(),
        published_on=date(2027, 3, 1),
    )

    with time_machine.travel(ANNOUNCE_DAY, tick=True):
        # The administrator sees Northshire is due and announces its monitoring inspection.
        sign_in(admin)
        page.get_by_role("button", name="Announce a monitoring inspection").click()
        row = page.locator("#monitoring-candidates tbody tr", has_text="Northshire")
        assert "Within approximately 18 months: by 1 September 2028" in row.inner_text()
        assert_accessible(page)
        page.get_by_label("Local area partnership").select_option(label="Northshire")
        page.get_by_label("Day", exact=True).fill("6")
        page.get_by_label("Month", exact=True).fill("9")
        page.get_by_label("Year", exact=True).fill("2027")
        page.get_by_label("Lead inspector (Ofsted HMI)").select_option(label="Helen Okafor (Ofsted)")
        page.get_by_label("Tom Barnes (Ofsted)").check()
        page.get_by_role("button", name="Announce monitoring inspection").click()
        monitoring = Inspection.objects.get(kind="monitoring")
        page.wait_for_url(f"{live_server.url}/inspections/{monitoring.pk}/")
        assert "Inspectors visit" in page.inner_text("main")
        assert "Surveys open" not in page.inner_text("main")
        assert_accessible(page)
        _sign_out(page)

    with time_machine.travel(FINAL_DAY, tick=True):
        record_final_feedback(inspection=monitoring, held_on=date(2027, 9, 24), by=hmi, today=date(2027, 9, 24))
        matrix = f"{live_server.url}/inspections/{monitoring.pk}/monitoring/"

        # The lead inspector opens "Evidence and findings" and cannot conclude before writing the findings.
        sign_in(hmi)
        page.goto(f"{live_server.url}/inspections/{monitoring.pk}/")
        page.get_by_role("link", name="Evidence and findings").click()
        page.wait_for_url(matrix)
        assert "Areas for priority action against sources" in page.inner_text("main")
        assert_accessible(page)
        page.get_by_role("link", name="Record the conclusion").click()
        page.get_by_label("Effective action", exact=True).check()
        page.get_by_label("Reasons for the conclusion").fill("Plans are timely and families get help while waiting.")
        page.get_by_role("button", name="Save conclusion").click()
        assert "Record a finding for each area for priority action before concluding" in page.inner_text(
            ".govuk-error-summary"
        )
        assert_accessible(page)

        # A finding for each area, then the conclusion.
        page.goto(matrix)
        for number, finding in (
            (1, "Nine in ten EHC plans are now issued within 20 weeks."),
            (2, "Families now get a named contact and practical help while they wait for therapy."),
        ):
            page.get_by_role("link", name=f"Record the finding for area {number}").click()
            if number == 1:
                assert_accessible(page)
            page.get_by_label("Finding").fill(finding)
            page.get_by_role("button", name="Save finding").click()
            page.wait_for_url(matrix)
            assert finding in page.inner_text(f"#finding-{number}")
        page.get_by_role("link", name="Record the conclusion").click()
        page.get_by_label("Effective action", exact=True).check()
        page.get_by_label("Reasons for the conclusion").fill("Plans are timely and families get help while waiting.")
        page.get_by_role("button", name="Save conclusion").click()
        page.wait_for_url(matrix)
        assert "Effective action" in page.inner_text("#conclusion")
        assert_accessible(page)

        # The letter: started on the report page and rendered by the worker.
        page.get_by_role("link", name="Report", exact=True).click()
        page.get_by_role("button", name="Start the report").click()
        page.goto(f"{live_server.url}/inspections/{monitoring.pk}/report/")
        assert "Effective action" in page.inner_text("#letter-conclusion")
        page.get_by_role("button", name="Generate PDF").click()
        page.locator("#pdf-download").wait_for(timeout=PDF_TIMEOUT_MS)
        assert_accessible(page)
        with page.expect_download() as info:
            page.locator("#pdf-download").click()
        path = tmp_path / "letter.pdf"
        info.value.save_as(path)
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages).split())
        assert "Monitoring inspection of Northshire Local Area Partnership" in text
        assert "The local area partnership has taken effective action" in text
        assert "Nine in ten EHC plans are now issued within 20 weeks." in text
        assert "DRAFT" in text


def test_evidence_withdrawn_a_finding_saved_twice_and_pages_that_do_not_apply(
    page, live_server, sign_in, assert_accessible
):
    from monitoring import services as monitoring_services

    northshire = PartnershipFactory(name="Northshire", region="north_east")
    hmi = InspectorFactory(first_name="Helen", last_name="Okafor", is_hmi=True)
    team = InspectorFactory(first_name="Tom", last_name="Barnes")
    full = make_inspection(partnership=northshire, lead=hmi, team=[team])
    areas = [
        AreaForAction.objects.create(inspection=full, kind="priority", text=text, criteria=[1], order=order)
        for order, text in enumerate(AREAS)
    ]
    OutcomeDecision.objects.create(
        inspection=full,
        outcome=3,
        rationale="Systemic failings",
        decided_by=hmi,
        decided_at=timezone.now(),
        published_on=date(2027, 3, 1),
    )
    with time_machine.travel(ANNOUNCE_DAY, tick=True):
        monitoring = monitoring_services.announce_monitoring_inspection(
            partnership=northshire,
            notified_on=date(2027, 9, 6),
            by=AdministratorFactory(),
            lead_inspector=hmi,
            team=[team],
            today=date(2027, 8, 31),
        )
    evidence = monitoring_services.record_monitoring_evidence(
        inspection=monitoring,
        area=areas[0],
        source_kind="practitioner_meeting",
        text="Therapists run a weekly drop-in for families waiting.",
        by=team,
    )
    matrix = f"{live_server.url}/inspections/{monitoring.pk}/monitoring/"

    with time_machine.travel(FINAL_DAY, tick=True):
        # A team inspector withdraws evidence recorded against the wrong area: a reason is required.
        sign_in(team)
        page.goto(matrix)
        page.get_by_role("link", name=f"Withdraw evidence {evidence.reference}").click()
        page.get_by_role("button", name="Withdraw evidence").click()
        assert "Enter why you are withdrawing this evidence" in page.inner_text(".govuk-error-summary")
        assert_accessible(page)
        page.get_by_label("Why are you withdrawing this evidence?").fill("It is about area 2, not area 1")
        page.get_by_role("button", name="Withdraw evidence").click()
        page.wait_for_url(matrix)
        assert f"Evidence {evidence.reference} withdrawn" in page.inner_text("main")
        page.get_by_text("Withdrawn evidence (1)").click()
        assert "It is about area 2, not area 1" in page.inner_text("#withdrawn-evidence")

        # The criteria coverage matrix, opened by its address, sends them to the areas with the reason.
        page.goto(f"{live_server.url}/inspections/{monitoring.pk}/fieldwork/coverage/")
        page.wait_for_url(matrix)
        assert "not the criteria" in page.inner_text(".govuk-notification-banner")
        assert_accessible(page)
        _sign_out(page)

        # The lead inspector's finding is saved from another tab meanwhile: the older page shows both.
        sign_in(hmi)
        page.goto(matrix)
        page.get_by_role("link", name="Record the finding for area 1").click()
        page.get_by_label("Finding").fill("Plans are still late.")
        monitoring_services.save_area_finding(
            inspection=monitoring, area=areas[0], text="Nine in ten plans are on time.", by=hmi
        )
        page.get_by_role("button", name="Save finding").click()
        assert "Someone else has changed this since you opened it" in page.inner_text("main")
        assert "Nine in ten plans are on time." in page.inner_text("main")
        assert_accessible(page)
        page.get_by_label("Your version: finding").fill("Nine in ten plans are on time; some are still late.")
        page.get_by_role("button", name="Save the text in the boxes").click()
        page.wait_for_url(matrix)
        assert "Nine in ten plans are on time; some are still late." in page.inner_text("#finding-1")

        # The tracking cohort page opens case sampling instead, saying why.
        page.goto(f"{live_server.url}/inspections/{monitoring.pk}/children/")
        page.wait_for_url(f"{live_server.url}/inspections/{monitoring.pk}/children/case-sampling/")
        assert "does not track children and young people" in page.inner_text(".govuk-notification-banner")
        assert_accessible(page)
