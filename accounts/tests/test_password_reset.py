"""Forgotten password: one answer for every address, links that work once and expire, limits."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from django.core import mail
from django.utils import timezone

RESET = "/password-reset/"
SENT_TEXT = "If an account uses that email address, we have sent it a link to choose a new password."


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/password-reset/[^\s]+/)", message.body).group(1)


def test_the_answer_is_the_same_whether_or_not_an_account_uses_the_address(client, lana):
    known = client.post(RESET, {"email": lana.email}, follow=True)
    unknown = client.post(RESET, {"email": "nobody@nowhere.example"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [("/password-reset/sent/", 302)]
    assert SENT_TEXT in known.content.decode() and SENT_TEXT in unknown.content.decode()
    assert known.content.decode().replace(lana.email, "") == unknown.content.decode().replace(
        "nobody@nowhere.example", ""
    )
    [message] = mail.outbox
    assert message.to == [lana.email]
    assert message.subject == "Reset your Area SEND Inspect password"


def test_a_missing_or_malformed_address_is_shown_in_the_error_summary(db, client):
    page = client.post(RESET, {"email": "not an address"}).content.decode()
    assert "There is a problem" in page
    assert "Enter an email address in the correct format, like name@example.com" in page
    assert 'href="#id_email"' in page


def test_the_link_sets_a_new_password_and_then_no_longer_works(client, lana):
    client.post(RESET, {"email": lana.email})
    link = _link(mail.outbox[0])
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "A-new-long-passphrase-7", "new_password2": "A-new-long-passphrase-7"}
    )
    assert done.status_code == 302 and done.url == "/password-reset/done/"
    lana.refresh_from_db()
    assert lana.check_password("A-new-long-passphrase-7")
    client.logout()
    again = client.get(link, follow=True).content.decode()
    assert "This link has expired" in again


def test_the_link_expires(client, lana, settings):
    settings.PASSWORD_RESET_TIMEOUT = 60 * 60
    client.post(RESET, {"email": lana.email})
    link = _link(mail.outbox[0])
    assert "within 60 minutes" in mail.outbox[0].body
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        response = client.get(link, follow=True)
    assert response.status_code == 404
    page = response.content.decode()
    assert "This link has expired" in page
    assert "Ask for a new link" in page


def test_requests_for_one_address_are_limited_without_revealing_the_account(client, lana, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset_address": "2/3600"}
    for _ in range(2):
        assert client.post(RESET, {"email": lana.email}).status_code == 302
    refused = client.post(RESET, {"email": lana.email})
    assert refused.status_code == 429
    assert "Sorry, there have been too many attempts" in refused.content.decode()
    assert len(mail.outbox) == 2
    for _ in range(2):
        client.post(RESET, {"email": "nobody@nowhere.example"})
    assert client.post(RESET, {"email": "nobody@nowhere.example"}).status_code == 429  # same for no account


def test_requests_from_one_client_are_limited(db, client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset_client": "3/900"}
    codes = [client.post(RESET, {"email": f"person{n}@nowhere.example"}).status_code for n in range(4)]
    assert codes == [302, 302, 302, 429]


def test_the_sign_in_page_offers_the_reset(db, client):
    page = client.get("/sign-in/").content.decode()
    assert 'href="/password-reset/"' in page and "Forgotten your password?" in page
