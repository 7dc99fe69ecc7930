"""A lead who has forgotten their password resets it from the sign-in page and signs in again."""

import re

import pytest
from django.core import mail

from accounts.tests.factories import PASSWORD
from inspections.tests.factories import PartnershipFactory, PartnershipLeadFactory

NEW_PASSWORD = "Harbour-lantern-quietly-42"

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_lead_resets_a_forgotten_password_and_signs_in(page, live_server, journey_day, assert_accessible):
    lano = PartnershipLeadFactory(partnership=PartnershipFactory(name="Northshire"), is_lano=True).user
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_role("link", name="Forgotten your password?").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Reset your password"
    assert_accessible(page)

    page.get_by_role("button", name="Send the link").click()
    summary = page.locator(".govuk-error-summary")
    assert "Enter your email address" in summary.inner_text()
    assert page.locator(summary.locator("a").first.get_attribute("href")).count() == 1
    assert_accessible(page)

    page.get_by_label("Email address").fill("nobody@nowhere.example")
    page.get_by_role("button", name="Send the link").click()
    answer_for_nobody = page.locator("main").inner_text()
    page.goto(f"{live_server.url}/password-reset/")
    page.get_by_label("Email address").fill(lano.email)
    page.get_by_role("button", name="Send the link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    assert page.locator("main").inner_text() == answer_for_nobody  # nothing says whether the account exists
    assert_accessible(page)

    [message] = mail.outbox
    link = re.search(r"https?://\S+/password-reset/\S+/", message.body).group(0)
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Choose a new password"
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill("something else entirely")
    page.get_by_role("button", name="Save the new password").click()
    assert "The two passwords do not match" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()
    assert "Your password has been changed" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Sign in with your new password").click()
    page.get_by_label("Email address").fill(lano.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert "Enter a correct email address and password" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.locator("#signed-in-as").count() == 1

    page.goto(link)  # the link worked once
    assert page.get_by_role("heading", level=1).inner_text() == "This link has expired"
