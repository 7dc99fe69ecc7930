"""Sign-in attempts from one address are limited across accounts; no one can lock out everyone."""

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD, InspectorFactory

pytestmark = pytest.mark.django_db


def sign_in(client, email, password="wrong", address="10.0.0.1"):
    return client.post(reverse("accounts:sign_in"), {"username": email, "password": password}, REMOTE_ADDR=address)


def test_wrong_passwords_for_many_accounts_from_one_address_are_stopped(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign_in_client": "12/900"}
    for n in range(12):
        assert sign_in(client, f"person{n}@ofsted.test").status_code == 200
    refused = sign_in(client, "person99@ofsted.test")
    assert refused.status_code == 429
    assert "too many attempts" in refused.content.decode()


def test_a_locked_account_still_opens_from_its_owners_address(client):
    InspectorFactory(email="helen@ofsted.test")
    for _ in range(6):
        sign_in(client, "helen@ofsted.test", address="10.6.6.6")
    assert sign_in(client, "helen@ofsted.test", PASSWORD, address="10.6.6.6").status_code == 429
    assert sign_in(client, "helen@ofsted.test", PASSWORD, address="192.168.1.20").status_code == 302


def test_right_passwords_do_not_count_towards_the_limit(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign_in_client": "1/900"}
    InspectorFactory(email="helen@ofsted.test")
    for _ in range(3):
        assert sign_in(client, "helen@ofsted.test", PASSWORD).status_code == 302
        client.logout()
