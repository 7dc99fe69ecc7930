"""Pages of a full inspection that do not apply to a monitoring inspection say so, and are not linked.

The report's narrative (the letter is composed from the findings), the tracking cohort (a monitoring
inspection samples EHC plans only) and the criteria coverage matrix (evidence is against the areas
for priority action). A GET goes to the page that applies with the reason in a banner; a POST is
refused with a 400 page giving the reason, and nothing is stored.
"""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports import services as report_services
from reports.models import Report
from tracking.models import TrackingSelection

TODAY = date(2027, 9, 20)  # the first day of the visit


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY):
        yield


def to(name, inspection, *extra):
    return reverse(name, args=[inspection.pk, *extra])


def href(address: str) -> str:
    return f'href="{address}"'


def _followed(client, address):
    response = client.get(address, follow=True)
    assert response.status_code == 200
    return response.redirect_chain[-1][0], response.content.decode()


class TestReportNarrative:
    def test_the_edit_page_sends_the_lead_to_the_findings(self, client_for, monitoring_inspection, lead_inspector):
        client = client_for(lead_inspector)
        client.post(to("reports:start", monitoring_inspection))
        landed, page = _followed(client, to("reports:edit", monitoring_inspection))
        assert landed == to("monitoring:matrix", monitoring_inspection)
        assert "letter is composed from the finding on each area for priority action" in page

    def test_starting_the_letter_opens_the_report_page_not_the_editor(
        self, client_for, monitoring_inspection, lead_inspector
    ):
        response = client_for(lead_inspector).post(to("reports:start", monitoring_inspection))
        assert response["Location"] == to("reports:overview", monitoring_inspection)
        page = client_for(lead_inspector).get(to("reports:overview", monitoring_inspection)).content.decode()
        assert href(to("reports:edit", monitoring_inspection)) not in page

    def test_saving_a_narrative_is_refused_with_the_reason(self, client_for, monitoring_inspection, lead_inspector):
        client = client_for(lead_inspector)
        client.post(to("reports:start", monitoring_inspection))
        response = client.post(to("reports:edit", monitoring_inspection), {"effective": "Typed by URL"})
        assert response.status_code == 400
        assert "letter is composed from the finding on each area" in response.content.decode()
        response = client.post(to("reports:autosave", monitoring_inspection), {"effective": "Typed by URL"})
        assert response.status_code == 400
        assert "letter is composed" in response.json()["message"]
        response = client.post(to("reports:start_from_summaries", monitoring_inspection))
        assert response.status_code == 400
        assert Report.objects.get(inspection=monitoring_inspection).effective == ""

    def test_the_service_refuses_a_narrative(self, monitoring_inspection, lead_inspector):
        report = report_services.start_report(inspection=monitoring_inspection, by=lead_inspector)
        with pytest.raises(ValidationError, match="letter is composed"):
            report_services.save_narrative(report=report, data={"effective": "x"}, by=lead_inspector)


class TestTrackingCohort:
    @pytest.mark.parametrize("who", ["lead_inspector", "team_inspector", "lana"])
    def test_the_cohort_page_sends_everyone_to_case_sampling(self, request, client_for, monitoring_inspection, who):
        client = client_for(request.getfixturevalue(who))
        landed, page = _followed(client, to("tracking:overview", monitoring_inspection))
        assert landed == to("tracking:sampling", monitoring_inspection)
        assert "A monitoring inspection does not track children and young people" in page
        assert href(to("tracking:overview", monitoring_inspection)) not in page

    def test_a_child_page_by_address_says_so(self, client_for, monitoring_inspection, lead_inspector):
        client = client_for(lead_inspector)
        for name in ("tracking:child", "tracking:replace"):
            landed, page = _followed(client, to(name, monitoring_inspection, 1))
            assert landed == to("tracking:sampling", monitoring_inspection)
            assert "samples EHC plans at random" in page

    def test_choosing_children_is_refused_with_the_reason(self, client_for, monitoring_inspection, lead_inspector):
        from tracking.tests.factories import make_case_list

        make_case_list(monitoring_inspection)
        response = client_for(lead_inspector).post(to("tracking:propose", monitoring_inspection), {"seed": "5"})
        assert response.status_code == 400
        page = response.content.decode()
        assert "A monitoring inspection does not track children and young people" in page
        assert href(to("tracking:sampling", monitoring_inspection)) in page
        assert not TrackingSelection.objects.filter(inspection=monitoring_inspection).exists()

    def test_the_navigation_opens_children_on_case_sampling(self, client_for, monitoring_inspection, lana):
        page = client_for(lana).get(to("inspections:detail", monitoring_inspection)).content.decode()
        assert href(to("tracking:sampling", monitoring_inspection)) in page
        assert href(to("tracking:overview", monitoring_inspection)) not in page

    def test_a_full_inspection_keeps_its_cohort(self, client_for, published, lana):
        page = client_for(lana).get(to("inspections:detail", published)).content.decode()
        assert href(to("tracking:overview", published)) in page
        assert client_for(lana).get(to("tracking:overview", published)).status_code == 200


class TestCoverageMatrix:
    def test_the_coverage_page_sends_the_team_to_the_areas(self, client_for, monitoring_inspection, team_inspector):
        client = client_for(team_inspector)
        landed, page = _followed(client, to("fieldwork:coverage", monitoring_inspection))
        assert landed == to("monitoring:matrix", monitoring_inspection)
        assert "evidence is recorded against the areas for priority action, not the criteria" in page

    def test_the_fieldwork_plan_does_not_link_to_it(self, client_for, monitoring_inspection, team_inspector):
        page = client_for(team_inspector).get(to("fieldwork:week", monitoring_inspection)).content.decode()
        assert href(to("fieldwork:coverage", monitoring_inspection)) not in page
        assert href(to("fieldwork:arrange", monitoring_inspection)) in page

    def test_a_full_inspection_keeps_it(self, client_for, published, team_inspector):
        page = client_for(team_inspector).get(to("fieldwork:week", published)).content.decode()
        assert href(to("fieldwork:coverage", published)) in page
