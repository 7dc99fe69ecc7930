"""Users see that what they did worked: the announcement, the override reason, the safeguarding queue."""

from datetime import date

import pytest

from accounts.tests.factories import AdministratorFactory, InspectorFactory
from inspections.tests.factories import PartnershipFactory, PartnershipLeadFactory, make_inspection
from surveys.tests.factories import submit, survey_for

pytestmark = pytest.mark.django_db(transaction=True)


def _reason_box(page):
    return page.get_by_label("Reason for the different date")


@pytest.mark.usefixtures("before_the_announcement")
def test_the_override_reason_appears_when_ticked_and_the_announcement_is_confirmed(
    page, live_server, sign_in, assert_accessible
):
    PartnershipFactory(name="Northshire")
    PartnershipLeadFactory(partnership__name="Westmere")
    hmi = InspectorFactory(first_name="Helen", last_name="Okafor", is_hmi=True)
    sign_in(AdministratorFactory())
    page.goto(f"{live_server.url}/inspections/announce/")
    assert not _reason_box(page).is_visible()
    page.get_by_label("Announce on this date even though it is not a working Monday").check()
    assert _reason_box(page).is_visible()
    assert_accessible(page)
    page.get_by_label("Announce on this date even though it is not a working Monday").uncheck()
    assert not _reason_box(page).is_visible()

    page.get_by_label("Local area partnership").select_option(label="Northshire")
    page.get_by_label("Lead inspector (Ofsted HMI)").select_option(value=str(hmi.pk))
    page.get_by_label("Day", exact=True).fill("14")
    page.get_by_label("Month", exact=True).fill("12")
    page.get_by_label("Year", exact=True).fill("2026")
    page.get_by_role("button", name="Announce inspection").click()
    page.wait_for_url("**/inspections/*/")
    banner = page.locator(".govuk-notification-banner--success")
    assert banner.is_visible()
    assert "Inspection of Northshire announced: notification on 14 December 2026." in banner.inner_text()
    assert_accessible(page)


@pytest.mark.usefixtures("before_the_announcement")
def test_without_javascript_the_reason_box_is_always_there(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    admin = AdministratorFactory()
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Email address").fill(admin.email)
    from accounts.tests.factories import PASSWORD

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/inspections/announce/")
    assert _reason_box(page).is_visible()
    context.close()


def test_the_safeguarding_queue_confirms_a_decision_and_keeps_reviewed_answers_apart(
    page, live_server, sign_in, assert_accessible, journey_day
):
    lead = InspectorFactory(first_name="Helen", last_name="Okafor", is_hmi=True)
    inspection = make_inspection(lead=lead, notified_on=date(2026, 12, 14))
    survey = survey_for(inspection)
    submit(survey, text="I am worried he is being neglected at home")
    submit(survey, text="Someone hit my son on the bus and nobody did anything")
    sign_in(lead)
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/surveys/safeguarding/")
    assert page.locator("#not-reviewed").inner_text() == "2 answers not reviewed yet"
    assert page.locator("#reviewed").count() == 0
    assert_accessible(page)
    card = page.locator(".govuk-summary-card", has_text="neglected at home")
    card.get_by_label("Referred to children's social care").check()
    card.get_by_label("Note").fill("Referred to the front door")
    card.get_by_role("button", name="Record decision").click()
    banner = page.locator(".govuk-notification-banner--success")
    assert "Decision recorded: referred" in banner.inner_text()
    assert page.locator("#not-reviewed").inner_text() == "1 answer not reviewed yet"
    assert page.locator("#reviewed").inner_text() == "Reviewed (1)"
    reviewed = page.locator("#reviewed ~ .govuk-summary-card")
    assert reviewed.count() == 1 and "neglected at home" in reviewed.inner_text()
    assert_accessible(page)
