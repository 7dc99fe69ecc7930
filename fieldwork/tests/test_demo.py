"""The demo: Westmere's week fully planned, Northshire's in progress with one conflict and one gap."""

from __future__ import annotations

import pytest

from fieldwork import demo as fieldwork_demo
from fieldwork import planning, selectors
from fieldwork.models import Activity
from inspections import demo
from tracking import demo as tracking_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2027-02-03 09:00:00+00:00", tick=False)


def test_demo_plans_westmere_fully_and_northshire_in_progress_once():
    ctx = demo.seed_core()
    tracking_demo.seed(ctx)
    fieldwork_demo.seed(ctx)
    fieldwork_demo.seed(ctx)  # a second run changes nothing

    westmere = selectors.week_plan(ctx.onsite)
    assert Activity.objects.filter(inspection=ctx.onsite).count() >= 30
    assert len(westmere.rows) >= 5
    assert westmere.problems == []
    assert any(entry.from_tracking for entry in westmere.entries.values())

    northshire = selectors.week_plan(ctx.current)
    assert [p.code for p in northshire.conflicts] == [planning.TRAVEL_GAP]
    assert [p.code for p in northshire.gaps] == [planning.MISSING_FINAL_FEEDBACK]
