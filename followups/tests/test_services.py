"""Plan versions, their review and the strategic plan record."""

import io
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from documents.samplefiles import pdf_bytes
from documents.services import IncomingFile
from followups import selectors, services, status
from followups.models import ActionPlanVersion, StrategicPlanRecord
from inspections.concurrency import EditConflict

from .conftest import PLAN_DUE, PUBLISHED_ON

pytestmark = pytest.mark.django_db


def plan_file(name="Priority action plan.pdf", content=None) -> IncomingFile:
    data = content if content is not None else pdf_bytes("Priority action plan")
    return IncomingFile(name=name, stream=io.BytesIO(data), size=len(data))


class TestUpload:
    def test_refused_before_a_published_outcome_3(self, inspection, local_area_lead):
        with pytest.raises(ValidationError, match="published outcome 3"):
            services.upload_action_plan(inspection=inspection, file=plan_file(), by=local_area_lead)
        assert not ActionPlanVersion.objects.exists()

    def test_refused_while_outcome_3_is_decided_but_not_published(self, inspection, lead_inspector, local_area_lead):
        from evaluation import services as evaluation_services
        from evaluation.tests.factories import AreaForActionFactory

        from .conftest import ON_SITE

        AreaForActionFactory(inspection=inspection)
        with time_machine.travel(ON_SITE):
            evaluation_services.decide_outcome(inspection=inspection, outcome=3, rationale="r", by=lead_inspector)
        with pytest.raises(ValidationError, match="published outcome 3"):
            services.upload_action_plan(inspection=inspection, file=plan_file(), by=local_area_lead)

    def test_refused_after_outcome_2(self, publish, local_area_lead):
        inspection = publish(2)
        with pytest.raises(ValidationError, match="published outcome 3"):
            services.upload_action_plan(inspection=inspection, file=plan_file(), by=local_area_lead)

    def test_only_the_partnerships_leads_upload(self, publish, lead_inspector, other_partnership_lead, admin_user):
        inspection = publish(3)
        for person in (lead_inspector, other_partnership_lead, admin_user):
            with pytest.raises(ValidationError, match="partnership's leads"):
                services.upload_action_plan(inspection=inspection, file=plan_file(), by=person)

    def test_goes_through_the_document_checks(self, publish, local_area_lead):
        inspection = publish(3)
        with pytest.raises(ValidationError) as refused:
            services.upload_action_plan(
                inspection=inspection, file=plan_file("plan.pdf", b"MZ not a pdf at all"), by=local_area_lead
            )
        assert "files" in refused.value.error_dict
        with pytest.raises(ValidationError):
            services.upload_action_plan(inspection=inspection, file=plan_file("plan.exe"), by=local_area_lead)
        assert not ActionPlanVersion.objects.exists()

    def test_versions_are_numbered_and_await_review(self, publish, local_area_lead, lana):
        inspection = publish(3)
        first = services.upload_action_plan(inspection=inspection, file=plan_file(), by=local_area_lead)
        second = services.upload_action_plan(inspection=inspection, file=plan_file("v2.pdf"), by=lana)
        assert (first.number, second.number) == (1, 2)
        assert second.status == status.AWAITING_REVIEW
        assert second.original_name == "v2.pdf"


class TestReview:
    def test_needs_changes_then_accepted(self, publish, local_area_lead, lead_inspector):
        inspection = publish(3)
        v1 = services.upload_action_plan(inspection=inspection, file=plan_file(), by=local_area_lead)
        with pytest.raises(ValidationError, match="what the partnership needs to change"):
            services.review_action_plan(version=v1, decision=status.NEEDS_CHANGES, feedback=" ", by=lead_inspector)
        services.review_action_plan(
            version=v1, decision=status.NEEDS_CHANGES, feedback="Add timescales.", by=lead_inspector
        )
        v2 = services.upload_action_plan(inspection=inspection, file=plan_file("v2.pdf"), by=local_area_lead)
        services.review_action_plan(version=v2, decision=status.ACCEPTED, feedback="", by=lead_inspector)
        with pytest.raises(ValidationError, match="already been reviewed"):
            services.review_action_plan(version=v2, decision=status.NEEDS_CHANGES, feedback="x", by=lead_inspector)
        assert [v.status for v in ActionPlanVersion.objects.order_by("number")] == [
            status.NEEDS_CHANGES,
            status.ACCEPTED,
        ]

    def test_an_older_version_cannot_be_reviewed(self, publish, local_area_lead, lead_inspector):
        inspection = publish(3)
        v1 = services.upload_action_plan(inspection=inspection, file=plan_file(), by=local_area_lead)
        services.upload_action_plan(inspection=inspection, file=plan_file("v2.pdf"), by=local_area_lead)
        with pytest.raises(ValidationError, match="newer version"):
            services.review_action_plan(version=v1, decision=status.ACCEPTED, feedback="", by=lead_inspector)

    def test_only_the_lead_inspector_reviews(self, publish, local_area_lead, team_inspector, admin_user):
        inspection = publish(3)
        v1 = services.upload_action_plan(inspection=inspection, file=plan_file(), by=local_area_lead)
        for person in (team_inspector, admin_user, local_area_lead):
            with pytest.raises(ValidationError, match="lead inspector"):
                services.review_action_plan(version=v1, decision=status.ACCEPTED, feedback="", by=person)

    def test_a_version_uploaded_after_acceptance_starts_a_new_review(self, publish, local_area_lead, lead_inspector):
        inspection = publish(3)
        v1 = services.upload_action_plan(inspection=inspection, file=plan_file(), by=local_area_lead)
        services.review_action_plan(version=v1, decision=status.ACCEPTED, feedback="", by=lead_inspector)
        services.upload_action_plan(inspection=inspection, file=plan_file("update.pdf"), by=local_area_lead)
        overview = selectors.action_plan_overview(inspection, today=PUBLISHED_ON)
        assert overview.latest.number == 2
        assert overview.state.label == "Awaiting review"


