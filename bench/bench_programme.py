"""The national programme with 15 and 153 partnerships: server time and query count.

Each partnership has three inspections (two from its history and one in this service, published
with outcome 3) and ten engagement meetings on record. Baseline: a minimal Django view through the
same middleware and test client. Goal: the same number of queries at both sizes.
"""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import AdministratorFactory, InspectorFactory
from bench.harness import Result, median_seconds
from evaluation.models import OutcomeDecision
from followups.models import EngagementMeeting
from inspections.models import Partnership, PreviousInspection
from inspections.tests.factories import PartnershipFactory, make_inspection

NOTIFIED_ON = date(2024, 1, 8)
PUBLISHED_ON = date(2024, 4, 15)


def _grow_to(count: int, lead, admin) -> None:
    for i in range(Partnership.objects.count(), count):
        partnership = PartnershipFactory(name=f"Bench programme {i:03d}", region="london")
        PreviousInspection.objects.bulk_create(
            [
                PreviousInspection(
                    partnership=partnership, framework="2016", starts_on=date(2017, 3, 6), ends_on=date(2017, 3, 10)
                ),
                PreviousInspection(
                    partnership=partnership,
                    framework="2016",
                    kind="full",
                    starts_on=date(2020, 3, 2),
                    ends_on=date(2020, 3, 6),
                ),
            ]
        )
        inspection = make_inspection(partnership=partnership, notified_on=NOTIFIED_ON, lead=lead, announced_by=admin)
        OutcomeDecision.objects.create(
            inspection=inspection,
            outcome=3,
            rationale="Benchmark",
            decided_by=lead,
            decided_at=timezone.now(),
            published_on=PUBLISHED_ON,
        )
        EngagementMeeting.objects.bulk_create(
            EngagementMeeting(inspection=inspection, number=n, planned_on=date(2024, 10, 15)) for n in range(1, 11)
        )


@override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["*"])
def run() -> list[Result]:
    admin = AdministratorFactory()
    lead = InspectorFactory(is_hmi=True)
    client = Client()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    baseline = median_seconds(lambda: client.get("/bench/minimal/"), repeat=50) * 1000
    results = [Result("minimal Django view", baseline, "ms")]
    for count in (15, 153):
        _grow_to(count, lead, admin)
        seconds = median_seconds(lambda: client.get("/programme/"), repeat=5)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/programme/")
        assert response.status_code == 200
        results.append(
            Result(f"national programme, {count} partnerships", seconds * 1000, "ms", "minimal Django view", baseline)
        )
        results.append(
            Result(
                f"national programme queries, {count} partnerships",
                len(ctx.captured_queries),
                "queries",
                goal="same for every size",
            )
        )
    return results
