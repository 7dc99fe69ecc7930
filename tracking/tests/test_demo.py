"""The demo data shows every stage and can be loaded twice without change."""

from __future__ import annotations

from datetime import date

import pytest

from inspections.demo import seed_core
from tracking import demo, selectors
from tracking.models import CaseList, SampledCase, TrackedChild

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_shows_each_stage():
    ctx = seed_core(date(2026, 11, 25))
    demo.seed(ctx)
    counts = (CaseList.objects.count(), TrackedChild.objects.count(), SampledCase.objects.count())
    demo.seed(ctx)
    assert (CaseList.objects.count(), TrackedChild.objects.count(), SampledCase.objects.count()) == counts
    assert selectors.case_list_status(ctx.current) == "uploaded"
    assert selectors.selection_for(ctx.current) is None
    onsite = set(TrackedChild.objects.filter(selection__inspection=ctx.onsite).values_list("status", flat=True))
    assert {"declined", "agreed", "held"} <= onsite
    assert not TrackedChild.objects.filter(selection__inspection=ctx.published, active=True).exclude(status="held")
    assert SampledCase.objects.filter(sample__inspection=ctx.published, reviewed_at__isnull=False).count() == 8