class TestPlannedDate:
    def test_due_35_working_days_after_publication(self, publish):
        inspection = publish(3)
        overview = selectors.action_plan_overview(inspection, today=PUBLISHED_ON)
        assert overview.planned_due_on == PLAN_DUE
        assert not overview.state.overdue

    def test_overdue_the_working_day_after(self, publish):
        inspection = publish(3)
        overview = selectors.action_plan_overview(inspection, today=date(2027, 4, 22))
        assert overview.state.overdue


class TestStrategicPlan:
    def test_recorded_after_outcome_2(self, publish, local_area_lead):
        inspection = publish(2)
        with time_machine.travel(date(2027, 6, 1)):
            services.record_strategic_plan(
                inspection=inspection,
                url="https://www.northshire.gov.uk/send",
                published_on=date(2027, 5, 20),
                by=local_area_lead,
                today=date(2027, 6, 1),
            )
        overview = selectors.strategic_plan_overview(inspection, today=date(2028, 1, 1))
        assert overview.record.published_on == date(2027, 5, 20)
        assert overview.state.label == "Published"

    def test_a_second_correction_from_the_same_version_is_refused_and_the_first_kept(
        self, publish, local_area_lead, lana
    ):
        inspection = publish(2)

        def save(url, by, published_on=date(2027, 5, 20)):
            return services.record_strategic_plan(
                inspection=inspection,
                url=url,
                published_on=published_on,
                by=by,
                today=date(2027, 6, 1),
                loaded_version=0,
            )

        save("https://northshire.example/plan", lana)
        with pytest.raises(EditConflict) as refused:
            save("https://northshire.example/other-plan", local_area_lead, published_on=date(2027, 5, 21))
        assert [(f.name, f.theirs, f.editable) for f in refused.value.fields] == [
            ("url", "https://northshire.example/plan", True),
            ("published_on", "20 May 2027", False),
        ]
        assert StrategicPlanRecord.objects.get().url == "https://northshire.example/plan"
        same = save("https://northshire.example/plan", local_area_lead)
        assert (same.recorded_by, same.version) == (local_area_lead, 2)

    def test_missing_after_six_months(self, publish):
        inspection = publish(1)
        overview = selectors.strategic_plan_overview(inspection, today=date(2027, 9, 1))
        assert overview.planned_by == date(2027, 9, 1)
        assert not overview.state.overdue
        assert selectors.strategic_plan_overview(inspection, today=date(2027, 9, 2)).state.label == "Missing"

    def test_the_planned_time_is_configurable(self, publish, settings):
        settings.FOLLOWUPS_STRATEGIC_PLAN_MONTHS = 3
        inspection = publish(1)
        assert selectors.strategic_plan_overview(inspection, today=PUBLISHED_ON).planned_by == date(2027, 6, 1)

    @pytest.mark.parametrize(
        "url,published_on,field",
        [
            ("http://insecure.example", date(2027, 5, 1), "url"),
            ("https://ok.example", date(2027, 2, 1), "published_on"),
            ("https://ok.example", date(2027, 6, 2), "published_on"),
        ],
    )
    def test_bad_input_is_refused(self, publish, local_area_lead, url, published_on, field):
        inspection = publish(2)
        with pytest.raises(ValidationError) as refused:
            services.record_strategic_plan(
                inspection=inspection, url=url, published_on=published_on, by=local_area_lead, today=date(2027, 6, 1)
            )
        assert field in refused.value.error_dict

    def test_not_asked_after_outcome_3(self, publish, local_area_lead):
        inspection = publish(3)
        with pytest.raises(ValidationError, match="outcome 1 or 2"):
            services.record_strategic_plan(
                inspection=inspection,
                url="https://ok.example",
                published_on=date(2027, 5, 1),
                by=local_area_lead,
                today=date(2027, 6, 1),
            )
        assert selectors.strategic_plan_overview(inspection, today=PUBLISHED_ON) is None
