import pytest

from accounts.tests.factories import CqcInspectorFactory, InspectorFactory
from inspections.tests.factories import PartnershipFactory, make_inspection
from reports import services

from .factories import decide
from .worker import celery_worker_process  # noqa: F401  (a fixture)


@pytest.fixture
def decided(inspection, lead_inspector):
    """The shared inspection with outcome 3, one priority action and one improvement, after final feedback."""
    decide(inspection, outcome=3, by=lead_inspector)
    inspection.final_feedback_held_on = inspection.milestone_dates("final_feedback")[0]
    inspection.save(update_fields=["final_feedback_held_on"])
    return inspection


@pytest.fixture
def report(decided, lead_inspector):
    report = services.start_report(inspection=decided, by=lead_inspector)
    return services.save_narrative(
        report=report,
        by=lead_inspector,
        data={
            "child_experience": "Most children and young people with SEND in Northshire get the help they need.",
        },
    )


@pytest.fixture
def live_report(transactional_db):
    """A report whose rows are committed, so that other processes (a worker) can read them."""
    lead = InspectorFactory(first_name="Helen", last_name="Okafor")
    inspection = make_inspection(
        partnership=PartnershipFactory(name="Northshire"), lead=lead, team=[CqcInspectorFactory()]
    )
    decide(inspection, outcome=3, by=lead)
    return services.start_report(inspection=inspection, by=lead)
