"""The whole request body and the number of files are limited before anything is read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents import catalogue, samplefiles

pytestmark = pytest.mark.django_db


def test_a_body_over_the_limit_is_refused_with_a_page_before_it_is_read(client_for, lana, inspection, settings):
    settings.REQUEST_MAX_BODY_BYTES = 1024
    client = client_for(lana)
    url = reverse("documents:item", kwargs={"inspection_pk": inspection.pk, "kind": catalogue.SELF_EVALUATION})
    data = {"files": SimpleUploadedFile("plan.pdf", samplefiles.pdf_bytes() + b"%" * 4000, "application/pdf")}
    response = client.post(url, data)
    assert response.status_code == 413
    page = response.content.decode()
    assert "The files you sent are too large" in page and "Everything sent at once must be smaller" in page
    assert response["Cache-Control"] == "private, no-store"


def test_more_files_than_allowed_in_one_request_is_a_bad_request(client_for, lana, inspection, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    client = client_for(lana)
    url = reverse("documents:item", kwargs={"inspection_pk": inspection.pk, "kind": catalogue.SELF_EVALUATION})
    files = [SimpleUploadedFile(f"p{n}.pdf", samplefiles.pdf_bytes(), "application/pdf") for n in range(4)]
    assert client.post(url, {"files": files}).status_code == 400


def test_the_defaults_allow_ten_full_size_documents_at_most_in_a_hundred_megabytes(settings):
    assert settings.REQUEST_MAX_BODY_BYTES == 100 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 20
