"""The report's journey: generate the PDF, factual accuracy check, publication and download."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from accounts.tests.factories import CqcInspectorFactory, InspectorFactory
from inspections.services import record_final_feedback
from inspections.tests.factories import PartnershipFactory, PartnershipLeadFactory, make_inspection
from reports.tests.factories import PRIORITY_TEXT, decide
from reports.tests.worker import celery_worker_process  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

PDF_TIMEOUT_MS = 90_000


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_lead_inspector_publishes_after_the_partnership_comments(
    page, live_server, sign_in, assert_accessible, celery_worker_process, tmp_path
):
    northshire = PartnershipFactory(name="Northshire")
    hmi = InspectorFactory(first_name="Helen", last_name="Okafor")
    lano = PartnershipLeadFactory(partnership=northshire, is_lano=True, user__first_name="Sam").user
    inspection = make_inspection(partnership=northshire, lead=hmi, team=[CqcInspectorFactory()])
    decide(inspection, outcome=3, by=hmi)
    held_on = inspection.milestone_dates("final_feedback")[0]
    record_final_feedback(inspection=inspection, held_on=held_on, by=hmi, today=held_on)
    overview = f"{live_server.url}/inspections/{inspection.pk}/report/"

    # The lead inspector opens the report from the section navigation, starts it and writes; the draft saves itself.
    sign_in(hmi)
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/")
    page.get_by_role("link", name="Report", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(overview)
    assert_accessible(page)
    page.get_by_role("button", name="Start the report").click()
    field = page.get_by_label(
        "What is it like to be a child or young person with special educational needs and/or disabilities (SEND) in this area?"
    )
    field.focus()
    page.keyboard.type("Most children and young people get the help they need early.")
    page.locator("#autosave-status").filter(has_text="Draft saved at").wait_for(timeout=15_000)
    assert_accessible(page)

    # The team's summaries reach the report only when the lead starts from them, then edits them.
    page.get_by_role("button", name="Start from the team's summaries").click()
    effective = page.get_by_label("What is the area partnership doing that is effective?")
    assert "Needs are identified early in the youngest children." in effective.input_value()
    assert (
        "Most children and young people get the help they need early."
        in page.get_by_label(
            "What is it like to be a child or young person with special educational needs and/or disabilities (SEND) "
            "in this area?"
        ).input_value()
    )
    effective.focus()
    page.keyboard.press("End")
    page.keyboard.type(" Leaders act on what the forum tells them.")
    page.locator("#autosave-status").filter(has_text="Draft saved at").wait_for(timeout=15_000)
    assert_accessible(page)
    page.get_by_role("link", name="Back to the report").click()
    page.wait_for_url(overview)

    # Generate the PDF and watch it become ready without the page reloading.
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("button", name="Generate PDF").focus()
    page.keyboard.press("Enter")
    page.locator("#pdf-state .govuk-tag").filter(has_text="Queued").or_(
        page.locator("#pdf-state .govuk-tag").filter(has_text="Rendering")
    ).or_(page.locator("#pdf-download")).first.wait_for()
    page.locator("#pdf-download").wait_for(timeout=PDF_TIMEOUT_MS)
    assert page.locator("#pdf-state .govuk-tag").inner_text() == "Ready"
    assert page.evaluate("window.stillTheSamePage") is True
    assert_accessible(page)

    page.get_by_role("button", name="Send for factual accuracy check").click()
    assert "factual accuracy check" in page.locator(".govuk-notification-banner").inner_text()
    _sign_out(page)

    # The partnership's LANO reads the outcome, embargoed since the final feedback meeting.
    sign_in(lano)
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/outcome/")
    assert "Embargoed until the report is published" in page.inner_text("main")
    assert_accessible(page)

    # The LANO reads the draft and comments on it.
    page.goto(overview)
    page.get_by_role("link", name="Read the report (draft)").click()
    assert "Most children and young people get the help they need early." in page.inner_text("main")
    assert PRIORITY_TEXT in page.inner_text("main")
    assert "Leaders act on what the forum tells them." in page.inner_text("main")
    assert_accessible(page)
    page.go_back()
    page.get_by_label("Which part of the report is it about?").select_option(
        "Information about the local area partnership"
    )
    page.get_by_label("Your comment").fill("The integrated care board's name has changed since April.")
    page.get_by_role("button", name="Send comment").focus()
    page.keyboard.press("Enter")
    assert "sent to the inspection team" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)
    _sign_out(page)

    # The lead inspector sees the comment, marks the report final and publishes it.
    sign_in(hmi)
    page.goto(overview)
    assert "The integrated care board's name has changed since April." in page.inner_text("#comments ~ *")
    page.get_by_role("button", name="Mark as final").click()
    page.get_by_role("button", name="Publish the report").click()
    page.locator("#published-download").wait_for(timeout=PDF_TIMEOUT_MS)
    assert_accessible(page)
    _sign_out(page)

    # The LANO downloads the published report.
    sign_in(lano)
    page.goto(overview)
    with page.expect_download() as info:
        page.locator("#published-download").click()
    path = tmp_path / "published.pdf"
    info.value.save_as(path)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    assert "The next full reinspection will be within approximately 3 years." in text and "DRAFT" not in text
    assert_accessible(page)


def test_after_publication_the_timeline_shows_it_done_and_the_leads_see_their_plan_due(
    page, live_server, sign_in, assert_accessible
):
    from datetime import timedelta

    from django.utils import timezone

    from reports import services

    northshire = PartnershipFactory(name="Northshire")
    hmi = InspectorFactory(first_name="Helen", last_name="Okafor")
    lano = PartnershipLeadFactory(partnership=northshire, is_lano=True).user
    today = timezone.localdate()
    notified_on = today - timedelta(days=119 + today.weekday())  # a Monday 17 weeks ago
    inspection = make_inspection(partnership=northshire, lead=hmi, notified_on=notified_on, override_reason="Test")
    decide(inspection, outcome=3, by=hmi)
    held_on = inspection.milestone_dates("final_feedback")[0]
    record_final_feedback(inspection=inspection, held_on=held_on, by=hmi, today=held_on)
    report = services.start_report(inspection=inspection, by=hmi)
    services.send_for_factual_accuracy(report=report, by=hmi)
    services.add_factual_accuracy_comment(report=report, by=lano, text="No comments.")
    services.mark_final(report=report, by=hmi)
    services.publish_report(report=report, by=hmi, enqueue=False)

    sign_in(hmi)
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/")
    published = page.locator("#milestone-report_published")
    assert published.get_by_role("heading").inner_text().startswith("Report published")
    assert "(planned)" not in published.inner_text() and "Done" in published.inner_text()
    assert published.get_by_role("link", name="Move").count() == 0
    assert "Move" in page.locator("#milestone-final_feedback").inner_text()  # others can still be moved
    assert_accessible(page)
    _sign_out(page)

    sign_in(lano)
    due = page.locator(".govuk-inset-text").filter(has_text="Due from you next")
    assert "Priority action plan" in due.inner_text()
    assert "(planned)" not in page.locator("#milestone-report_published").inner_text()
    assert_accessible(page)


def test_publish_refusal_lists_each_finding_once_with_a_link_to_the_section_to_edit_on_a_phone(
    page, live_server, sign_in, assert_accessible, assert_error_links_resolve, monkeypatch
):
    from reports import selectors, services

    northshire = PartnershipFactory(name="Northshire")
    hmi = InspectorFactory(first_name="Helen", last_name="Okafor")
    lano = PartnershipLeadFactory(partnership=northshire, is_lano=True).user
    inspection = make_inspection(partnership=northshire, lead=hmi)
    decide(inspection, outcome=3, by=hmi)
    held_on = inspection.milestone_dates("final_feedback")[0]
    record_final_feedback(inspection=inspection, held_on=held_on, by=hmi, today=held_on)
    quote = "the wait for an assessment was far too long for our family"
    report = services.start_report(inspection=inspection, by=hmi)
    services.save_narrative(report=report, by=hmi, data={"better": f"One parent told us {quote}."})
    services.send_for_factual_accuracy(report=report, by=hmi)
    services.add_factual_accuracy_comment(report=report, by=lano, text="No comments.")
    services.mark_final(report=report, by=hmi)
    # Ten parents gave the same answer: the quote is still one thing to change.
    monkeypatch.setattr(selectors, "_survey_answers", lambda inspection: [f"Honestly {quote}."] * 10)

    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(hmi)
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/report/")
    page.get_by_role("button", name="Publish the report").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role("link").count() == 1
    assert_error_links_resolve(page)
    assert_accessible(page)
    summary.get_by_role("link").click()
    finding = page.locator("#finding-1")
    assert "What does the area partnership need to do better?" in finding.inner_text()
    href = finding.get_by_role("link", name="What does the area partnership need to do better?").get_attribute("href")
    assert href.endswith("/report/edit/#id_better")

    # Back to draft, the link opens the section to change.
    page.get_by_role("button", name="Return to draft").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}{href}")
    assert quote in page.locator("#id_better").input_value()
