"""The service's own error pages: a mistyped link never shows Django's debug page or a bare error."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path

from config import urls as project_urls


def _fails(request):
    raise RuntimeError("something broke")


def _refuses(request):
    raise PermissionDenied("Only the lead inspector can do this.")


urlpatterns = [
    *project_urls.urlpatterns,
    path("test-fails/", _fails),
    path("test-refuses/", _refuses),
]
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500


@pytest.mark.django_db
def test_a_mistyped_survey_link_shows_the_services_page_not_found(client, settings):
    settings.DEBUG = False
    response = client.get("/s/not-a-token/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "If you typed the web address, check it is correct." in page
    assert "govuk-header" in page
    assert "URLconf" not in page and "Using the URLconf" not in page


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_refusal_shows_the_services_page_with_the_reason(client, settings):
    settings.DEBUG = False
    response = client.get("/test-refuses/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You do not have access to this page" in page
    assert "Only the lead inspector can do this." in page


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_failure_shows_the_services_problem_page(settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/test-fails/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert "Try again later." in page
    assert "something broke" not in page and "Traceback" not in page
