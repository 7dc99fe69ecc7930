"""Journey: the case list goes in (after a row-level error), the lead inspector chooses the cohort,
a family declines, the suggested replacement is accepted and a tracking meeting is scheduled."""

from __future__ import annotations

import re
from datetime import date

import pytest

from accounts.tests.factories import CqcInspectorFactory, InspectorFactory
from inspections.tests.factories import PartnershipFactory, PartnershipLeadFactory, make_inspection
from tracking import services
from tracking.models import TrackedChild
from tracking.tests.factories import make_case_list, rows_to_csv, varied_rows

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.usefixtures("journey_day")
def test_case_list_to_tracking_meeting(page, live_server, sign_in, assert_accessible, tmp_path):
    northshire = PartnershipFactory(name="Northshire")
    hmi = InspectorFactory(first_name="Helen", last_name="Okafor")
    cqc = CqcInspectorFactory(first_name="Priya", last_name="Shah")
    lano = PartnershipLeadFactory(partnership=northshire, is_lano=True, user__first_name="Sam").user
    inspection = make_inspection(partnership=northshire, lead=hmi, team=[cqc])
    rows = varied_rows()
    bad_file = tmp_path / "northshire-case-list.csv"
    bad_file.write_bytes(rows_to_csv(rows, bad={"primary_need": "AUTISM"}))
    good_file = tmp_path / "northshire-case-list-fixed.csv"
    good_file.write_bytes(rows_to_csv(rows))
    case_list_url = f"{live_server.url}/inspections/{inspection.pk}/children/case-list/"

    # The local area lead reaches the case list through the section navigation, with the keyboard.
    sign_in(lano)
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/")
    page.get_by_role("link", name="Children and young people").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/children/")
    page.get_by_role("navigation", name="Children and young people").get_by_role("link", name="Case list").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(case_list_url)
    assert "Not started" in page.locator("main").inner_text()
    assert_accessible(page)

    # A file with one bad row is refused whole, with the row, column, value and problem.
    page.get_by_label("Upload the case list").set_input_files(str(bad_file))
    page.get_by_role("button", name="Upload case list").click()
    summary = page.locator(".govuk-error-summary")
    assert "Nothing was saved" in summary.inner_text()
    problem = page.locator("#row-problems tbody tr")
    assert problem.count() == 1
    assert re.search(r"2\s+primary_need\s+AUTISM\s+Enter an SEN2 code", problem.first.inner_text())
    assert page.get_by_role("link", name="Download the problems as a CSV file").is_visible()
    assert_accessible(page)
    summary.get_by_role("link").first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_file"

    # The fixed file goes in.
    page.get_by_label("Upload the case list").set_input_files(str(good_file))
    page.get_by_role("button", name="Upload case list").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(case_list_url)
    assert "Case list uploaded" in page.locator(".govuk-notification-banner").inner_text()
    assert "Uploaded" in page.locator("main").inner_text()
    assert_accessible(page)

    # The lead inspector proposes the cohort and sees why each child was chosen.
    page.context.clear_cookies()
    sign_in(hmi)
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/children/")
    page.get_by_role("button", name="Propose cohort").click()
    page.wait_for_url("**/children/")
    cohort = page.locator("#cohort tbody tr")
    assert cohort.count() == 6
    assert "OPTED-OUT" not in page.locator("#cohort").inner_text()
    assert page.get_by_role("heading", name="Range covered").is_visible()
    assert_accessible(page)

    # A family declines: the practitioner's answer is recorded with the reason.
    first = TrackedChild.objects.filter(active=True).order_by("pk").first()
    page.get_by_role("link", name=first.child_ref, exact=True).click()
    page.wait_for_url(f"**/tracked/{first.pk}/")
    assert_accessible(page)
    page.get_by_label("No, the family declined").check()
    page.get_by_label("Why did the family decline? (if they declined)").fill("The family is moving house this month")
    page.get_by_role("button", name="Save answer").click()

    # The replacement that keeps the range is suggested; the lead inspector accepts it.
    page.wait_for_url(f"**/tracked/{first.pk}/replace/")
    heading = page.locator(".govuk-summary-card__title").inner_text()
    suggested = heading.split(": ", 1)[1].strip()
    assert_accessible(page)
    page.get_by_role("button", name=f"Accept {suggested} as the replacement").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/children/")
    assert f"{suggested} replaces {first.child_ref}" in page.locator(".govuk-notification-banner").inner_text()
    assert "moving house" in page.locator("#left-cohort").inner_text()

    # The family of the new child agrees and the tracking meeting is scheduled.
    page.get_by_role("link", name=suggested, exact=True).click()
    page.get_by_label("Yes, the family agreed").check()
    page.get_by_role("button", name="Save answer").click()
    page.wait_for_load_state()
    assert "agreed to take part" in page.locator(".govuk-notification-banner").inner_text()
    meeting = page.locator("form", has=page.get_by_role("button", name="Save meeting"))
    meeting.get_by_label("Day").fill("31")
    meeting.get_by_label("Month").fill("12")
    meeting.get_by_label("Year").fill("2026")
    meeting.get_by_label("Time").fill("10:30")
    meeting.get_by_label("Family").check()
    meeting.get_by_label("Practitioners").check()
    meeting.get_by_role("button", name="Save meeting").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Tracking meeting scheduled" in main
    assert "Thursday 31 December 2026 at 10:30" in main
    assert_accessible(page)


