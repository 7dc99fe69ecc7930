"""Uploads and the information request task list.

- Checking and storing a 5MB PDF through the upload service, against the bare cost of hashing
  and writing the same bytes to storage (the baseline).
- The task list page with 1 and 60 documents (each with three versions): time and query count.
"""

from __future__ import annotations

import io
import tempfile

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.harness import Result, median_seconds
from documents import catalogue, samplefiles, services
from inspections.demo import working_monday_on_or_before
from inspections.tests.factories import PartnershipFactory, PartnershipLeadFactory, make_inspection


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as media:
        storage_settings = {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": media}},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with override_settings(
            STORAGES=storage_settings, MEDIA_ROOT=media, ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["*"]
        ):
            return _run()


def _run() -> list[Result]:
    partnership = PartnershipFactory(name="Bench documents partnership")
    lead = PartnershipLeadFactory(partnership=partnership, is_lano=True).user
    inspection = make_inspection(partnership=partnership, notified_on=working_monday_on_or_before(timezone.localdate()))
    data = samplefiles.pdf_bytes("Bench") + b"%" + b"0" * (5 * 1024 * 1024)

    def bare_write():
        import hashlib

        hashlib.sha256(data).hexdigest()
        storages["default"].save("bench/raw.pdf", ContentFile(data))

    def service_upload():
        services.upload_files(
            inspection=inspection,
            kind=catalogue.SELF_EVALUATION,
            by=lead,
            files=[services.IncomingFile(name="Self-evaluation.pdf", stream=io.BytesIO(data), size=len(data))],
        )

    baseline = median_seconds(bare_write, repeat=10) * 1000
    results = [
        Result("hash and store a 5MB file (no checks)", baseline, "ms"),
        Result(
            "upload service, 5MB PDF (checks, checksum, store, rows)",
            median_seconds(service_upload, repeat=10) * 1000,
            "ms",
            "hash and store a 5MB file (no checks)",
            baseline,
            goal="overhead is a fixed cost (checks, row lock, inserts)",
        ),
    ]

    client = Client()
    client.force_login(lead, backend="django.contrib.auth.backends.ModelBackend")
    url = f"/inspections/{inspection.pk}/information-request/"
    small = samplefiles.pdf_bytes()
    for count in (1, 60):
        while inspection.request_items.filter(kind=catalogue.OTHER).count() < count:
            n = inspection.request_items.filter(kind=catalogue.OTHER).count()
            for version in range(3):
                item = inspection.request_items.filter(kind=catalogue.OTHER, title=f"Document {n}").first()
                services.upload_files(
                    inspection=inspection,
                    kind=catalogue.OTHER,
                    by=lead,
                    item_id=item.pk if item else None,
                    title=f"Document {n}",
                    files=[services.IncomingFile(name=f"v{version}.pdf", stream=io.BytesIO(small), size=len(small))],
                )
        seconds = median_seconds(lambda: client.get(url), repeat=10)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        results.append(Result(f"task list, {count} other documents x 3 versions", seconds * 1000, "ms"))
        results.append(
            Result(
                f"task list queries, {count} other documents",
                len(ctx.captured_queries),
                "queries",
                goal="same for every size",
            )
        )
    return results
