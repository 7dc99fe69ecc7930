import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD, InspectorFactory, LocalAreaLeadFactory


@pytest.mark.django_db
def test_signing_in_with_email_and_password_opens_the_dashboard(client):
    InspectorFactory(email="helen@ofsted.test")
    response = client.post(reverse("accounts:sign_in"), {"username": "Helen@Ofsted.test", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_a_wrong_password_shows_an_error_summary(client):
    InspectorFactory(email="helen@ofsted.test")
    response = client.post(reverse("accounts:sign_in"), {"username": "helen@ofsted.test", "password": "wrong"})
    html = response.content.decode()
    assert "There is a problem" in html and "Enter a correct email address and password" in html


@pytest.mark.django_db
def test_empty_fields_are_named_in_the_error_summary(client):
    html = client.post(reverse("accounts:sign_in"), {"username": "", "password": ""}).content.decode()
    assert "Enter your email address" in html and "Enter your password" in html


@pytest.mark.django_db
def test_sign_in_locks_after_five_failed_attempts(client):
    InspectorFactory(email="helen@ofsted.test")
    for _ in range(5):
        client.post(reverse("accounts:sign_in"), {"username": "helen@ofsted.test", "password": "wrong"})
    response = client.post(reverse("accounts:sign_in"), {"username": "helen@ofsted.test", "password": PASSWORD})
    assert response.status_code == 429
    assert "Sign-in is locked" in response.content.decode()


@pytest.mark.django_db
def test_sign_out_is_a_post(client_for):
    client = client_for(InspectorFactory())
    assert client.get(reverse("accounts:sign_out")).status_code == 405
    assert client.post(reverse("accounts:sign_out")).status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_only_administrators_reach_the_admin(client_for, admin_user):
    assert client_for(admin_user).get("/admin/").status_code == 200
    assert client_for(InspectorFactory()).get("/admin/").status_code == 302
    assert client_for(LocalAreaLeadFactory()).get("/admin/").status_code == 302


@pytest.mark.django_db
def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("password123")


@pytest.mark.django_db
def test_the_header_says_who_is_signed_in_and_their_role(client_for, cqc_inspector, lana):
    html = client_for(cqc_inspector).get("/").content.decode()
    who = html.split('id="signed-in-as"', 1)[1].split("</li>", 1)[0]
    assert f"<strong>{cqc_inspector.display_name}</strong>" in who and "(Inspector, CQC)" in who
    assert "visually-hidden" not in who
    html = client_for(lana).get("/").content.decode()
    assert "(Local area lead)" in html.split('id="signed-in-as"', 1)[1].split("</li>", 1)[0]
