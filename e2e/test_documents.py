"""Journeys of the information request: a lead uploads, an inspector asks for changes, the lead sees why."""

from __future__ import annotations

from pathlib import Path

import pytest

from accounts.tests.factories import PASSWORD, CqcInspectorFactory, InspectorFactory
from documents import samplefiles
from inspections.tests.factories import PartnershipFactory, PartnershipLeadFactory, make_inspection

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.usefixtures("journey_day")
def test_lead_uploads_self_evaluation_and_inspector_asks_for_changes(
    page, live_server, sign_in, assert_accessible, tmp_path
):
    northshire = PartnershipFactory(name="Northshire")
    hmi = InspectorFactory(first_name="Helen", last_name="Okafor")
    cqc = CqcInspectorFactory(first_name="Priya", last_name="Shah")
    lano = PartnershipLeadFactory(partnership=northshire, is_lano=True, user__first_name="Sam").user
    inspection = make_inspection(partnership=northshire, lead=hmi, team=[cqc])
    task_list = f"{live_server.url}/inspections/{inspection.pk}/information-request/"
    pdf_path = tmp_path / "Northshire self-evaluation.pdf"
    pdf_path.write_bytes(samplefiles.pdf_bytes("Northshire SEND self-evaluation 2026"))
    bad_path = tmp_path / "Plan with macros.docm"
    bad_path.write_bytes(samplefiles.docx_bytes(macro=True))

    # The lead opens the task list from the inspection's section navigation, with the keyboard.
    sign_in(lano)
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/")
    page.get_by_role("link", name="Information request").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(task_list)
    row = page.locator("#task-self-evaluation")
    assert "Not started" in row.inner_text()
    assert "Due by the end of Wednesday 16 December 2026" in row.inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Self-evaluation", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/information-request/self-evaluation/")
    assert_accessible(page)

    # A macro-enabled file is refused with a GOV.UK error summary that links to the field.
    page.get_by_label("Upload files").set_input_files(str(bad_path))
    page.get_by_role("button", name="Upload", exact=True).click()
    summary = page.locator(".govuk-error-summary")
    assert "must not contain macros" in summary.inner_text()
    assert_accessible(page)
    summary.get_by_role("link").first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_files"

    # The real PDF goes through; the status changes on the task list.
    page.get_by_label("Upload files").set_input_files(str(pdf_path))
    page.get_by_role("button", name="Upload", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(task_list)
    assert "1 file uploaded" in page.locator(".govuk-notification-banner").inner_text()
    row = page.locator("#task-self-evaluation")
    assert "Uploaded" in row.inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # The lead inspector reads the file and asks for changes.
    sign_in(hmi)
    page.goto(task_list)
    page.get_by_role("link", name="Self-evaluation", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Northshire self-evaluation.pdf").click()
    assert download.value.suggested_filename == "Northshire self-evaluation.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    page.get_by_label("Ask for changes").check()
    page.get_by_role("button", name="Save review").click()
    assert "Enter what the partnership needs to change" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Ask for changes").check()
    page.get_by_label("Comment for the partnership").fill("Please add your evaluation of criterion 9 (commissioning).")
    page.get_by_role("button", name="Save review").click()
    page.wait_for_url(task_list)
    assert "Changes requested" in page.locator("#task-self-evaluation").inner_text()

    # The activity log shows the download beside the upload and the review.
    page.get_by_role("link", name="See who uploaded, downloaded and reviewed what (activity log)").click()
    log = page.locator("table").inner_text()
    assert "Downloaded Northshire self-evaluation.pdf from “Self-evaluation” (version 1)" in log
    assert "Asked for changes to “Self-evaluation”" in log
    assert page.get_by_role("navigation", name="Inspection sections").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # The lead sees the comment on the task list.
    sign_in(lano)
    page.goto(task_list)
    row = page.locator("#task-self-evaluation")
    assert "Changes requested" in row.inner_text()
    assert "Please add your evaluation of criterion 9 (commissioning)." in row.inner_text()
    assert_accessible(page)


@pytest.mark.usefixtures("journey_day")
def test_lead_writes_the_self_evaluation_summary_and_comes_back_later(page, live_server, sign_in, assert_accessible):
    northshire = PartnershipFactory(name="Northshire")
    lano = PartnershipLeadFactory(partnership=northshire, is_lano=True).user
    inspection = make_inspection(partnership=northshire)
    sign_in(lano)
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/self-evaluation-summary/")
    assert_accessible(page)
    page.get_by_role("button", name="Start with criterion 1").click()
    assert_accessible(page)
    page.get_by_label("What we know about our effectiveness").fill("Most assessments finish within 20 weeks.")
    page.get_by_label("What we are doing next").fill("A new early help panel from January.")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/self-evaluation-summary/2/")
    page.get_by_label("What we know about our effectiveness").fill("Families say they are listened to.")
    page.get_by_role("button", name="Save and come back later").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/self-evaluation-summary/")
    assert "Most assessments finish within 20 weeks." in page.content()
    assert "Families say they are listened to." in page.content()
    assert_accessible(page)


@pytest.mark.usefixtures("journey_day")
def test_two_leads_edit_the_same_criterion_and_the_second_chooses_what_to_keep(browser, live_server, assert_accessible):
    northshire = PartnershipFactory(name="Northshire")
    sam = PartnershipLeadFactory(partnership=northshire, is_lano=True, user__first_name="Sam").user
    asha = PartnershipLeadFactory(partnership=northshire, user__first_name="Asha").user
    inspection = make_inspection(partnership=northshire)
    edit = f"{live_server.url}/inspections/{inspection.pk}/self-evaluation-summary/4/"
    pages = {}
    for who in (sam, asha):
        context = browser.new_context()
        pages[who] = context.new_page()
        pages[who].goto(f"{live_server.url}/sign-in/")
        pages[who].get_by_label("Email address").fill(who.email)
        pages[who].get_by_label("Password").fill(PASSWORD)
        pages[who].get_by_label("Password").press("Enter")
        pages[who].wait_for_load_state()
        pages[who].goto(edit)

    # Both opened criterion 4; Sam saves first.
    pages[sam].get_by_label("What we know about our effectiveness").fill("Annual reviews are mostly on time.")
    pages[sam].get_by_role("button", name="Save and come back later").click()
    pages[sam].wait_for_url("**/self-evaluation-summary/")

    # Asha's save from her older page is refused: she sees both texts and nothing of Sam's is lost.
    page = pages[asha]
    page.get_by_label("What we know about our effectiveness").fill("Reviews are late for older children.")
    page.get_by_role("button", name="Save and come back later").click()
    page.get_by_role("heading", name="Someone else has changed this since you opened it").wait_for()
    assert "Annual reviews are mostly on time." in page.locator("main").inner_text()
    assert f"{sam.display_name} saved a newer version" in page.locator("main").inner_text()
    assert_accessible(page)

    # She merges the two by hand and saves from the conflict page.
    mine = page.get_by_role("textbox", name="Your version").first
    assert mine.input_value() == "Reviews are late for older children."
    mine.fill("Annual reviews are mostly on time, but late for older children.")
    page.get_by_role("button", name="Save the text in the boxes").click()
    page.wait_for_url("**/self-evaluation-summary/")
    assert "Annual reviews are mostly on time, but late for older children." in page.content()
    pages[sam].reload()
    assert "Annual reviews are mostly on time, but late for older children." in pages[sam].content()
    for p in pages.values():
        p.context.close()
