"""The monitoring inspection's pages: who may open them, and what a user sees."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.factories import AdministratorFactory
from inspections.models import Inspection
from monitoring.models import AreaFinding, MonitoringEvidence

TODAY = date(2027, 9, 20)  # the first day of the visit


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY):
        yield


def url(name, inspection, *extra):
    return reverse(f"monitoring:{name}", args=[inspection.pk, *extra])


def _announce_data(partnership, lead_inspector, notified_on=date(2027, 9, 27)):
    return {
        "partnership": partnership.pk,
        "notified_on_0": notified_on.day,
        "notified_on_1": notified_on.month,
        "notified_on_2": notified_on.year,
        "lead_inspector": lead_inspector.pk,
    }


class TestAnnounce:
    def test_shows_who_is_due_and_by_when(self, client_for, published):
        response = client_for(AdministratorFactory()).get(reverse("monitoring:announce"))
        assert response.status_code == 200
        assert "Within approximately 18 months: by 1 September 2028" in response.content.decode()

    def test_refused_without_a_published_outcome_3(self, client_for, inspection, partnership, lead_inspector):
        response = client_for(AdministratorFactory()).post(
            reverse("monitoring:announce"), _announce_data(partnership, lead_inspector)
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert "There is a problem" in page
        assert "a monitoring inspection follows only a published outcome 3" in page
        assert not Inspection.objects.filter(kind="monitoring").exists()

    def test_announced(self, client_for, published, partnership, lead_inspector):
        response = client_for(AdministratorFactory()).post(
            reverse("monitoring:announce"), _announce_data(partnership, lead_inspector)
        )
        monitoring = Inspection.objects.get(kind="monitoring")
        assert response.status_code == 302
        assert response["Location"] == reverse("inspections:detail", args=[monitoring.pk])
        timeline = client_for(AdministratorFactory()).get(response["Location"]).content.decode()
        assert "monitoring inspection, notified 27 September 2027" in timeline
        assert "Inspectors visit" in timeline
        assert "Surveys open" not in timeline

    def test_only_administrators(self, client_for, lead_inspector):
        assert client_for(lead_inspector).get(reverse("monitoring:announce")).status_code == 403


class TestAccess:
    def test_the_team_sees_areas_against_sources(self, client_for, monitoring_inspection, team_inspector):
        page = client_for(team_inspector).get(url("matrix", monitoring_inspection)).content.decode()
        assert "Areas for priority action against sources" in page
        assert "Leaders should make sure that EHC plans are issued within 20 weeks." in page
        assert "Within approximately 18 months of publication: by 1 September 2028" in page
        assert "Criterion 1" not in page

    @pytest.mark.parametrize("who,code", [("lana", 403), ("local_area_lead", 403), ("other_partnership_lead", 404)])
    def test_leads_never_see_monitoring_evidence(self, request, client_for, monitoring_inspection, who, code):
        user = request.getfixturevalue(who)
        for name, extra in [("matrix", ()), ("evidence_new", ()), ("conclusion", ())]:
            assert client_for(user).get(url(name, monitoring_inspection, *extra)).status_code == code

    def test_a_full_inspection_has_no_monitoring_page(self, client_for, published, team_inspector):
        assert client_for(team_inspector).get(url("matrix", published)).status_code == 404

    def test_the_criteria_matrix_sends_the_team_to_the_areas(self, client_for, monitoring_inspection, team_inspector):
        response = client_for(team_inspector).get(reverse("evaluation:matrix", args=[monitoring_inspection.pk]))
        assert response["Location"] == url("matrix", monitoring_inspection)

    def test_the_navigation_shows_evidence_and_findings(self, client_for, monitoring_inspection, team_inspector):
        page = client_for(team_inspector).get(reverse("inspections:detail", args=[monitoring_inspection.pk]))
        assert url("matrix", monitoring_inspection) in page.content.decode()
        assert reverse("evaluation:matrix", args=[monitoring_inspection.pk]) not in page.content.decode()


class TestNoSurveys:
    def test_the_survey_page_says_there_are_none(self, client_for, monitoring_inspection, lana, team_inspector):
        for user in (lana, team_inspector):
            response = client_for(user).get(reverse("surveys:overview", args=[monitoring_inspection.pk]))
            assert response.status_code == 200
            assert "A monitoring inspection has no surveys" in response.content.decode()

    def test_no_survey_links_can_be_made(self, client_for, monitoring_inspection, lead_inspector):
        response = client_for(lead_inspector).post(reverse("surveys:create_links", args=[monitoring_inspection.pk]))
        assert response.status_code == 400
        assert "A monitoring inspection has no surveys" in response.content.decode()

    @pytest.mark.parametrize("name,extra", [("results", ("parents",)), ("free_text", ()), ("safeguarding", ())])
    def test_other_survey_pages_say_so(self, client_for, monitoring_inspection, lead_inspector, name, extra):
        response = client_for(lead_inspector).get(reverse(f"surveys:{name}", args=[monitoring_inspection.pk, *extra]))
        assert response.status_code == 404
        assert "A monitoring inspection has no surveys" in response.content.decode()


def test_information_request_lists_progress_evidence_and_the_plan(client_for, monitoring_inspection, lana):
    page = client_for(lana).get(reverse("documents:task_list", args=[monitoring_inspection.pk])).content.decode()
    assert "Current priority action plan (area SEND)" in page
    assert "Progress evidence: area for priority action 1 – Leaders should make sure that EHC plans" in page
    assert "Progress evidence: area for priority action 2" in page
    assert "Self-evaluation summary" not in page
    assert "Due by the end of Wednesday 8 September 2027" in page
    # The full inspection's self-evaluation is not asked for.
    response = client_for(lana).get(reverse("documents:item", args=[monitoring_inspection.pk, "self-evaluation"]))
    assert response.status_code == 404


class TestRecording:
    def test_an_inspector_records_evidence(self, client_for, monitoring_inspection, areas, team_inspector):
        response = client_for(team_inspector).post(
            url("evidence_new", monitoring_inspection),
            {"area": areas[1].pk, "source_kind": "pcf_meeting", "text": "Families say waiting support has improved."},
        )
        assert response.status_code == 302
        evidence = MonitoringEvidence.objects.get()
        assert (evidence.area, evidence.reference) == (areas[1], "M1")
        page = client_for(team_inspector).get(url("matrix", monitoring_inspection)).content.decode()
        assert "Families say waiting support has improved." in page

    def test_missing_answers_show_the_error_summary(self, client_for, monitoring_inspection, team_inspector):
        response = client_for(team_inspector).post(url("evidence_new", monitoring_inspection), {})
        assert response.status_code == 400
        page = response.content.decode()
        assert "There is a problem" in page
        assert "Select the area for priority action the evidence is about" in page
        assert "Enter the evidence" in page

    def test_the_lead_records_findings_then_the_conclusion(
        self, client_for, monitoring_inspection, areas, lead_inspector
    ):
        client = client_for(lead_inspector)
        response = client.post(
            url("conclusion", monitoring_inspection), {"conclusion": "effective", "rationale": "x", "version": 0}
        )
        assert response.status_code == 400
        assert "Record a finding for each area for priority action before concluding" in response.content.decode()
        for area in areas:
            response = client.post(
                url("finding", monitoring_inspection, area.pk), {"text": f"Progress on {area.pk}", "version": 0}
            )
            assert response.status_code == 302
        assert AreaFinding.objects.count() == 2
        response = client.post(
            url("conclusion", monitoring_inspection),
            {"conclusion": "effective", "rationale": "Both areas improved", "version": 0},
        )
        assert response.status_code == 302
        page = client.get(url("matrix", monitoring_inspection)).content.decode()
        assert "Effective action" in page
        assert "Both areas improved" in page

    def test_a_team_inspector_cannot_conclude(self, client_for, monitoring_inspection, team_inspector):
        response = client_for(team_inspector).post(
            url("conclusion", monitoring_inspection), {"conclusion": "effective"}
        )
        assert response.status_code == 403

    def test_the_lead_draws_ehc_plans(self, client_for, monitoring_inspection, lead_inspector):
        from tracking.tests.factories import make_case_list

        make_case_list(monitoring_inspection)
        response = client_for(lead_inspector).post(url("draw_sample", monitoring_inspection), {"seed": "77"})
        assert response.status_code == 302
        page = client_for(lead_inspector).get(url("matrix", monitoring_inspection)).content.decode()
        assert "seed 77" in page

    def test_drawing_without_a_case_list_is_refused_with_a_reason(
        self, client_for, monitoring_inspection, lead_inspector
    ):
        response = client_for(lead_inspector).post(url("draw_sample", monitoring_inspection), {})
        assert response.status_code == 400
        assert "There is a problem" in response.content.decode()


class TestWithdrawEvidence:
    @pytest.fixture
    def evidence(self, monitoring_inspection, areas, team_inspector):
        from monitoring import services

        return services.record_monitoring_evidence(
            inspection=monitoring_inspection,
            area=areas[0],
            source_kind="case_sample",
            text="Four of six sampled plans were issued within 20 weeks.",
            by=team_inspector,
        )

    def test_an_inspector_withdraws_evidence_with_a_reason(self, client_for, evidence, team_inspector):
        client = client_for(team_inspector)
        matrix = client.get(url("matrix", evidence.inspection)).content.decode()
        page = url("evidence_withdraw", evidence.inspection, evidence.pk)
        assert page in matrix
        assert "Four of six sampled plans" in client.get(page).content.decode()
        response = client.post(page, {"reason": "Recorded against the wrong area"})
        assert response.status_code == 302
        evidence.refresh_from_db()
        assert evidence.withdrawal_reason == "Recorded against the wrong area"
        matrix = client.get(url("matrix", evidence.inspection)).content.decode()
        assert page not in matrix
        assert "Withdrawn evidence (1)" in matrix
        assert "Recorded against the wrong area" in matrix

    def test_a_reason_is_required(self, client_for, evidence, team_inspector):
        response = client_for(team_inspector).post(url("evidence_withdraw", evidence.inspection, evidence.pk), {})
        assert response.status_code == 400
        shown = response.content.decode()
        assert "There is a problem" in shown
        assert "Enter why you are withdrawing this evidence" in shown
        evidence.refresh_from_db()
        assert evidence.withdrawn_at is None

    def test_withdrawing_twice_is_refused_with_a_reason(self, client_for, evidence, team_inspector):
        client = client_for(team_inspector)
        page = url("evidence_withdraw", evidence.inspection, evidence.pk)
        client.post(page, {"reason": "Duplicate"})
        assert "This evidence was withdrawn on 20 September 2027: Duplicate" in client.get(page).content.decode()
        response = client.post(page, {"reason": "Again"})
        assert response.status_code == 400
        assert "This evidence has already been withdrawn" in response.content.decode()

    def test_nothing_is_withdrawn_after_the_letter_is_published(
        self, client_for, evidence, areas, lead_inspector, team_inspector
    ):
        from monitoring import services

        inspection = evidence.inspection
        for area in areas:
            services.save_area_finding(inspection=inspection, area=area, text="Done", by=lead_inspector)
        services.record_conclusion(inspection=inspection, conclusion="effective", rationale="Done", by=lead_inspector)
        services.record_letter_publication(inspection=inspection, published_on=date(2027, 11, 19))
        client = client_for(team_inspector)
        page = url("evidence_withdraw", inspection, evidence.pk)
        assert page not in client.get(url("matrix", inspection)).content.decode()
        assert "The monitoring letter has been published" in client.get(page).content.decode()
        response = client.post(page, {"reason": "Late change"})
        assert response.status_code == 400
        assert "The monitoring letter has been published" in response.content.decode()
        evidence.refresh_from_db()
        assert evidence.withdrawn_at is None

    @pytest.mark.parametrize("who,code", [("lana", 403), ("local_area_lead", 403), ("other_partnership_lead", 404)])
    def test_only_the_team_may_withdraw(self, request, client_for, evidence, who, code):
        client = client_for(request.getfixturevalue(who))
        page = url("evidence_withdraw", evidence.inspection, evidence.pk)
        assert client.get(page).status_code == code
        assert client.post(page, {"reason": "Not mine"}).status_code == code
        evidence.refresh_from_db()
        assert evidence.withdrawn_at is None

    def test_evidence_of_another_inspection_is_not_found(self, client_for, evidence, published, team_inspector):
        from inspections.tests.factories import make_inspection

        other = make_inspection(notified_on=date(2027, 9, 13), lead=team_inspector)
        response = client_for(team_inspector).get(reverse("monitoring:evidence_withdraw", args=[other.pk, evidence.pk]))
        assert response.status_code == 404


class TestEditConflicts:
    def test_a_finding_saved_from_an_older_page_shows_both_texts(
        self, client_for, monitoring_inspection, areas, lead_inspector
    ):
        client = client_for(lead_inspector)
        page = url("finding", monitoring_inspection, areas[0].pk)
        assert 'name="version" value="0"' in client.get(page).content.decode()
        assert client.post(page, {"text": "Plans are now timely.", "version": 0}).status_code == 302
        response = client.post(page, {"text": "Plans are still late.", "version": 0})
        assert response.status_code == 409
        shown = response.content.decode()
        assert "Someone else has changed this since you opened it" in shown
        assert "Plans are now timely." in shown
        assert "Plans are still late." in shown
        assert AreaFinding.objects.get(area=areas[0]).text == "Plans are now timely."
        # Saving from the conflict page (it carries the newer version) goes ahead.
        assert 'name="version" value="1"' in shown
        response = client.post(page, {"text": "Plans are timely; two were late.", "version": 1})
        assert response.status_code == 302
        assert AreaFinding.objects.get(area=areas[0]).text == "Plans are timely; two were late."

    def test_a_conclusion_saved_from_an_older_page_shows_both(
        self, client_for, monitoring_inspection, areas, lead_inspector
    ):
        client = client_for(lead_inspector)
        for area in areas:
            client.post(url("finding", monitoring_inspection, area.pk), {"text": "Done", "version": 0})
        page = url("conclusion", monitoring_inspection)
        first = {"conclusion": "effective", "rationale": "Both areas improved", "version": 0}
        assert client.post(page, first).status_code == 302
        response = client.post(page, {"conclusion": "ineffective", "rationale": "Too slow", "version": 0})
        assert response.status_code == 409
        shown = response.content.decode()
        assert "Both areas improved" in shown and "Too slow" in shown
        assert "Effective action" in shown and "Ineffective action" in shown
        # The conclusion chosen is carried through the page, not lost.
        assert 'name="conclusion" value="ineffective"' in shown
        response = client.post(page, {"conclusion": "ineffective", "rationale": "Too slow", "version": 1})
        assert response.status_code == 302
        monitoring_inspection.monitoring.refresh_from_db()
        assert (monitoring_inspection.monitoring.conclusion, monitoring_inspection.monitoring.rationale) == (
            "ineffective",
            "Too slow",
        )

    def test_a_form_without_a_version_is_refused(self, client_for, monitoring_inspection, areas, lead_inspector):
        response = client_for(lead_inspector).post(url("finding", monitoring_inspection, areas[0].pk), {"text": "x"})
        assert response.status_code == 400
        assert "Reload the page" in response.content.decode()
        assert not AreaFinding.objects.exists()


def test_the_announce_page_costs_the_same_however_many_partnerships_are_due(
    client_for, published, lead_inspector, django_assert_max_num_queries
):
    from inspections.tests.factories import PartnershipFactory, make_inspection

    from .conftest import publish_outcome

    client = client_for(AdministratorFactory())
    client.get(reverse("monitoring:announce"))
    for n in range(3):
        other = make_inspection(
            partnership=PartnershipFactory(), notified_on=date(2026, 11, 2 + 7 * n), lead=lead_inspector
        )
        publish_outcome(other, outcome=3, by=lead_inspector)
    with django_assert_max_num_queries(25):
        page = client.get(reverse("monitoring:announce")).content.decode()
    assert page.count("Within approximately 18 months") == 4


@pytest.mark.parametrize("who", ["lead_inspector", "lana", "admin_user"])
def test_every_section_of_a_monitoring_inspection_opens(request, client_for, monitoring_inspection, who):
    """No page of the inspection's navigation fails for a monitoring inspection."""
    from inspections.views import section_links

    user = request.getfixturevalue(who)
    client = client_for(user)
    fake = type("Request", (), {"user": user})()
    links = section_links(fake, monitoring_inspection, current="")
    assert links
    for link in links:
        response = client.get(link["url"], follow=True)
        assert response.status_code == 200, (link, response.status_code)
