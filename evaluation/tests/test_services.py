"""Evidence is never lost; the outcome follows the framework's rules."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from evaluation import selectors, services
from evaluation.models import (
    AreaForAction,
    Evidence,
    EvidenceCount,
    EvidenceDraft,
    EvidenceVersion,
    OutcomeDecision,
)
from evaluation.outcomes import consequences_for
from evaluation.tests.factories import AreaForActionFactory
from inspections.framework import CRITERIA_BY_NUMBER
from inspections.working_days import bank_holidays

ON_SITE = date(2027, 1, 4)  # the fixture inspection is on site 30 December 2026 to 6 January 2027
BEFORE_ON_SITE = date(2026, 12, 29)

LEADERS_SHOULD = "Leaders in education and health should agree how to assess needs within 20 weeks."


def record(inspection, author, **overrides):
    kwargs = {
        "criteria": [1, 7],
        "source_kind": "tracking_meeting",
        "nature": "weakness",
        "text": "Plans were late for two of the tracked children.",
    }
    kwargs.update(overrides)
    return services.record_evidence(inspection=inspection, by=author, **kwargs)


class TestEvidence:
    def test_recording_keeps_the_author_their_role_and_organisation(self, inspection, cqc_inspector):
        evidence = record(inspection, cqc_inspector)
        assert evidence.author == cqc_inspector
        assert evidence.author_organisation == "CQC"
        assert evidence.author_role == "CQC children's services inspector"
        assert evidence.versions.count() == 1
        assert sorted(evidence.criteria.values_list("criterion", flat=True)) == [1, 7]

    def test_the_lead_is_recorded_as_lead_inspector(self, inspection, lead_inspector):
        assert record(inspection, lead_inspector).author_role == "Lead inspector"

    def test_only_the_team_can_record(self, inspection, unassigned_inspector):
        with pytest.raises(ValidationError):
            record(inspection, unassigned_inspector)

    def test_criteria_are_required(self, inspection, team_inspector):
        with pytest.raises(ValidationError, match="at least one criterion"):
            record(inspection, team_inspector, criteria=[])

    def test_an_edit_adds_a_version_and_keeps_the_old_text(self, inspection, team_inspector, lead_inspector):
        evidence = record(inspection, team_inspector, text="First wording")
        services.revise_evidence(
            evidence=evidence,
            by=lead_inspector,
            criteria=[3],
            source_kind="case_sample",
            nature="strength",
            text="Second wording",
        )
        evidence.refresh_from_db()
        assert evidence.text == "Second wording" and evidence.version_count == 2
        versions = list(evidence.versions.order_by("number"))
        assert [v.text for v in versions] == ["First wording", "Second wording"]
        assert versions[0].criterion_numbers == [1, 7] and versions[1].saved_by == lead_inspector
        assert list(evidence.criteria.values_list("criterion", flat=True)) == [3]

    def test_an_unchanged_save_adds_no_version(self, inspection, team_inspector):
        evidence = record(inspection, team_inspector)
        services.revise_evidence(
            evidence=evidence,
            by=team_inspector,
            criteria=[7, 1],
            source_kind="tracking_meeting",
            nature="weakness",
            text=evidence.text,
        )
        assert evidence.versions.count() == 1

    def test_versions_cannot_be_changed_or_deleted(self, inspection, team_inspector):
        evidence = record(inspection, team_inspector)
        version = evidence.versions.get()
        version.text = "Rewritten history"
        with pytest.raises(ValidationError):
            version.save()
        with pytest.raises(ValidationError):
            version.delete()
        with pytest.raises(ValidationError):
            evidence.delete()
        with pytest.raises(ValidationError):
            EvidenceVersion.objects.filter(pk=version.pk).update(text="Bulk rewrite")
        with pytest.raises(ValidationError):
            Evidence.objects.filter(pk=evidence.pk).delete()
        assert EvidenceVersion.objects.get(pk=version.pk).text == "Plans were late for two of the tracked children."

    def test_withdrawing_needs_a_reason_and_keeps_the_record(self, inspection, team_inspector):
        evidence = record(inspection, team_inspector)
        with pytest.raises(ValidationError, match="why"):
            services.withdraw_evidence(evidence=evidence, by=team_inspector, reason="  ")
        services.withdraw_evidence(evidence=evidence, by=team_inspector, reason="Duplicate of E12")
        evidence.refresh_from_db()
        assert evidence.is_withdrawn and evidence.withdrawal_reason == "Duplicate of E12"
        assert Evidence.objects.filter(pk=evidence.pk).exists()
        assert selectors.evidence_list(inspection) == []
        assert selectors.evidence_list(inspection, include_withdrawn=True) == [evidence]
        assert selectors.evidence_matrix(inspection).total == 0
        with pytest.raises(ValidationError):
            services.revise_evidence(
                evidence=evidence, by=team_inspector, criteria=[1], source_kind="survey", nature="context", text="x"
            )

    def test_a_draft_is_updated_in_place_and_dropped_when_saved(self, inspection, team_inspector):
        key = "5f0c6b9e-2d44-4a59-9a3c-2f7d3c1b8e11"
        services.save_draft(inspection=inspection, by=team_inspector, key=key, data={"text": "Half a"})
        services.save_draft(inspection=inspection, by=team_inspector, key=key, data={"text": "Half a sentence"})
        assert EvidenceDraft.objects.get().text == "Half a sentence"
        record(inspection, team_inspector, draft_key=key)
        assert not EvidenceDraft.objects.exists()


class TestMatrix:
    def test_counts_strengths_and_weaknesses_and_names_the_gaps(self, inspection, team_inspector, cqc_inspector):
        record(inspection, team_inspector, criteria=[7], nature="strength", source_kind="pcf_meeting")
        record(inspection, team_inspector, criteria=[7], nature="weakness", source_kind="pcf_meeting")
        record(inspection, cqc_inspector, criteria=[3], nature="weakness", source_kind="case_sample")
        matrix = selectors.evidence_matrix(inspection)
        row7 = next(r for r in matrix.rows if r.criterion.number == 7)
        cell = next(c for c in row7.cells if c.source_kind == "pcf_meeting")
        assert (cell.strengths, cell.weaknesses) == (1, 1)
        assert "Criterion 7: nothing from health yet" in matrix.gaps
        assert "Criterion 3: nothing from health yet" not in matrix.gaps
        assert "Criterion 1: no evidence yet" in matrix.gaps
        assert {c.name: c.total for c in matrix.contributions} == {"Tom Barnes": 2, "Priya Shah": 1}


def recount(inspection) -> dict:
    """The counts the matrix reads, worked out afresh from the evidence itself."""
    counted: dict = {}
    for evidence in Evidence.objects.filter(inspection=inspection, withdrawn_at__isnull=True):
        key = services.count_key(evidence)
        counted[key] = counted.get(key, 0) + 1
    return counted


def stored_counts(inspection) -> dict:
    rows = EvidenceCount.objects.filter(inspection=inspection, count__gt=0)
    return {(r.criteria, r.source_kind, r.nature, r.author_id, r.author_organisation): r.count for r in rows}


class TestEvidenceCounts:
    def test_counts_follow_recording_revising_and_withdrawing(self, inspection, team_inspector, cqc_inspector):
        first = record(inspection, team_inspector, criteria=[7, 1])
        record(inspection, team_inspector, criteria=[1, 7])
        other = record(inspection, cqc_inspector, criteria=[3], nature="strength", source_kind="survey")
        assert stored_counts(inspection) == recount(inspection)
        assert stored_counts(inspection)[("1,7", "tracking_meeting", "weakness", team_inspector.pk, "Ofsted")] == 2
        services.revise_evidence(
            evidence=first, by=team_inspector, criteria=[2], source_kind="survey", nature="context", text="Moved"
        )
        assert stored_counts(inspection) == recount(inspection)
        services.revise_evidence(
            evidence=other, by=cqc_inspector, criteria=[3], source_kind="survey", nature="strength", text="Reworded"
        )
        assert stored_counts(inspection) == recount(inspection)
        services.withdraw_evidence(evidence=other, by=cqc_inspector, reason="Recorded twice")
        assert stored_counts(inspection) == recount(inspection)
        assert len(stored_counts(inspection)) == 2

    def test_evidence_on_two_criteria_fills_both_cells_and_counts_once_for_its_author(self, inspection, team_inspector):
        record(inspection, team_inspector, criteria=[1, 7], nature="strength", source_kind="pcf_meeting")
        record(inspection, team_inspector, criteria=[7], nature="context", source_kind="pcf_meeting")
        matrix = selectors.evidence_matrix(inspection)
        cell = {(r.criterion.number, c.source_kind): c for r in matrix.rows for c in r.cells}
        assert (cell[1, "pcf_meeting"].strengths, cell[1, "pcf_meeting"].context) == (1, 0)
        assert (cell[7, "pcf_meeting"].strengths, cell[7, "pcf_meeting"].context) == (1, 1)
        assert [(c.strengths, c.context, c.total) for c in matrix.contributions] == [(1, 1, 2)]
        assert matrix.total == 2

    def test_the_table_carries_each_cells_words_and_address(self, inspection, team_inspector):
        record(inspection, team_inspector, criteria=[7], nature="strength", source_kind="pcf_meeting")
        record(inspection, team_inspector, criteria=[7], nature="strength", source_kind="pcf_meeting")
        record(inspection, team_inspector, criteria=[7], nature="weakness", source_kind="pcf_meeting")
        matrix = selectors.evidence_matrix(inspection)
        href, name, short_name, total, cells = next(r for r in matrix.shown if r[0].endswith("/criteria/7/"))
        assert href == f"/inspections/{inspection.pk}/criteria/7/"
        assert (name, short_name) == (CRITERIA_BY_NUMBER[7].numbered_name, CRITERIA_BY_NUMBER[7].short_name)
        assert total == 3
        column = [value for value, _ in matrix.source_kinds].index("pcf_meeting")
        list_url = f"/inspections/{inspection.pk}/evidence/"
        assert cells[column] == (f"{list_url}?criterion=7&source=pcf_meeting", "2 S", "1 W", "")
        assert cells[0] == ("", "", "", "")


class TestOutcome:
    def test_not_before_on_site_work_begins(self, inspection, lead_inspector):
        with time_machine.travel(BEFORE_ON_SITE), pytest.raises(ValidationError, match="on-site"):
            services.decide_outcome(inspection=inspection, outcome=1, rationale="Strong", by=lead_inspector)

    def test_only_the_lead_inspector_decides(self, inspection, team_inspector):
        with time_machine.travel(ON_SITE), pytest.raises(ValidationError, match="lead inspector"):
            services.decide_outcome(inspection=inspection, outcome=1, rationale="Strong", by=team_inspector)

    def test_outcome_3_needs_an_area_for_priority_action(self, inspection, lead_inspector):
        with time_machine.travel(ON_SITE):
            with pytest.raises(ValidationError, match="priority action"):
                services.decide_outcome(inspection=inspection, outcome=3, rationale="Failings", by=lead_inspector)
            services.add_area_for_action(
                inspection=inspection, kind="priority", text=LEADERS_SHOULD, criteria=[1], by=lead_inspector
            )
            decision = services.decide_outcome(
                inspection=inspection, outcome=3, rationale="Failings", by=lead_inspector
            )
        assert decision.outcome == 3 and decision.published_on is None

    def test_priority_actions_are_not_allowed_with_outcomes_1_and_2(self, inspection, lead_inspector):
        AreaForActionFactory(inspection=inspection)
        with time_machine.travel(ON_SITE):
            with pytest.raises(ValidationError, match="no areas for priority action"):
                services.decide_outcome(inspection=inspection, outcome=2, rationale="Mixed", by=lead_inspector)
            AreaForAction.objects.all().delete()
            services.decide_outcome(inspection=inspection, outcome=2, rationale="Mixed", by=lead_inspector)
            with pytest.raises(ValidationError, match="area for improvement instead"):
                services.add_area_for_action(
                    inspection=inspection, kind="priority", text=LEADERS_SHOULD, criteria=[1], by=lead_inspector
                )
            services.add_area_for_action(
                inspection=inspection, kind="improvement", text=LEADERS_SHOULD, criteria=[1, 10], by=lead_inspector
            )
        assert [a.criteria for a in selectors.areas_for_action(inspection, "improvement")] == [[1, 10]]

    def test_areas_are_worded_leaders_should(self, inspection, lead_inspector):
        with time_machine.travel(ON_SITE), pytest.raises(ValidationError, match="Leaders"):
            services.add_area_for_action(
                inspection=inspection, kind="improvement", text="Improve plans", criteria=[1], by=lead_inspector
            )

    def test_responsible_bodies_come_from_the_partnership(self, inspection, lead_inspector, other_partnership):
        icb = inspection.partnership.bodies.get(kind="icb")
        with time_machine.travel(ON_SITE):
            with pytest.raises(ValidationError, match="this partnership's bodies"):
                services.add_area_for_action(
                    inspection=inspection,
                    kind="improvement",
                    text=LEADERS_SHOULD,
                    criteria=[3],
                    responsible_bodies=[other_partnership.bodies.get(kind="icb")],
                    by=lead_inspector,
                )
            area = services.add_area_for_action(
                inspection=inspection,
                kind="improvement",
                text=LEADERS_SHOULD,
                criteria=[3],
                responsible_bodies=[icb],
                by=lead_inspector,
            )
        assert area.responsible_body_names == "NHS Northshire Integrated Care Board"
        assert not AreaForAction.objects.filter(responsible_bodies__partnership=other_partnership).exists()

    def test_the_last_priority_action_of_outcome_3_cannot_be_removed(self, inspection, lead_inspector):
        area = AreaForActionFactory(inspection=inspection)
        with time_machine.travel(ON_SITE):
            services.decide_outcome(inspection=inspection, outcome=3, rationale="Failings", by=lead_inspector)
        with pytest.raises(ValidationError, match="at least one"):
            services.remove_area_for_action(area=area, by=lead_inspector)

    def test_changes_are_kept_in_history(self, inspection, lead_inspector):
        with time_machine.travel(ON_SITE):
            services.decide_outcome(inspection=inspection, outcome=1, rationale="First view", by=lead_inspector)
            services.decide_outcome(inspection=inspection, outcome=2, rationale="Second view", by=lead_inspector)
        history = selectors.outcome_history(inspection)
        change = history[0]
        assert change.what == "Outcome decision changed" and change.who == lead_inspector
        assert ("Outcome", "1", "2") in change.changes
        assert ("Rationale", "First view", "Second view") in change.changes
        assert history[-1].what == "Outcome decision added"

    def test_follow_ups_are_provisional_until_publication(self, inspection, lead_inspector):
        AreaForActionFactory(inspection=inspection)
        with time_machine.travel(ON_SITE):
            services.decide_outcome(inspection=inspection, outcome=3, rationale="Failings", by=lead_inspector)
        target = inspection.milestones.get(key="report_published").starts_on
        provisional = selectors.follow_ups_for(inspection)
        assert provisional.provisional and provisional.published_on == target
        services.record_publication(inspection=inspection, published_on=date(2027, 3, 1))
        services.record_publication(inspection=inspection, published_on=date(2027, 3, 1))
        fixed = selectors.follow_ups_for(inspection)
        assert not fixed.provisional
        assert fixed == consequences_for(3, published_on=date(2027, 3, 1), bank_holidays=bank_holidays())
        assert fixed.priority_action_plan_due == date(2027, 4, 21)
        assert fixed.monitoring_inspection_due_by == date(2028, 9, 1)
        assert OutcomeDecision.history.filter(inspection_id=inspection.pk).count() == 2

    def test_planned_dates_follow_the_planning_settings(self, settings, inspection, lead_inspector, client_for):
        """The plan's due date and the meetings' interval are this service's defaults, changed by settings."""
        AreaForActionFactory(inspection=inspection)
        with time_machine.travel(ON_SITE):
            services.decide_outcome(inspection=inspection, outcome=3, rationale="Failings", by=lead_inspector)
        services.record_publication(inspection=inspection, published_on=date(2027, 3, 1))
        settings.PRIORITY_ACTION_PLAN_WORKING_DAYS = 10
        settings.ENGAGEMENT_MEETING_INTERVAL_MONTHS = {1: 12, 2: 6, 3: 4}
        follow_ups = selectors.follow_ups_for(inspection)
        assert follow_ups.priority_action_plan_due == date(2027, 3, 15)  # 10 working days after 1 March
        assert follow_ups.engagement_meetings[:2] == (date(2027, 7, 1), date(2027, 11, 1))
        page = client_for(lead_inspector).get(f"/inspections/{inspection.pk}/outcome/").content.decode()
        assert "Priority action plan due (planned)" in page and "setting PRIORITY_ACTION_PLAN_WORKING_DAYS" in page
        assert "Engagement meetings (planned)" in page and "a meeting every 4 months" in page

    def test_no_change_after_publication(self, inspection, lead_inspector):
        with time_machine.travel(ON_SITE):
            services.decide_outcome(inspection=inspection, outcome=1, rationale="Strong", by=lead_inspector)
            services.record_publication(inspection=inspection, published_on=date(2027, 3, 1))
            with pytest.raises(ValidationError, match="published"):
                services.decide_outcome(inspection=inspection, outcome=2, rationale="Later", by=lead_inspector)
            with pytest.raises(ValidationError, match="published"):
                services.save_criterion_summary(
                    inspection=inspection, criterion=1, effective="x", better="y", by=lead_inspector
                )

    def test_publication_needs_a_decision(self, inspection):
        with pytest.raises(ValidationError):
            services.record_publication(inspection=inspection, published_on=date(2027, 3, 1))
        assert selectors.follow_ups_for(inspection) is None
        assert selectors.outcome_for(inspection) is None


def test_criterion_summaries_are_keyed_by_number_and_keep_history(inspection, team_inspector):
    services.save_criterion_summary(
        inspection=inspection, criterion=7, effective="Forum is heard", better="", by=team_inspector
    )
    services.save_criterion_summary(
        inspection=inspection, criterion=7, effective="Forum is heard well", better="Feedback loops", by=team_inspector
    )
    summaries = selectors.criterion_summaries(inspection)
    assert list(summaries) == [7]
    assert summaries[7].effective_text == "Forum is heard well" and summaries[7].better_text == "Feedback loops"
    assert summaries[7].history.count() == 2
