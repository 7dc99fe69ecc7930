"""Evidence typed offline comes back when the page is reopened, unless a newer version was saved
meanwhile; two inspectors saving the same evidence are shown each other's text instead of losing it."""

from __future__ import annotations

import pytest

from accounts.tests.factories import PASSWORD, CqcInspectorFactory, InspectorFactory
from evaluation import services
from evaluation.models import Evidence, EvidenceDraft
from inspections.tests.factories import PartnershipFactory, make_inspection

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("journey_day")]

RESTORED = "We have restored changes you made on this device while offline. Check them and save."


def sign_in(page, base: str, user) -> None:
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_load_state()


@pytest.fixture
def team():
    hmi = InspectorFactory(first_name="Helen", last_name="Okafor")
    priya = CqcInspectorFactory(first_name="Priya", last_name="Shah")
    inspection = make_inspection(partnership=PartnershipFactory(name="Westmere"), lead=hmi, team=[priya])
    evidence = services.record_evidence(
        inspection=inspection,
        by=hmi,
        criteria=[3],
        source_kind="case_sample",
        nature="weakness",
        text="Two health plans had no therapy advice.",
    )
    return inspection, hmi, priya, evidence


def type_offline_and_close(context, page, edit_url: str, text: str) -> None:
    """Open the page, lose the network, type, and close the tab before the connection returns."""
    page.goto(edit_url)
    context.set_offline(True)
    page.get_by_label("Evidence", exact=True).fill(text)
    page.locator("#autosave-status").filter(has_text="You are offline").wait_for()
    page.close()
    context.set_offline(False)


def test_an_offline_edit_is_restored_on_reopening_and_a_save_leaves_no_copy(
    browser, live_server, assert_accessible, team
):
    inspection, hmi, _, evidence = team
    edit_url = f"{live_server.url}/inspections/{inspection.pk}/evidence/{evidence.pk}/edit/"
    context = browser.new_context()
    sign_in(context.new_page(), live_server.url, hmi)
    offline_text = "Two health plans had no therapy advice; families waited 30 weeks."
    type_offline_and_close(context, context.new_page(), edit_url, offline_text)
    assert not EvidenceDraft.objects.exists()  # the change only ever reached this device

    page = context.new_page()
    page.goto(edit_url)
    assert page.get_by_label("Evidence", exact=True).input_value() == offline_text
    banner = page.locator("#device-restored")
    assert banner.is_visible() and RESTORED in banner.inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url("**/evidence/*/?saved_draft=*")
    evidence.refresh_from_db()
    assert (evidence.text, evidence.version_count) == (offline_text, 2)
    assert page.evaluate("Object.keys(window.localStorage).length") == 0
    page.wait_for_timeout(1500)  # time for any late autosave to reach the server
    assert not EvidenceDraft.objects.exists()

    # The next visit shows the saved text with nothing offered, and saving it changes nothing.
    page.goto(edit_url)
    assert page.get_by_label("Evidence", exact=True).input_value() == offline_text
    assert not page.locator("#device-restored").is_visible() and not page.locator("#device-stale").is_visible()
    context.close()


def test_an_offline_copy_of_an_older_version_is_shown_not_put_in_the_form(
    browser, live_server, assert_accessible, team
):
    inspection, hmi, priya, evidence = team
    edit_url = f"{live_server.url}/inspections/{inspection.pk}/evidence/{evidence.pk}/edit/"
    context = browser.new_context()
    sign_in(context.new_page(), live_server.url, hmi)
    stale_text = "Old wording typed on the train."
    type_offline_and_close(context, context.new_page(), edit_url, stale_text)
    # Meanwhile a colleague saves version 2.
    newer = "Two health plans had no therapy advice; the partnership has since added it."
    services.revise_evidence(
        evidence=evidence, by=priya, criteria=[3], source_kind="case_sample", nature="weakness", text=newer
    )

    page = context.new_page()
    page.goto(edit_url)
    box = page.get_by_label("Evidence", exact=True)
    assert box.input_value() == newer
    stale = page.locator("#device-stale")
    assert stale.is_visible() and "made from version 1" in stale.inner_text()
    assert "Version 2 has been saved since" in stale.inner_text()
    stale.get_by_text("Show the copy on this device").click()
    assert page.locator("#device-stale-text").inner_text() == stale_text
    assert not page.locator("#device-restored").is_visible()
    assert_accessible(page)

    # Discarding it shows the saved text again, and the copy is gone from the device and the server.
    with page.expect_navigation():
        stale.get_by_role("button", name="Discard the copy on this device").click()
    page.wait_for_load_state()
    assert not page.locator("#device-stale").is_visible() and not page.locator("#stale-copy").is_visible()
    assert page.get_by_label("Evidence", exact=True).input_value() == newer
    assert page.evaluate("Object.keys(window.localStorage).filter(k => k.includes('evidence-draft')).length") == 0
    assert not EvidenceDraft.objects.exists()
    evidence.refresh_from_db()
    assert (evidence.text, evidence.version_count) == (newer, 2)

    # Another stale copy; this time the inspector saves from the form: it keeps the newer text's
    # version check, and afterwards no copy is left to pre-fill the next visit. (Closing the tab first:
    # an open tab would send the copy to the server as soon as the connection returned.)
    page.close()
    type_offline_and_close(context, context.new_page(), edit_url, "More old wording.")
    newest = newer + " Checked again on Tuesday."
    services.revise_evidence(
        evidence=evidence, by=priya, criteria=[3], source_kind="case_sample", nature="weakness", text=newest
    )
    page = context.new_page()
    page.goto(edit_url)
    assert "made from version 2" in page.locator("#device-stale").inner_text()
    page.get_by_label("Evidence", exact=True).fill(newest + " Families agreed.")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url("**/evidence/*/?saved_draft=*")
    assert page.evaluate("Object.keys(window.localStorage).filter(k => k.includes('evidence-draft')).length") == 0
    page.goto(edit_url)
    assert page.get_by_label("Evidence", exact=True).input_value() == newest + " Families agreed."
    assert not page.locator("#device-stale").is_visible() and not page.locator("#stale-copy").is_visible()
    context.close()


