"""The inspection dashboard with 1, 100 and 1,000 inspections: server time and query count.

Baseline: a minimal Django view through the same middleware and test client.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import AdministratorFactory, InspectorFactory
from bench.bench_evaluation import _analyze
from bench.harness import Result, median_seconds
from inspections.models import Inspection
from inspections.tests.factories import PartnershipFactory, make_inspection


def _grow_to(count: int, lead) -> None:
    have = Inspection.objects.count()
    start = date(2020, 1, 6)
    for i in range(have, count):
        make_inspection(
            partnership=PartnershipFactory(name=f"Bench partnership {i}"),
            notified_on=start + timedelta(weeks=i),
            lead=lead,
            override_reason="Benchmark data: every Monday, bank holidays included",
        )


@override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["*"])
def run() -> list[Result]:
    admin = AdministratorFactory()
    lead = InspectorFactory()
    client = Client()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    baseline = median_seconds(lambda: client.get("/bench/minimal/"), repeat=50) * 1000
    results = [Result("minimal Django view", baseline, "ms")]
    for count in (1, 100, 1000):
        _grow_to(count, lead)
        _analyze()
        seconds = median_seconds(lambda: client.get("/"), repeat=15)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/")
        assert response.status_code == 200
        results.append(
            Result(
                f"dashboard, {count} inspections (administrator)", seconds * 1000, "ms", "minimal Django view", baseline
            )
        )
        results.append(
            Result(
                f"dashboard queries, {count} inspections",
                len(ctx.captured_queries),
                "queries",
                goal="same for every size",
            )
        )
    # An inspector assigned to every inspection sees the same page through the team join.
    inspector_client = Client()
    inspector_client.force_login(lead, backend="django.contrib.auth.backends.ModelBackend")
    with CaptureQueriesContext(connection) as ctx:
        inspector_client.get("/")
    results.append(Result("dashboard queries, 1000 inspections (lead inspector)", len(ctx.captured_queries), "queries"))
    return results
