"""Survey journeys: a respondent on a phone-sized screen answers by keyboard alone, saves and
comes back with a resume code, and an inspector sees the results change."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import InspectorFactory
from inspections.demo import working_monday_on_or_before
from inspections.tests.factories import PartnershipFactory, make_inspection
from surveys import services
from surveys.tests.factories import answers_for

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 320, "height": 640}


def open_inspection(lead):
    """An inspection announced this week whose surveys stay open until tomorrow, whatever today is."""
    today = timezone.localdate()
    inspection = make_inspection(
        partnership=PartnershipFactory(name="Northshire"), notified_on=working_monday_on_or_before(today), lead=lead
    )
    surveys = {s.audience: s for s in services.ensure_surveys(inspection=inspection)}
    for survey in surveys.values():
        survey.closes_on_extended = today + timedelta(days=1)
        survey.extension_reason = "Kept open for the test"
        survey.save()
    return inspection, surveys


def tab_to(page, text: str, limit: int = 40) -> None:
    """Press Tab until the focused element's text contains `text`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if text in (page.evaluate("document.activeElement && document.activeElement.innerText") or ""):
            return
    raise AssertionError(f"could not reach {text!r} with the Tab key")


def activate(page) -> None:
    """Press Enter on the focused link or button and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def answer_page_by_keyboard(page, free_text: str) -> None:
    """Answer the question on screen with the keyboard: the first option, or some text."""
    if page.locator("textarea#answer").count():
        page.locator("textarea#answer").focus()
        page.keyboard.type(free_text)
    else:
        page.locator("input#answer").focus()
        page.keyboard.press("Space")


def respond(page, start_url: str, assert_accessible, *, save_at: int = 3) -> str:
    """Complete a survey by keyboard, saving and returning once; returns the confirmation text."""
    page.goto(start_url)
    assert_accessible(page)
    tab_to(page, "Start now")
    activate(page)
    number = 1
    while "/questions/" in page.url:
        if number == 1:
            # Continuing without an answer shows the error summary first.
            tab_to(page, "Continue")
            activate(page)
            assert page.locator(".govuk-error-summary").is_visible()
            assert page.title().startswith("Error:")
            assert_accessible(page)
        assert_accessible(page)
        answer_page_by_keyboard(page, "The staff listened and things got better.")
        if number == save_at:
            tab_to(page, "Save and come back later")
            activate(page)
            assert "/saved/" in page.url
            assert_accessible(page)
            code = page.locator("#resume-code").inner_text().strip()
            # Come back later on another device: no cookies, only the link and the code.
            page.context.clear_cookies()
            page.goto(start_url)
            tab_to(page, "Continue with a resume code")
            activate(page)
            assert "/resume/" in page.url
            assert_accessible(page)
            page.locator("#code").focus()
            page.keyboard.type(code.lower())
            activate(page)
            assert "/questions/" in page.url
            number += 1
            continue
        tab_to(page, "Continue")
        activate(page)
        number += 1
    assert "/check/" in page.url
    assert "Check your answers" in page.content()
    assert_accessible(page)
    tab_to(page, "Send your answers")
    activate(page)
    assert "/done/" in page.url
    assert_accessible(page)
    return page.locator(".govuk-panel").inner_text()


@pytest.mark.parametrize("audience", ["parents", "young_people", "practitioners"])
def test_respondent_completes_a_survey_on_a_phone_by_keyboard(audience, browser, live_server, assert_accessible):
    hmi = InspectorFactory()
    _, surveys = open_inspection(hmi)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    confirmation = respond(page, f"{live_server.url}/s/{surveys[audience].token}/", assert_accessible)
    assert "Your answers have been sent" in confirmation
    # Nothing overflows the 320-pixel screen sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert surveys[audience].responses.count() == 1
    context.close()


def test_inspector_sees_the_results_update(page, browser, live_server, sign_in, assert_accessible):
    hmi = InspectorFactory(first_name="Helen", last_name="Okafor")
    inspection, surveys = open_inspection(hmi)
    parents = surveys["parents"]
    for i in range(9):
        services.submit_response(
            survey=parents,
            version=1,
            answers=answers_for(parents.questions, pick=i % 2),
            submission_token=f"00000000-0000-0000-0000-00000000000{i}",
        )
    sign_in(hmi)
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/surveys/")
    assert_accessible(page)
    assert page.get_by_test_id("responses-parents").inner_text() == "fewer than 10"
    page.get_by_role("link", name="Results of the parents and carers survey").click()
    assert "fewer than 10" in page.get_by_test_id("total").inner_text()
    assert_accessible(page)

    phone = browser.new_context(viewport=PHONE)
    respondent = phone.new_page()
    respond(respondent, f"{live_server.url}/s/{parents.token}/", assert_accessible)
    phone.close()

    page.reload()
    assert page.get_by_test_id("total").inner_text() == "Responses: 10"
    page.get_by_label("Break the results down by").select_option(
        label="What support does your child or young person have?"
    )
    page.get_by_role("button", name="Show results").click()
    assert "Broken down by the answer to" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Back to surveys").click()
    page.get_by_role("link", name="Read and tag free-text answers").click()
    assert "The staff listened and things got better." in page.content()
    assert_accessible(page)
