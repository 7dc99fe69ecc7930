"""Two people saving the same evidence or decision from pages loaded at the same time: the second is told.

Each test loads a version, lets someone else save a newer one, then saves from the old version. The
stored text must still be the first person's, and the second person is shown both texts.
"""

import uuid
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from evaluation import services
from evaluation.models import AreaForAction, CriterionSummary, Evidence, EvidenceDraft, OutcomeDecision
from evaluation.tests.factories import AreaForActionFactory, EvidenceFactory
from inspections.concurrency import EditConflict

ON_SITE = date(2027, 1, 4)  # the fixture inspection is on site 30 December 2026 to 6 January 2027


def url(name, inspection, *args):
    return reverse(f"evaluation:{name}", args=[inspection.pk, *args])


@pytest.fixture
def evidence(inspection, team_inspector):
    return EvidenceFactory(inspection=inspection, author=team_inspector, text="Waits are long.", criterion_numbers=[3])


def revise(evidence, by, text, *, loaded_version, criteria=(3,), **extra):
    return services.revise_evidence(
        evidence=evidence,
        by=by,
        criteria=list(criteria),
        source_kind=evidence.source_kind,
        nature=evidence.nature,
        text=text,
        loaded_version=loaded_version,
        **extra,
    )


class TestEvidence:
    def test_a_second_save_from_the_same_version_is_refused_and_the_first_text_stays(
        self, evidence, team_inspector, cqc_inspector
    ):
        revise(evidence, team_inspector, "Waits are 30 weeks.", loaded_version=1)
        with pytest.raises(EditConflict) as refused:
            revise(evidence, cqc_inspector, "Waits are improving.", loaded_version=1)
        evidence.refresh_from_db()
        assert evidence.text == "Waits are 30 weeks." and evidence.version_count == 2
        assert evidence.versions.count() == 2
        conflict = refused.value
        assert conflict.current_version == 2 and conflict.saved_by == team_inspector.display_name
        assert [(f.yours, f.theirs) for f in conflict.fields] == [("Waits are improving.", "Waits are 30 weeks.")]

    def test_the_same_text_from_an_older_version_is_not_a_conflict(self, evidence, team_inspector, cqc_inspector):
        revise(evidence, team_inspector, "Waits are 30 weeks.", loaded_version=1)
        revise(evidence, cqc_inspector, "Waits are 30 weeks.\r\n", loaded_version=1)
        evidence.refresh_from_db()
        assert evidence.text == "Waits are 30 weeks." and evidence.version_count == 2

    def test_a_save_drops_every_draft_of_the_evidence_by_its_author(self, inspection, evidence, team_inspector):
        old_key, page_key = uuid.uuid4(), uuid.uuid4()
        services.save_draft(
            inspection=inspection, by=team_inspector, key=old_key, data={"text": "Old"}, evidence=evidence
        )
        revise(evidence, team_inspector, "New", loaded_version=1, draft_key=page_key)
        assert not EvidenceDraft.objects.filter(author=team_inspector).exists()


class TestCriterionSummary:
    def test_a_second_save_from_the_same_version_is_refused(self, inspection, team_inspector, cqc_inspector):
        first = services.save_criterion_summary(
            inspection=inspection, criterion=3, effective="Early help", better="", by=team_inspector, loaded_version=0
        )
        assert first.version == 1
        with pytest.raises(EditConflict) as refused:
            services.save_criterion_summary(
                inspection=inspection, criterion=3, effective="Therapy", better="", by=cqc_inspector, loaded_version=0
            )
        summary = CriterionSummary.objects.get(inspection=inspection, criterion=3)
        assert (summary.effective, summary.version, summary.updated_by) == ("Early help", 1, team_inspector)
        assert refused.value.fields[0].theirs == "Early help"

    def test_the_same_text_is_not_a_conflict_and_a_save_from_the_current_version_goes_ahead(
        self, inspection, team_inspector, cqc_inspector
    ):
        kwargs = {"inspection": inspection, "criterion": 3, "better": ""}
        services.save_criterion_summary(**kwargs, effective="Early help", by=team_inspector, loaded_version=0)
        services.save_criterion_summary(**kwargs, effective="Early help", by=cqc_inspector, loaded_version=0)
        services.save_criterion_summary(**kwargs, effective="Both", by=cqc_inspector, loaded_version=2)
        summary = CriterionSummary.objects.get(inspection=inspection, criterion=3)
        assert (summary.effective, summary.version) == ("Both", 3)


