"""Who sees and does what on the plan pages, and what they show."""

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.samplefiles import pdf_bytes
from followups.models import ActionPlanVersion, StrategicPlanRecord

from .conftest import PUBLISHED_ON

pytestmark = pytest.mark.django_db

BEFORE_DUE = date(2027, 4, 1)
AFTER_DUE = date(2027, 4, 22)


def plan_url(inspection, name="action_plan", *args):
    return reverse(f"followups:{name}", args=[inspection.pk, *args])


def upload(client, inspection, name="plan.pdf", data=None):
    data = pdf_bytes("Plan") if data is None else data
    return client.post(plan_url(inspection), {"files": SimpleUploadedFile(name, data, "application/pdf")})


class TestActionPlanPage:
    def test_lead_uploads_inspector_returns_lead_uploads_again_inspector_accepts(
        self, client_for, publish, local_area_lead, lead_inspector
    ):
        inspection = publish(3)
        with time_machine.travel(BEFORE_DUE, tick=False):
            lead = client_for(local_area_lead)
            page = lead.get(plan_url(inspection)).content.decode()
            assert "Planned: Wednesday 21 April 2027" in page
            assert "Not uploaded" in page
            assert upload(lead, inspection).status_code == 302

            inspector = client_for(lead_inspector)
            page = inspector.get(plan_url(inspection)).content.decode()
            assert "Review version 1" in page
            response = inspector.post(plan_url(inspection, "review_action_plan", 1), {"decision": "needs_changes"})
            assert response.status_code == 400
            assert "Enter what the partnership needs to change" in response.content.decode()
            inspector.post(
                plan_url(inspection, "review_action_plan", 1),
                {"decision": "needs_changes", "feedback": "Say who leads each action."},
            )

            lead = client_for(local_area_lead)
            page = lead.get(plan_url(inspection)).content.decode()
            assert "Needs changes" in page and "Say who leads each action." in page
            upload(lead, inspection, "plan v2.pdf")

            inspector = client_for(lead_inspector)
            inspector.post(plan_url(inspection, "review_action_plan", 2), {"decision": "accepted"})
        assert list(ActionPlanVersion.objects.order_by("number").values_list("status", flat=True)) == [
            "needs_changes",
            "accepted",
        ]

    def test_a_bad_file_is_refused_with_the_error_summary(self, client_for, publish, local_area_lead):
        inspection = publish(3)
        response = upload(client_for(local_area_lead), inspection, "plan.pdf", b"this is not a PDF")
        assert response.status_code == 400
        assert "govuk-error-summary" in response.content.decode()
        assert not ActionPlanVersion.objects.exists()

    def test_flagged_overdue_after_the_planned_date(self, client_for, publish, admin_user):
        inspection = publish(3)
        with time_machine.travel(AFTER_DUE, tick=False):
            page = client_for(admin_user).get(plan_url(inspection)).content.decode()
        assert "The priority action plan is overdue." in page

    @pytest.mark.parametrize("who", ["admin_user", "team_inspector", "cqc_inspector", "lana"])
    def test_status_is_visible_to_leads_team_and_administrators(self, request, client_for, publish, who):
        inspection = publish(3)
        page = client_for(request.getfixturevalue(who)).get(plan_url(inspection))
        assert page.status_code == 200 and 'id="plan-status"' in page.content.decode()

    def test_another_partnerships_lead_cannot_tell_it_exists(self, client_for, publish, other_partnership_lead):
        inspection = publish(3)
        client = client_for(other_partnership_lead)
        assert client.get(plan_url(inspection)).status_code == 404
        assert upload(client, inspection).status_code == 404

    def test_only_the_leads_upload_and_only_the_lead_inspector_reviews(
        self, client_for, publish, admin_user, team_inspector, local_area_lead
    ):
        inspection = publish(3)
        assert upload(client_for(admin_user), inspection).status_code == 403
        assert "Upload the plan" not in client_for(admin_user).get(plan_url(inspection)).content.decode()
        upload(client_for(local_area_lead), inspection)
        team = client_for(team_inspector)
        assert "Review version 1" not in team.get(plan_url(inspection)).content.decode()
        assert team.post(plan_url(inspection, "review_action_plan", 1), {"decision": "accepted"}).status_code == 403

    def test_not_asked_for_after_outcome_2(self, client_for, publish, local_area_lead):
        inspection = publish(2)
        assert client_for(local_area_lead).get(plan_url(inspection)).status_code == 404

    def test_the_section_link_leads_to_the_plan_the_outcome_asks_for(self, client_for, publish, local_area_lead):
        client = client_for(local_area_lead)
        inspection = publish(3)
        assert client.get(plan_url(inspection, "after_report")).url == plan_url(inspection)

    def test_before_publication_nothing_is_due(self, client_for, inspection, local_area_lead):
        page = client_for(local_area_lead).get(plan_url(inspection, "after_report"))
        assert page.status_code == 200 and "Nothing is due yet" in page.content.decode()

    def test_download_is_for_those_who_see_the_plan(self, client_for, publish, local_area_lead, other_partnership_lead):
        inspection = publish(3)
        upload(client_for(local_area_lead), inspection)
        response = client_for(local_area_lead).get(plan_url(inspection, "download_action_plan", 1))
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
        assert (
            client_for(other_partnership_lead).get(plan_url(inspection, "download_action_plan", 1)).status_code == 404
        )


