"""A published outcome 3 for the shared full inspection, and the monitoring inspection that follows it.

The full inspection is notified on Monday 14 December 2026 and its report published on Monday
1 March 2027; the monitoring inspection is notified on Monday 6 September 2027.
"""

from datetime import date

import pytest
from django.utils import timezone

from accounts.tests.factories import AdministratorFactory
from evaluation.models import AreaForAction, OutcomeDecision
from monitoring import services

PUBLISHED_ON = date(2027, 3, 1)
MONITORING_NOTIFIED_ON = date(2027, 9, 6)
AREA_TEXTS = (
    "Leaders should make sure that EHC plans are issued within 20 weeks.",
    "Leaders should make sure that children waiting for therapy get help while they wait.",
)


def publish_outcome(inspection, *, outcome: int, by, published_on: date = PUBLISHED_ON, areas=AREA_TEXTS):
    """Record an outcome (with its areas for priority action) as published, without the report's stages."""
    if outcome == 3:
        for order, text in enumerate(areas):
            AreaForAction.objects.create(
                inspection=inspection, kind=AreaForAction.PRIORITY, text=text, criteria=[1], order=order, created_by=by
            )
    return OutcomeDecision.objects.create(
        inspection=inspection,
        outcome=outcome,
        rationale="As found on site",
        decided_by=by,
        decided_at=timezone.now(),
        published_on=published_on,
    )


@pytest.fixture
def published(inspection, lead_inspector):
    """The shared full inspection with a published outcome 3 and two areas for priority action."""
    publish_outcome(inspection, outcome=3, by=lead_inspector)
    return inspection


@pytest.fixture
def announce(partnership, lead_inspector, team_inspector):
    def _announce(notified_on: date = MONITORING_NOTIFIED_ON, **kwargs):
        kwargs.setdefault("by", AdministratorFactory())
        kwargs.setdefault("lead_inspector", lead_inspector)
        kwargs.setdefault("team", [team_inspector])
        kwargs.setdefault("today", notified_on)
        return services.announce_monitoring_inspection(partnership=partnership, notified_on=notified_on, **kwargs)

    return _announce


@pytest.fixture
def monitoring_inspection(published, announce):
    return announce()


@pytest.fixture
def areas(published):
    return list(AreaForAction.objects.filter(inspection=published, kind=AreaForAction.PRIORITY).order_by("order"))
