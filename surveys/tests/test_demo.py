import datetime as dt
import time

import pytest

from inspections.demo import seed_core
from surveys import demo
from surveys.models import FreeTextTag, Response, SafeguardingFlag, Survey
from surveys.selectors import survey_results

pytestmark = pytest.mark.django_db


def test_demo_seed_gives_each_inspection_responses_and_is_idempotent():
    ctx = seed_core(dt.date(2026, 11, 25))
    started = time.monotonic()
    demo.seed(ctx)
    assert time.monotonic() - started < 60  # stored in bulk: the demo stays quick to load
    counts = {
        name: Response.objects.filter(survey__inspection=getattr(ctx, name)).count()
        for name in ("current", "onsite", "published")
    }
    assert counts["published"] >= 3000 and counts["onsite"] >= 2000 and 1000 <= counts["current"] < counts["onsite"]
    assert SafeguardingFlag.objects.exists() and FreeTextTag.objects.exists()
    total, tags = Response.objects.count(), FreeTextTag.objects.count()
    demo.seed(ctx)
    assert Response.objects.count() == total and FreeTextTag.objects.count() == tags


def test_northshire_shows_what_inspectors_will_see_with_realistic_numbers():
    ctx = seed_core(dt.date(2026, 11, 25))
    demo.seed(ctx)
    parents = Survey.objects.get(inspection=ctx.current, audience="parents")
    assert parents.responses.count() >= 600
    [results] = survey_results(ctx.current, audience="parents")
    assert results.total.shown and results.total.count == parents.responses.count()
    # Most answers are readable numbers now, spread over the options rather than all on one.
    cells = [o.cell for q in results.questions for o in q.options]
    readable = [c for c in cells if c.shown]
    assert len(readable) > len(cells) / 2
    assert max(c.count for c in readable) < results.total.count
    # Small cells are still hidden: a breakdown by an attribute has groups under ten somewhere.
    [broken_down] = survey_results(ctx.current, audience="parents", breakdown=results.breakdown_choices[0].key)
    cells = [cell for q in broken_down.questions if q.breakdown for _label, row in q.breakdown.rows for cell in row]
    assert any(not cell.shown and cell.display == "fewer than 10" for cell in cells)
    # Zero is shown (it identifies nobody); every other shown number is at least the threshold.
    assert all(cell.count == 0 or cell.count >= 10 for cell in cells if cell.shown)
