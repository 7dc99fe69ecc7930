"""The evidence matrix with 10, 1,000 and 10,000 pieces of evidence: server time and query count.

Baseline: a minimal Django view through the same middleware and test client. The consequence
rules are timed on their own too (they run on every outcome page and on the follow-ups page).
"""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import CqcInspectorFactory, InspectorFactory
from bench.harness import Result, median_seconds
from evaluation.models import Evidence
from evaluation.outcomes import consequences_for
from evaluation.tests.factories import bulk_evidence
from inspections.tests.factories import PartnershipFactory, make_inspection
from inspections.working_days import bank_holidays


def _analyze() -> None:
    """Planner statistics as a live database keeps them: rows bulk-loaded a moment ago have none yet,
    and PostgreSQL would plan for an empty table."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["*"])
def run() -> list[Result]:
    lead, ofsted, cqc = InspectorFactory(), InspectorFactory(), CqcInspectorFactory()
    inspection = make_inspection(
        partnership=PartnershipFactory(name="Bench evaluation"),
        notified_on=date(2026, 12, 14),
        lead=lead,
        team=[ofsted, cqc],
    )
    client = Client()
    client.force_login(lead, backend="django.contrib.auth.backends.ModelBackend")
    baseline = median_seconds(lambda: client.get("/bench/minimal/"), repeat=50) * 1000
    results = [Result("minimal Django view", baseline, "ms")]
    url = f"/inspections/{inspection.pk}/evidence/matrix/"
    for count in (10, 1000, 10000):
        bulk_evidence(
            inspection=inspection,
            authors=[lead, ofsted, cqc],
            count=count - Evidence.objects.filter(inspection=inspection).count(),
        )
        _analyze()
        seconds = median_seconds(lambda: client.get(url), repeat=15)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        results.append(
            Result(
                f"evidence matrix, {count} pieces of evidence", seconds * 1000, "ms", "minimal Django view", baseline
            )
        )
        results.append(
            Result(
                f"evidence matrix queries, {count} pieces of evidence",
                len(ctx.captured_queries),
                "queries",
                goal="same for every size",
            )
        )
    holidays = bank_holidays()
    rules = (
        median_seconds(lambda: consequences_for(3, published_on=date(2027, 3, 1), bank_holidays=holidays), repeat=200)
        * 1_000_000
    )
    results.append(Result("outcome 3 consequences (pure rules)", rules, "µs", goal="well under 1 ms"))
    return results