@pytest.mark.usefixtures("journey_day")
def test_replacement_warns_which_minimum_will_be_lost_on_a_phone(page, live_server, sign_in, assert_accessible):
    northshire = PartnershipFactory(name="Northshire")
    hmi = InspectorFactory(first_name="Helen", last_name="Okafor")
    inspection = make_inspection(partnership=northshire, lead=hmi)
    # Only one child on the list is in alternative provision.
    make_case_list(inspection, rows=[r for r in varied_rows() if r.child_ref != "F-11-15"])
    selection = services.propose_cohort(inspection=inspection, by=hmi, seed=5, today=date(2026, 12, 15))
    leaving = selection.children.get(child_ref="C-11-15")

    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(hmi)
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/children/tracked/{leaving.pk}/")
    page.get_by_label("No, the family declined").check()
    page.get_by_label("Why did the family decline? (if they declined)").fill("The family is moving house")
    page.get_by_role("button", name="Save answer").click()
    page.wait_for_url(f"**/tracked/{leaving.pk}/replace/")

    # Before accepting, the lead inspector reads which minimum the cohort will lose.
    warning = page.locator("#minimums-lost")
    assert "In alternative provision (minimum range)" in warning.inner_text()
    assert_accessible(page)
    suggested = page.locator(".govuk-summary-card__title").inner_text().split(": ", 1)[1].strip()
    page.get_by_role("button", name=f"Accept {suggested} as the replacement").click()
    page.wait_for_url("**/children/")
    assert re.search(r"In alternative provision.*Not covered", page.locator("main").inner_text(), re.S)


@pytest.mark.usefixtures("journey_day")
def test_case_sampling_error_links_lead_to_the_form_on_a_phone(
    page, live_server, sign_in, assert_accessible, assert_error_links_resolve
):
    northshire = PartnershipFactory(name="Northshire")
    hmi = InspectorFactory(first_name="Helen", last_name="Okafor")
    inspection = make_inspection(partnership=northshire, lead=hmi)
    make_case_list(inspection)

    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(hmi)
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/children/case-sampling/")
    page.get_by_label("Primary need").select_option("VI")
    page.get_by_role("button", name="Draw cases").click()
    page.wait_for_load_state()
    assert "No cases on the case list match this theme" in page.locator(".govuk-error-summary").inner_text()
    assert_error_links_resolve(page)
    assert_accessible(page)

    # Too many cases asked for: only the sample's size is drawn.
    page.get_by_label("Primary need").select_option("")
    page.get_by_label("How many cases?").fill("40")
    page.get_by_role("button", name="Draw cases").click()
    page.wait_for_load_state()
    assert "12 of 12 cases in the sample" in page.locator("main").inner_text()
    assert_accessible(page)


@pytest.mark.usefixtures("journey_day")
def test_tracking_table_fits_a_phone(page, live_server, sign_in, assert_accessible):
    northshire = PartnershipFactory(name="Northshire")
    hmi = InspectorFactory(first_name="Helen", last_name="Okafor")
    inspection = make_inspection(partnership=northshire, lead=hmi)
    make_case_list(inspection)
    services.propose_cohort(inspection=inspection, by=hmi, seed=5, today=date(2026, 12, 15))

    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(hmi)
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/children/")
    table = page.locator("#cohort")
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # Each row reads as a labelled list on the phone.
    label = page.evaluate("getComputedStyle(document.querySelector('#cohort td[data-label]'), '::before').content")
    assert "Status" in label
    assert table.locator("tbody tr").first.locator("td[data-label='Tracking meeting']").is_visible()
    assert_accessible(page)