def test_new_evidence_typed_offline_comes_back_in_the_form(browser, live_server, assert_accessible, team):
    inspection, hmi, _, _ = team
    new_url = f"{live_server.url}/inspections/{inspection.pk}/evidence/new/"
    context = browser.new_context()
    sign_in(context.new_page(), live_server.url, hmi)
    page = context.new_page()
    page.goto(new_url)
    page.get_by_label("7. Leaders engage with families").check()
    page.get_by_label("Parent carer forum meeting").check()
    page.get_by_label("Strength", exact=True).check()
    context.set_offline(True)
    text = "The forum co-wrote the new short breaks offer."
    page.get_by_label("Evidence", exact=True).fill(text)
    page.locator("#autosave-status").filter(has_text="You are offline").wait_for()
    page.close()
    context.set_offline(False)

    page = context.new_page()
    page.goto(new_url)
    assert page.get_by_label("Evidence", exact=True).input_value() == text
    assert page.get_by_label("7. Leaders engage with families").is_checked()
    assert page.get_by_label("Parent carer forum meeting").is_checked()
    assert RESTORED in page.locator("#device-restored").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Save evidence").click()
    page.wait_for_url("**/evidence/*/?saved_draft=*")
    assert Evidence.objects.filter(inspection=inspection, text=text).count() == 1
    page.wait_for_timeout(1500)
    assert not EvidenceDraft.objects.exists()
    assert page.evaluate("Object.keys(window.localStorage).length") == 0
    context.close()


def test_two_inspectors_saving_the_same_evidence_see_both_texts(browser, live_server, assert_accessible, team):
    inspection, hmi, priya, evidence = team
    edit_url = f"{live_server.url}/inspections/{inspection.pk}/evidence/{evidence.pk}/edit/"
    helen_context, priya_context = browser.new_context(), browser.new_context()
    helen, priya_page = helen_context.new_page(), priya_context.new_page()
    sign_in(helen, live_server.url, hmi)
    sign_in(priya_page, live_server.url, priya)
    helen.goto(edit_url)
    priya_page.goto(edit_url)

    helens = "Two health plans had no therapy advice, seen in the case sample."
    helen.get_by_label("Evidence", exact=True).fill(helens)
    helen.get_by_role("button", name="Save changes").click()
    helen.wait_for_url("**/evidence/*/?saved_draft=*")

    priyas = "Two health plans had no therapy advice; the CQC review found the same."
    priya_page.get_by_label("Evidence", exact=True).fill(priyas)
    priya_page.get_by_label("7. Leaders engage with families").check()
    priya_page.get_by_role("button", name="Save changes").click()
    priya_page.wait_for_load_state()
    assert priya_page.locator("h1").inner_text() == "Someone else has changed this since you opened it"
    main = priya_page.locator("main").inner_text()
    assert helens in main and "Helen Okafor saved a newer version" in main
    assert priya_page.get_by_label("Your version").input_value() == priyas
    evidence.refresh_from_db()
    assert (evidence.text, evidence.version_count) == (helens, 2)
    assert_accessible(priya_page)

    merged = "Two health plans had no therapy advice (case sample); the CQC review found the same."
    priya_page.get_by_label("Your version").fill(merged)
    priya_page.get_by_role("button", name="Save the text in the boxes").click()
    priya_page.wait_for_url("**/evidence/*/?saved_draft=*")
    evidence.refresh_from_db()
    assert (evidence.text, evidence.version_count, evidence.criterion_numbers) == (merged, 3, [3, 7])
    history = priya_page.locator("#versions").inner_text()
    assert helens in history and merged in history
    helen_context.close()
    priya_context.close()
