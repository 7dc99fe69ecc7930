import pytest


@pytest.mark.django_db
def test_a_browser_asking_for_welsh_gets_english_pages_declared_as_english(client):
    """Django has Welsh for its own messages, but the service is not translated: never mix them."""
    page = client.post("/sign-in/", {"username": "", "password": ""}, HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert '<html lang="en-gb"' in page
    assert "Enter your email address" in page
