"""A published outcome for the shared inspection (notified 14 December 2026, on site from 4 January 2027)."""

from datetime import date

import pytest
import time_machine

from evaluation import services as evaluation_services
from evaluation.tests.factories import AreaForActionFactory

ON_SITE = date(2027, 1, 4)
PUBLISHED_ON = date(2027, 3, 1)  # a Monday
#: 35 working days after Monday 1 March 2027, skipping Good Friday (26 March) and Easter Monday (29 March).
PLAN_DUE = date(2027, 4, 21)


@pytest.fixture
def publish(inspection, lead_inspector):
    def _publish(outcome: int):
        if outcome == 3:
            AreaForActionFactory(inspection=inspection)
        with time_machine.travel(ON_SITE):
            evaluation_services.decide_outcome(
                inspection=inspection, outcome=outcome, rationale="As found on site", by=lead_inspector
            )
        evaluation_services.record_publication(inspection=inspection, published_on=PUBLISHED_ON)
        return inspection

    return _publish
