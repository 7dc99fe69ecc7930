"""The fieldwork week grid with 15 and 150 activities for 8 inspectors: server time and query count.

Baseline: a minimal Django view through the same middleware and test client. Goal: the same
number of queries at every size.
"""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import CqcInspectorFactory, InspectorFactory
from bench.harness import Result, median_seconds
from fieldwork.tests.factories import fill_plan
from inspections.tests.factories import PartnershipFactory, make_inspection


@override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["*"])
def run() -> list[Result]:
    lead = InspectorFactory()
    team = [InspectorFactory() for _ in range(4)] + [CqcInspectorFactory() for _ in range(3)]
    inspection = make_inspection(
        partnership=PartnershipFactory(name="Bench fieldwork"), notified_on=date(2026, 12, 14), lead=lead, team=team
    )
    client = Client()
    client.force_login(lead, backend="django.contrib.auth.backends.ModelBackend")
    baseline = median_seconds(lambda: client.get("/bench/minimal/"), repeat=50) * 1000
    results = [Result("minimal Django view", baseline, "ms")]
    url = f"/inspections/{inspection.pk}/fieldwork/"
    for count in (15, 150):
        fill_plan(inspection, lead, [lead, *team], count)
        seconds = median_seconds(lambda: client.get(url), repeat=10)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        results.append(
            Result(
                f"fieldwork week grid, {count} activities, 8 inspectors",
                seconds * 1000,
                "ms",
                "minimal Django view",
                baseline,
            )
        )
        results.append(
            Result(
                f"fieldwork week grid queries, {count} activities",
                len(ctx.captured_queries),
                "queries",
                goal="same for every size",
            )
        )
    return results