class TestOutcomeAndAreas:
    def test_a_second_outcome_decision_from_the_same_version_is_refused(self, inspection, lead_inspector):
        AreaForActionFactory(inspection=inspection)
        with time_machine.travel(ON_SITE):
            services.decide_outcome(
                inspection=inspection, outcome=3, rationale="Systemic delays", by=lead_inspector, loaded_version=0
            )
            with pytest.raises(EditConflict):
                services.decide_outcome(
                    inspection=inspection, outcome=2, rationale="Inconsistent", by=lead_inspector, loaded_version=0
                )
            services.decide_outcome(
                inspection=inspection, outcome=3, rationale="Systemic delays", by=lead_inspector, loaded_version=0
            )
        decision = OutcomeDecision.objects.get()
        assert (decision.outcome, decision.rationale, decision.version) == (3, "Systemic delays", 2)

    def test_a_second_rewording_of_an_area_from_the_same_version_is_refused(self, inspection, lead_inspector):
        area = AreaForActionFactory(inspection=inspection)
        first = "Leaders should agree plans within 20 weeks."
        services.change_area_for_action(area=area, text=first, criteria=[1], by=lead_inspector, loaded_version=0)
        with pytest.raises(EditConflict) as refused:
            services.change_area_for_action(
                area=area, text="Leaders should cut waits.", criteria=[1], by=lead_inspector, loaded_version=0
            )
        area = AreaForAction.objects.get()
        assert (area.text, area.version) == (first, 1)
        assert refused.value.saved_by == lead_inspector.display_name


class TestPages:
    def _edit(self, client, inspection, evidence, text, version, criteria=("3",)):
        return client.post(
            url("evidence_edit", inspection, evidence.pk),
            {
                "criteria": list(criteria),
                "source_kind": "tracking_meeting",
                "nature": "strength",
                "text": text,
                "version": version,
                "draft_key": "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
            },
        )

    def test_the_conflict_page_shows_both_texts_and_saving_from_it_keeps_the_criteria(
        self, client_for, inspection, evidence, team_inspector, cqc_inspector
    ):
        assert self._edit(client_for(team_inspector), inspection, evidence, "Waits are 30 weeks.", 1).status_code == 302
        client = client_for(cqc_inspector)
        response = self._edit(client, inspection, evidence, "Waits are improving.", 1, criteria=("3", "7"))
        page = response.content.decode()
        assert response.status_code == 409
        assert "Someone else has changed this since you opened it" in page
        assert "Waits are 30 weeks." in page and ">Waits are improving.</textarea>" in page
        assert f"{team_inspector.display_name} saved a newer version" in page
        assert 'name="version" value="2"' in page
        assert 'name="criteria" value="7"' in page and 'name="nature" value="strength"' in page
        assert Evidence.objects.get().text == "Waits are 30 weeks."

        merged = "Waits are 30 weeks, and improving."
        response = client.post(
            url("evidence_edit", inspection, evidence.pk),
            {
                "version": "2",
                "text": merged,
                "criteria": ["3", "7"],
                "source_kind": "tracking_meeting",
                "nature": "strength",
            },
        )
        assert response.status_code == 302
        evidence.refresh_from_db()
        assert (evidence.text, evidence.version_count, evidence.criterion_numbers) == (merged, 3, [3, 7])

    def test_an_edit_without_a_version_is_not_saved(self, client_for, inspection, evidence, team_inspector):
        response = client_for(team_inspector).post(
            url("evidence_edit", inspection, evidence.pk),
            {"criteria": ["3"], "source_kind": "tracking_meeting", "nature": "strength", "text": "Other"},
        )
        assert "Reload the page" in response.content.decode()
        assert Evidence.objects.get().text == "Waits are long."

    def test_a_criterion_summary_conflict_shows_both_texts(self, client_for, inspection, team_inspector, cqc_inspector):
        client_for(team_inspector).post(url("criterion", inspection, 3), {"effective": "Early help", "version": 0})
        response = client_for(cqc_inspector).post(
            url("criterion", inspection, 3), {"effective": "Therapy", "better": "Waits", "version": 0}
        )
        page = response.content.decode()
        assert response.status_code == 409
        assert "Early help" in page and ">Therapy</textarea>" in page and ">Waits</textarea>" in page
        assert CriterionSummary.objects.get().effective == "Early help"

    def test_an_outcome_conflict_carries_the_outcome_chosen(self, client_for, inspection, lead_inspector):
        AreaForActionFactory(inspection=inspection)
        with time_machine.travel(ON_SITE):
            client = client_for(lead_inspector)
            client.post(url("outcome_decide", inspection), {"outcome": "3", "rationale": "Systemic", "version": 0})
            response = client.post(
                url("outcome_decide", inspection), {"outcome": "3", "rationale": "Widespread", "version": 0}
            )
        page = response.content.decode()
        assert response.status_code == 409
        assert 'name="outcome" value="3"' in page and ">Widespread</textarea>" in page
        assert OutcomeDecision.objects.get().rationale == "Systemic"

    def test_an_area_conflict_shows_both_wordings(self, client_for, inspection, lead_inspector):
        area = AreaForActionFactory(inspection=inspection)
        client = client_for(lead_inspector)
        edit = url("area_edit", inspection, area.pk)
        client.post(edit, {"text": "Leaders should act sooner.", "criteria": ["1"], "version": 0})
        response = client.post(edit, {"text": "Leaders should act now.", "criteria": ["2"], "version": 0})
        assert response.status_code == 409
        assert 'name="criteria" value="2"' in response.content.decode()
        assert AreaForAction.objects.get().text == "Leaders should act sooner."


