import datetime as dt

import pytest

from inspections.demo import seed_core
from surveys import demo
from surveys.models import FreeTextTag, Response, SafeguardingFlag

pytestmark = pytest.mark.django_db


def test_demo_seed_gives_each_inspection_responses_and_is_idempotent():
    ctx = seed_core(dt.date(2026, 11, 25))
    demo.seed(ctx)
    counts = {
        name: Response.objects.filter(survey__inspection=getattr(ctx, name)).count()
        for name in ("current", "onsite", "published")
    }
    assert counts["published"] >= 250 and counts["onsite"] >= 250 and 0 < counts["current"] < counts["onsite"]
    assert SafeguardingFlag.objects.exists() and FreeTextTag.objects.exists()
    total, tags = Response.objects.count(), FreeTextTag.objects.count()
    demo.seed(ctx)
    assert Response.objects.count() == total and FreeTextTag.objects.count() == tags
