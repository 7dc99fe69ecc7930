"""Journeys of the foundation: announcing an inspection and following its timeline."""

from datetime import date
from pathlib import Path

import pytest

from accounts.tests.factories import AdministratorFactory, CqcInspectorFactory, InspectorFactory
from inspections.tests.factories import PartnershipFactory, PartnershipLeadFactory, make_inspection

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.usefixtures("before_the_announcement")
def test_an_administrator_announces_and_a_local_area_lead_follows_the_timeline(
    page, live_server, sign_in, assert_accessible
):
    northshire = PartnershipFactory(name="Northshire")
    southvale = PartnershipFactory(name="Southvale")
    hmi = InspectorFactory(first_name="Helen", last_name="Okafor", is_hmi=True)
    CqcInspectorFactory(first_name="Priya", last_name="Shah")
    lano = PartnershipLeadFactory(partnership=northshire, is_lano=True).user
    make_inspection(partnership=southvale, notified_on=date(2027, 1, 11))

    admin = AdministratorFactory()
    sign_in(hmi)
    who = page.locator("#signed-in-as")
    assert who.is_visible() and who.inner_text() == "Signed in as Helen Okafor (Inspector, Ofsted)"
    assert "Announce an inspection" not in page.content()  # only administrators announce
    page.get_by_role("button", name="Sign out").click()
    sign_in(admin)
    assert_accessible(page)
    page.get_by_role("button", name="Announce an inspection").click()
    page.get_by_label("Local area partnership").select_option(label="Northshire")
    page.get_by_label("Lead inspector (Ofsted HMI)").select_option(value=str(hmi.pk))
    # A Tuesday is refused with an error summary.
    page.get_by_label("Day", exact=True).fill("15")
    page.get_by_label("Month", exact=True).fill("12")
    page.get_by_label("Year", exact=True).fill("2026")
    page.get_by_label("Priya Shah (CQC)").check()
    page.get_by_role("button", name="Announce inspection").click()
    summary = page.locator(".govuk-error-summary")
    assert "is not a Monday" in summary.inner_text()
    assert_accessible(page)
    # Fix it using the keyboard only.
    page.get_by_label("Day", exact=True).fill("14")
    page.get_by_label("Day", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/inspections/*/")
    assert "Wednesday 30 December 2026 to Wednesday 6 January 2027" in page.locator("#milestone-on_site").inner_text()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the timeline for your calendar (.ics)").click()
    body = Path(download.value.path()).read_text()
    assert "BEGIN:VCALENDAR" in body and "20261230" in body
    page.get_by_role("button", name="Sign out").click()

    sign_in(lano)
    assert page.locator("#signed-in-as").is_visible()
    assert f"Signed in as {lano.display_name} (Local area lead)" == page.locator("#signed-in-as").inner_text()
    assert "Your area SEND inspection" in page.content()
    assert "Northshire" in page.content() and "Southvale" not in page.content()
    assert "Inspectors on site" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Open the inspection").click()
    assert "Inspection timeline" in page.content()
    assert_accessible(page)
