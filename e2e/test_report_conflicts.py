"""The report open in two browsers: the second's autosave stops with a reason, its save shows both texts."""

from __future__ import annotations

import pytest

from accounts.tests.factories import PASSWORD, CqcInspectorFactory, InspectorFactory
from inspections.tests.factories import PartnershipFactory, make_inspection
from reports import services
from reports.models import Report, ReportSectionVersion

pytestmark = pytest.mark.django_db(transaction=True)

EFFECTIVE = "What is the area partnership doing that is effective?"
CONFLICT = (
    f"Someone else has changed ‘{EFFECTIVE}’ since you opened this page. "
    "Your text has not been saved. Save the form to compare the two versions."
)


@pytest.fixture
def two_browsers(browser):
    """Two separate browser contexts (a laptop and a tablet), closed after the test."""
    contexts = [browser.new_context(), browser.new_context()]
    yield contexts
    for context in contexts:
        context.close()


def _signed_in_page(context, live_server, user):
    page = context.new_page()
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_load_state()
    return page


def test_a_section_edited_in_two_browsers_is_never_lost(two_browsers, live_server, journey_day, assert_accessible):
    hmi = InspectorFactory(first_name="Helen", last_name="Okafor")
    inspection = make_inspection(
        partnership=PartnershipFactory(name="Northshire"), lead=hmi, team=[CqcInspectorFactory()]
    )
    report = services.start_report(inspection=inspection, by=hmi)
    edit = f"{live_server.url}/inspections/{inspection.pk}/report/edit/"

    laptop, tablet = (_signed_in_page(context, live_server, hmi) for context in two_browsers)
    laptop.goto(edit)
    tablet.goto(edit)

    # The laptop's text is saved as it is typed, each save from the version the previous one returned.
    laptop.get_by_label(EFFECTIVE).focus()
    laptop.keyboard.type("Early help works")
    laptop.locator("#autosave-status").filter(has_text="Draft saved at").wait_for(timeout=15_000)
    assert laptop.locator("input[name=version_effective]").input_value() == "1"
    laptop.keyboard.type(" well.")
    laptop.locator("input[name=version_effective][value='2']").wait_for(state="attached", timeout=15_000)
    laptop.locator("#autosave-status").filter(has_text="Draft saved at").wait_for(timeout=15_000)

    # The tablet was opened before that save: its autosave is refused, says why, and stops.
    autosaves = []
    tablet.on("request", lambda r: autosaves.append(r) if r.url.endswith("/report/autosave/") else None)
    tablet.get_by_label(EFFECTIVE).focus()
    tablet.keyboard.type("Leaders listen to families.")
    tablet.locator("#autosave-status").filter(has_text=CONFLICT).wait_for(timeout=15_000)
    assert len(autosaves) == 1
    tablet.keyboard.type(" And act on what they hear.")
    tablet.wait_for_timeout(2500)  # longer than the autosave's delay
    assert len(autosaves) == 1 and tablet.locator("#autosave-status").inner_text() == CONFLICT
    assert Report.objects.get(pk=report.pk).effective == "Early help works well."

    # Saving the form shows both texts side by side; the tablet's text is kept in its box.
    tablet.get_by_role("button", name="Save and return to the report").click()
    tablet.get_by_role("heading", name="Someone else has changed this since you opened it").wait_for()
    assert "Early help works well." in tablet.locator("main").inner_text()
    mine = tablet.get_by_label("Your version")
    assert mine.input_value() == "Leaders listen to families. And act on what they hear."
    assert_accessible(tablet)

    # Merged by hand and saved: the report has the merged text and history has every version.
    mine.fill("Early help works well. Leaders listen to families.")
    tablet.get_by_role("button", name="Save the text in the boxes").click()
    tablet.get_by_text("The report has been saved.").wait_for()
    assert Report.objects.get(pk=report.pk).effective == "Early help works well. Leaders listen to families."
    assert list(
        ReportSectionVersion.objects.filter(report=report, section="effective").values_list("text", flat=True)
    ) == ["Early help works well. Leaders listen to families.", "Early help works well.", "Early help works"]
    tablet.goto(f"{live_server.url}/inspections/{inspection.pk}/report/history/")
    assert "Version 3 (current)" in tablet.locator("main").inner_text()
    assert_accessible(tablet)
