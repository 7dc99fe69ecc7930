import pytest

from reports import services

from .factories import decide
from .worker import celery_worker_process  # noqa: F401  (a fixture)


@pytest.fixture
def decided(inspection, lead_inspector):
    """The shared inspection with outcome 3, one priority action and one improvement."""
    decide(inspection, outcome=3, by=lead_inspector)
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