class TestDraftsOfAnEdit:
    def test_a_draft_of_the_current_version_is_put_back_in_the_form(
        self, client_for, inspection, evidence, team_inspector
    ):
        key = uuid.uuid4()
        services.save_draft(
            inspection=inspection,
            by=team_inspector,
            key=key,
            data={"text": "Waits are long, and growing."},
            evidence=evidence,
            base_version=1,
        )
        page = client_for(team_inspector).get(url("evidence_edit", inspection, evidence.pk)).content.decode()
        assert ">\nWaits are long, and growing.</textarea>" in page
        assert "We have restored changes you made but did not save" in page
        assert f'value="{key}"' in page

    def test_a_draft_of_an_older_version_is_shown_beside_the_form_never_in_it(
        self, client_for, inspection, evidence, team_inspector, cqc_inspector
    ):
        services.save_draft(
            inspection=inspection,
            by=team_inspector,
            key=uuid.uuid4(),
            data={"text": "Old offline wording."},
            evidence=evidence,
            base_version=1,
        )
        revise(evidence, cqc_inspector, "Newer wording.", loaded_version=1)
        client = client_for(team_inspector)
        page = client.get(url("evidence_edit", inspection, evidence.pk)).content.decode()
        assert ">\nNewer wording.</textarea>" in page
        assert 'id="stale-copy"' in page and "Old offline wording." in page
        assert 'name="version" value="2"' in page
        # Saving from this page keeps the newer text's version check, then no stale copy remains.
        client.post(
            url("evidence_edit", inspection, evidence.pk),
            {"criteria": ["3"], "source_kind": "tracking_meeting", "nature": "strength", "text": "Newer wording."}
            | {"version": 2},
        )
        assert not EvidenceDraft.objects.exists()
        assert 'id="stale-copy"' not in client.get(url("evidence_edit", inspection, evidence.pk)).content.decode()

    def test_discarding_a_copy_returns_to_the_edit_page(self, client_for, inspection, evidence, team_inspector):
        key = uuid.uuid4()
        services.save_draft(
            inspection=inspection, by=team_inspector, key=key, data={"text": "Old"}, evidence=evidence, base_version=0
        )
        response = client_for(team_inspector).post(url("draft_discard", inspection, key), {"evidence": evidence.pk})
        assert response.url == url("evidence_edit", inspection, evidence.pk)
        assert not EvidenceDraft.objects.exists()

    def test_the_autosave_records_the_version_the_page_was_drawn_from(
        self, client_for, inspection, evidence, team_inspector
    ):
        key = uuid.uuid4()
        client_for(team_inspector).post(
            url("draft_save", inspection) + f"?evidence={evidence.pk}",
            {"draft_key": str(key), "text": "Typed", "version": "1"},
        )
        assert EvidenceDraft.objects.get(key=key).base_version == 1


class TestTwoConnectionsAtOnce:
    """Two saves in flight together, on two database connections: the row lock makes the second wait
    for the first and then see its version, so it is refused instead of overwriting it."""

    def _race(self, first, second) -> dict:
        import threading
        import time

        from django.db import connection, transaction

        first_holds_lock, results = threading.Event(), {}

        def run_first():
            try:
                with transaction.atomic():
                    results["first"] = first()
                    first_holds_lock.set()
                    time.sleep(0.5)  # the second save starts while this one is still open
            finally:
                first_holds_lock.set()
                connection.close()

        def run_second():
            first_holds_lock.wait(10)
            try:
                results["second"] = second()
            except EditConflict as conflict:
                results["second"] = conflict
            finally:
                connection.close()

        threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(20)
        return results

    @pytest.mark.django_db(transaction=True)
    def test_two_rewordings_of_an_area_at_once(self, inspection, lead_inspector):
        area = AreaForActionFactory(inspection=inspection)
        results = self._race(
            lambda: services.change_area_for_action(
                area=area, text="Leaders should act sooner.", criteria=[1], by=lead_inspector, loaded_version=0
            ),
            lambda: services.change_area_for_action(
                area=area, text="Leaders should act now.", criteria=[1], by=lead_inspector, loaded_version=0
            ),
        )
        assert isinstance(results["second"], EditConflict)
        assert AreaForAction.objects.get().text == "Leaders should act sooner."

    @pytest.mark.django_db(transaction=True)
    def test_two_edits_of_evidence_at_once(self, inspection, team_inspector, cqc_inspector):
        evidence = EvidenceFactory(inspection=inspection, author=team_inspector, text="Waits are long.")
        results = self._race(
            lambda: revise(evidence, team_inspector, "Waits are 30 weeks.", loaded_version=1),
            lambda: revise(evidence, cqc_inspector, "Waits are improving.", loaded_version=1),
        )
        assert isinstance(results["second"], EditConflict)
        evidence.refresh_from_db()
        assert (evidence.text, evidence.version_count) == ("Waits are 30 weeks.", 2)
