"""Announcing a monitoring inspection, its evidence, findings and conclusion."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from documents import catalogue
from documents.models import RequestItem
from evaluation.models import AreaForAction
from inspections.concurrency import EditConflict
from inspections.models import Inspection
from inspections.tests.factories import make_inspection
from monitoring import selectors, services
from monitoring.models import AreaFinding, Monitoring
from surveys.models import Survey

from .conftest import MONITORING_NOTIFIED_ON, PUBLISHED_ON, publish_outcome


class TestAnnounce:
    def test_follows_the_published_outcome_3(self, monitoring_inspection, published):
        assert monitoring_inspection.kind == Inspection.Kind.MONITORING
        assert Monitoring.objects.get(inspection=monitoring_inspection).full_inspection == published
        on_site = monitoring_inspection.milestone_dates("on_site")
        assert on_site == (date(2027, 9, 20), date(2027, 9, 24))

    def test_no_surveys_are_created(self, monitoring_inspection, published):
        assert not Survey.objects.filter(inspection=monitoring_inspection).exists()
        assert Survey.objects.filter(inspection=published).count() == 3  # the full inspection's stay

    def test_information_request_asks_for_progress_against_each_area(self, monitoring_inspection):
        titles = list(
            RequestItem.objects.filter(inspection=monitoring_inspection, kind=catalogue.OTHER)
            .order_by("pk")
            .values_list("title", flat=True)
        )
        assert titles == [
            "Progress evidence: area for priority action 1 – Leaders should make sure that EHC plans are issued "
            "within 20 weeks.",
            "Progress evidence: area for priority action 2 – Leaders should make sure that children waiting for "
            "therapy get help while they wait.",
        ]

    def test_refused_without_a_published_outcome(self, inspection, announce, lead_inspector):
        with pytest.raises(ValidationError, match="no published full inspection"):
            announce()
        publish_outcome(inspection, outcome=3, by=lead_inspector, published_on=None)
        with pytest.raises(ValidationError, match="no published full inspection"):
            announce()
        assert not Inspection.objects.filter(kind=Inspection.Kind.MONITORING).exists()

    @pytest.mark.parametrize("outcome", [1, 2])
    def test_refused_when_the_latest_outcome_is_not_3(self, inspection, announce, lead_inspector, outcome):
        publish_outcome(inspection, outcome=outcome, by=lead_inspector)
        with pytest.raises(ValidationError, match=f"latest published outcome for Northshire is outcome {outcome}"):
            announce()

    def test_refused_when_a_later_full_inspection_had_a_better_outcome(
        self, published, partnership, announce, lead_inspector
    ):
        later = make_inspection(partnership=partnership, notified_on=date(2027, 6, 7), lead=lead_inspector)
        publish_outcome(later, outcome=2, by=lead_inspector, published_on=date(2027, 8, 2))
        with pytest.raises(ValidationError, match="outcome 2"):
            announce()

    def test_refused_twice_for_one_outcome(self, monitoring_inspection, announce):
        with pytest.raises(ValidationError, match="already has a monitoring inspection"):
            announce(date(2027, 10, 4))

    def test_refused_before_publication(self, published, announce):
        with pytest.raises(ValidationError, match="after the report is published"):
            announce(date(2027, 3, 1))

    def test_a_bank_holiday_monday_needs_an_override(self, published, announce):
        with pytest.raises(ValidationError, match="bank holiday"):
            announce(date(2027, 8, 30))
        inspection = announce(date(2027, 8, 30), override_reason="Agreed with the partnership")
        assert inspection.override_reason == "Agreed with the partnership"

    def test_only_administrators_announce(self, published, announce, lead_inspector):
        with pytest.raises(PermissionDenied):
            announce(by=lead_inspector)

    def test_due_within_approximately_18_months_of_publication(self, published):
        (candidate,) = selectors.monitoring_candidates()
        assert candidate.published_on == PUBLISHED_ON
        assert candidate.due_by == date(2028, 9, 1)

    def test_a_monitored_partnership_is_no_longer_a_candidate(self, monitoring_inspection):
        assert selectors.monitoring_candidates() == []


class TestEvidenceAndFindings:
    def test_evidence_is_recorded_against_an_area_for_priority_action(
        self, monitoring_inspection, areas, team_inspector
    ):
        evidence = services.record_monitoring_evidence(
            inspection=monitoring_inspection,
            area=areas[0],
            source_kind="case_sample",
            text="Four of six sampled plans were issued within 20 weeks.",
            by=team_inspector,
        )
        assert evidence.reference == "M1"
        matrix = selectors.monitoring_matrix(Monitoring.objects.get(inspection=monitoring_inspection))
        assert [r.total for r in matrix.rows] == [1, 0]
        assert matrix.rows[0].counts == {"case_sample": 1}
        assert [r.number for r in matrix.gaps] == [2]

    def test_evidence_against_another_area_is_refused(
        self, monitoring_inspection, published, team_inspector, lead_inspector
    ):
        improvement = AreaForAction.objects.create(inspection=published, kind="improvement", text="Improve")
        with pytest.raises(ValidationError, match="areas for priority action of the full inspection"):
            services.record_monitoring_evidence(
                inspection=monitoring_inspection, area=improvement, source_kind="document", text="x", by=team_inspector
            )

    def test_people_outside_the_team_cannot_record(self, monitoring_inspection, areas, local_area_lead, lead_inspector):
        with pytest.raises(ValidationError, match="inspector of the team"):
            services.record_monitoring_evidence(
                inspection=monitoring_inspection, area=areas[0], source_kind="document", text="x", by=local_area_lead
            )

    def test_conclusion_needs_a_finding_for_each_area(self, monitoring_inspection, areas, lead_inspector):
        services.save_area_finding(
            inspection=monitoring_inspection, area=areas[0], text="Plans are now timely.", by=lead_inspector
        )
        with pytest.raises(ValidationError, match="1 area has no finding yet"):
            services.record_conclusion(
                inspection=monitoring_inspection, conclusion="effective", rationale="Both improved", by=lead_inspector
            )
        services.save_area_finding(
            inspection=monitoring_inspection, area=areas[1], text="Waiting support is in place.", by=lead_inspector
        )
        monitoring = services.record_conclusion(
            inspection=monitoring_inspection, conclusion="ineffective", rationale="Too slow", by=lead_inspector
        )
        assert monitoring.conclusion == "ineffective"
        assert monitoring.conclusion_statement.startswith("The local area partnership has not taken effective action")

    def test_a_conclusion_needs_a_reason(self, monitoring_inspection, lead_inspector):
        with pytest.raises(ValidationError, match="reasons"):
            services.record_conclusion(
                inspection=monitoring_inspection, conclusion="effective", rationale=" ", by=lead_inspector
            )

    def test_only_the_lead_inspector_writes_findings(self, monitoring_inspection, areas, team_inspector):
        with pytest.raises(ValidationError, match="Only the lead inspector"):
            services.save_area_finding(inspection=monitoring_inspection, area=areas[0], text="x", by=team_inspector)

    def test_nothing_changes_after_publication(self, monitoring_inspection, areas, lead_inspector):
        for area in areas:
            services.save_area_finding(inspection=monitoring_inspection, area=area, text="Done", by=lead_inspector)
        services.record_conclusion(
            inspection=monitoring_inspection, conclusion="effective", rationale="Done", by=lead_inspector
        )
        services.record_letter_publication(inspection=monitoring_inspection, published_on=date(2027, 11, 19))
        with pytest.raises(ValidationError, match="has been published"):
            services.save_area_finding(inspection=monitoring_inspection, area=areas[0], text="New", by=lead_inspector)

    def test_a_full_inspection_has_no_monitoring_findings(self, published, areas, lead_inspector):
        with pytest.raises(ValidationError, match="not a monitoring inspection"):
            services.save_area_finding(inspection=published, area=areas[0], text="x", by=lead_inspector)


class TestEditVersions:
    """Two saves from the same page: the second is refused instead of replacing the first."""

    def _save_finding(self, inspection, area, text, by, loaded_version):
        return services.save_area_finding(
            inspection=inspection, area=area, text=text, by=by, loaded_version=loaded_version
        )

    def test_a_second_finding_from_the_same_version_is_refused(self, monitoring_inspection, areas, lead_inspector):
        self._save_finding(monitoring_inspection, areas[0], "Plans are now timely.", lead_inspector, 0)
        with pytest.raises(EditConflict) as refused:
            self._save_finding(monitoring_inspection, areas[0], "Plans are still late.", lead_inspector, 0)
        assert [(f.yours, f.theirs) for f in refused.value.fields] == [
            ("Plans are still late.", "Plans are now timely.")
        ]
        finding = AreaFinding.objects.get(inspection=monitoring_inspection, area=areas[0])
        assert (finding.text, finding.version) == ("Plans are now timely.", 1)

    def test_the_same_finding_is_not_a_conflict(self, monitoring_inspection, areas, lead_inspector):
        self._save_finding(monitoring_inspection, areas[0], "Plans are now timely.", lead_inspector, 0)
        finding = self._save_finding(monitoring_inspection, areas[0], "Plans are now timely.\n", lead_inspector, 0)
        assert finding.version == 2

    def test_a_save_from_the_newer_version_goes_ahead(self, monitoring_inspection, areas, lead_inspector):
        self._save_finding(monitoring_inspection, areas[0], "First", lead_inspector, 0)
        finding = self._save_finding(monitoring_inspection, areas[0], "Second", lead_inspector, 1)
        assert (finding.text, finding.version) == ("Second", 2)

    def _conclude(self, inspection, conclusion, rationale, by, loaded_version):
        return services.record_conclusion(
            inspection=inspection, conclusion=conclusion, rationale=rationale, by=by, loaded_version=loaded_version
        )

    def test_a_second_conclusion_from_the_same_version_is_refused(self, monitoring_inspection, areas, lead_inspector):
        for area in areas:
            services.save_area_finding(inspection=monitoring_inspection, area=area, text="Done", by=lead_inspector)
        self._conclude(monitoring_inspection, "effective", "Both areas improved", lead_inspector, 0)
        with pytest.raises(EditConflict) as refused:
            self._conclude(monitoring_inspection, "ineffective", "Too slow", lead_inspector, 0)
        fields = {f.name: (f.yours, f.theirs, f.editable) for f in refused.value.fields}
        assert fields == {
            "conclusion": ("Ineffective action", "Effective action", False),
            "rationale": ("Too slow", "Both areas improved", True),
        }
        monitoring = Monitoring.objects.get(inspection=monitoring_inspection)
        assert (monitoring.conclusion, monitoring.rationale, monitoring.version) == (
            "effective",
            "Both areas improved",
            1,
        )

    def test_the_same_conclusion_is_not_a_conflict(self, monitoring_inspection, areas, lead_inspector):
        for area in areas:
            services.save_area_finding(inspection=monitoring_inspection, area=area, text="Done", by=lead_inspector)
        self._conclude(monitoring_inspection, "effective", "Both areas improved", lead_inspector, 0)
        monitoring = self._conclude(monitoring_inspection, "effective", "Both areas improved", lead_inspector, 0)
        assert monitoring.version == 2


def test_ehc_plans_are_sampled_with_a_recorded_seed(monitoring_inspection, lead_inspector):
    from tracking.tests.factories import make_case_list

    make_case_list(monitoring_inspection, uploaded_by=lead_inspector)
    with time_machine.travel(MONITORING_NOTIFIED_ON):
        sample = services.draw_ehc_plan_sample(inspection=monitoring_inspection, by=lead_inspector, seed=1234)
    assert sample.seed == 1234
    refs = sorted(sample.cases.values_list("child_ref", flat=True))
    # Every EHC plan on the list, none of the SEN support, grant or opted-out children.
    assert refs == ["A-0-4", "C-11-15", "D-16-18", "E-19-25", "F-11-15"]


def test_the_leads_are_told_it_is_a_monitoring_inspection(
    published, announce, lana, settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    from config.celery import app as celery_app

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            announce()
    finally:
        celery_app.conf.task_always_eager = eager
    (message,) = [m for m in mail.outbox if lana.email in m.to]
    assert message.subject == "Monitoring inspection of Northshire: notification"
    assert "announced a monitoring inspection of Northshire" in message.body


def test_a_monitoring_inspection_has_no_outcome(monitoring_inspection, lead_inspector):
    from evaluation.services import decide_outcome

    with pytest.raises(ValidationError, match="not an outcome"):
        decide_outcome(inspection=monitoring_inspection, outcome=2, rationale="x", by=lead_inspector)