class TestStrategicPlanPage:
    def test_lead_records_the_published_plan(self, client_for, publish, local_area_lead):
        inspection = publish(1)
        with time_machine.travel(date(2027, 6, 1), tick=False):
            client = client_for(local_area_lead)
            response = client.post(
                plan_url(inspection, "strategic_plan"),
                {
                    "url": "https://www.northshire.gov.uk/send-strategy",
                    "published_on_0": "20",
                    "published_on_1": "5",
                    "published_on_2": "2027",
                    "version": "0",
                },
            )
            assert response.status_code == 302
            page = client.get(plan_url(inspection, "strategic_plan")).content.decode()
        assert "20 May 2027" in page and "https://www.northshire.gov.uk/send-strategy" in page
        assert StrategicPlanRecord.objects.get().recorded_by == local_area_lead

    def test_a_date_before_publication_is_refused_on_the_page(self, client_for, publish, local_area_lead):
        inspection = publish(2)
        with time_machine.travel(date(2027, 6, 1), tick=False):
            response = client_for(local_area_lead).post(
                plan_url(inspection, "strategic_plan"),
                {
                    "url": "https://ok.example",
                    "published_on_0": "1",
                    "published_on_1": "2",
                    "published_on_2": "2027",
                    "version": "0",
                },
            )
        assert response.status_code == 400
        assert "on or after the report" in response.content.decode()
        assert not StrategicPlanRecord.objects.exists()

    def test_a_correction_from_a_page_opened_before_another_leads_shows_both_and_saves_from_the_conflict_page(
        self, client_for, publish, local_area_lead, lana
    ):
        from followups import services

        inspection = publish(1)
        with time_machine.travel(date(2027, 6, 1), tick=False):
            services.record_strategic_plan(
                inspection=inspection,
                url="https://northshire.example/plan-a",
                published_on=date(2027, 5, 20),
                by=lana,
                loaded_version=0,
            )
            client = client_for(local_area_lead)
            sent = {
                "url": "https://northshire.example/plan-b",
                "published_on_0": "21",
                "published_on_1": "5",
                "published_on_2": "2027",
                "version": "0",
            }
            response = client.post(plan_url(inspection, "strategic_plan"), sent)
            page = response.content.decode()
            assert response.status_code == 409
            assert (
                "https://northshire.example/plan-a" in page and ">https://northshire.example/plan-b</textarea>" in page
            )
            assert "20 May 2027" in page and "21 May 2027" in page
            assert 'name="published_on_0" value="21"' in page
            assert StrategicPlanRecord.objects.get().url == "https://northshire.example/plan-a"
            saved = client.post(plan_url(inspection, "strategic_plan"), {**sent, "version": "1"})
        assert saved.status_code == 302
        record = StrategicPlanRecord.objects.get()
        assert (record.url, record.published_on, record.version) == (
            "https://northshire.example/plan-b",
            date(2027, 5, 21),
            2,
        )

    def test_flagged_missing_after_the_planned_time(self, client_for, publish, admin_user):
        inspection = publish(2)
        with time_machine.travel(date(2027, 9, 2), tick=False):
            page = client_for(admin_user).get(plan_url(inspection, "strategic_plan")).content.decode()
        assert "Missing" in page and "Planned: 1 September 2027" in page

    def test_administrators_cannot_record_it(self, client_for, publish, admin_user):
        inspection = publish(2)
        response = client_for(admin_user).post(plan_url(inspection, "strategic_plan"), {"url": "https://ok.example"})
        assert response.status_code == 403


def test_published_on_is_a_monday():
    assert PUBLISHED_ON.weekday() == 0
