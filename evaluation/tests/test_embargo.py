"""The partnership hears the outcome at the final feedback meeting and sees it, embargoed, from then on."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation import services
from evaluation.tests.factories import AreaForActionFactory
from inspections.services import record_final_feedback
from reports import services as report_services

FEEDBACK_DAY = date(2027, 1, 6)  # WD15 of the shared inspection
EMBARGO = "Embargoed until the report is published"


@pytest.fixture
def decided(inspection, lead_inspector):
    AreaForActionFactory(inspection=inspection)
    with time_machine.travel(date(2027, 1, 4)):
        return services.decide_outcome(inspection=inspection, outcome=3, rationale="Systemic delays", by=lead_inspector)


def _pages(client, inspection):
    outcome = client.get(reverse("evaluation:outcome", args=[inspection.pk]))
    overview = client.get(reverse("reports:overview", kwargs={"inspection_pk": inspection.pk}))
    return outcome, overview.content.decode()


def test_leads_see_nothing_before_the_final_feedback_then_the_embargoed_outcome(
    client_for, lana, lead_inspector, inspection, decided
):
    report_services.start_report(inspection=inspection, by=lead_inspector)
    outcome, overview = _pages(client_for(lana), inspection)
    assert outcome.status_code == 403 and b"Widespread" not in outcome.content
    assert "Widespread" not in overview and EMBARGO not in overview

    with time_machine.travel(FEEDBACK_DAY):
        response = client_for(lead_inspector).post(
            reverse("inspections:final_feedback", kwargs={"inspection_pk": inspection.pk}),
            {"held_on_0": "6", "held_on_1": "1", "held_on_2": "2027"},
        )
    assert response.status_code == 302

    outcome, overview = _pages(client_for(lana), inspection)
    page = outcome.content.decode()
    assert outcome.status_code == 200 and EMBARGO in page and "Widespread and/or systemic failings" in page
    assert EMBARGO in overview and "Widespread and/or systemic failings" in overview


def test_once_published_the_embargo_is_lifted(client_for, lana, inspection, decided):
    inspection.final_feedback_held_on = FEEDBACK_DAY
    inspection.save()
    services.record_publication(inspection=inspection, published_on=date(2027, 3, 1))
    page = client_for(lana).get(reverse("evaluation:outcome", args=[inspection.pk])).content.decode()
    assert "Published" in page and EMBARGO not in page


def test_only_the_lead_inspector_records_the_final_feedback(client_for, team_inspector, lana, inspection):
    for user in (team_inspector, lana):
        url = reverse("inspections:final_feedback", kwargs={"inspection_pk": inspection.pk})
        assert client_for(user).post(url, {"held_on_0": "6", "held_on_1": "1", "held_on_2": "2027"}).status_code == 403
    inspection.refresh_from_db()
    assert inspection.final_feedback_held_on is None


def test_the_meeting_is_recorded_once_held_and_not_before_on_site_work(inspection, lead_inspector):
    with pytest.raises(ValidationError, match="once on-site work has begun"):
        record_final_feedback(inspection=inspection, held_on=date(2026, 12, 29), by=lead_inspector, today=FEEDBACK_DAY)
    with pytest.raises(ValidationError, match="in the future"):
        record_final_feedback(inspection=inspection, held_on=FEEDBACK_DAY, by=lead_inspector, today=date(2027, 1, 5))


def test_the_draft_is_not_shared_before_the_final_feedback(inspection, lead_inspector, decided):
    report = report_services.start_report(inspection=inspection, by=lead_inspector)
    with pytest.raises(ValidationError, match="Record the final feedback meeting"):
        report_services.send_for_factual_accuracy(report=report, by=lead_inspector)
    record_final_feedback(inspection=inspection, held_on=FEEDBACK_DAY, by=lead_inspector, today=FEEDBACK_DAY)
    report.refresh_from_db()
    report.inspection.refresh_from_db()
    assert report_services.send_for_factual_accuracy(report=report, by=lead_inspector).stage == "factual_accuracy"
