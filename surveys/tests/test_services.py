import datetime as dt
import uuid
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError

from surveys import selectors, services
from surveys.models import Answer, Response, SafeguardingFlag, Tally
from surveys.questionsets import AnswerError

from .factories import AFTER_SURVEYS, DURING_SURVEYS, answers_for, submit, survey_for

pytestmark = pytest.mark.django_db


def test_each_inspection_gets_three_surveys_with_different_unguessable_links(inspection):
    surveys = services.ensure_surveys(inspection=inspection)
    assert [s.audience for s in surveys] == ["parents", "young_people", "practitioners"]
    assert len({s.token for s in surveys}) == 3
    assert services.ensure_surveys(inspection=inspection) == surveys  # idempotent


def test_submission_stores_answers_and_counts_them(inspection):
    survey = survey_for(inspection)
    response = submit(survey, pick=1, text="Speech therapy came quickly.")
    assert response.question_set_version == 1 and response.submitted_on == dt.date(2026, 12, 15)
    assert (
        Answer.objects.filter(response=response, question_key="went_well").get().text == "Speech therapy came quickly."
    )
    counts = {(t.question_key, t.value, t.breakdown_key): t.count for t in Tally.objects.filter(survey=survey)}
    assert counts[("identified", "quite_well", "")] == 1
    assert counts[("identified", "quite_well", "age_group")] == 1
    assert counts[("_day", "2026-12-15", "")] == 1


def test_same_submission_token_twice_stores_one_response(inspection):
    survey = survey_for(inspection)
    token = uuid.uuid4()
    answers = answers_for(survey.questions)
    first = services.submit_response(
        survey=survey, version=1, answers=answers, submission_token=token, now=DURING_SURVEYS
    )
    second = services.submit_response(
        survey=survey, version=1, answers=answers, submission_token=token, now=DURING_SURVEYS
    )
    assert first.created and not second.created and first.response == second.response
    assert Response.objects.count() == 1
    assert Tally.objects.get(survey=survey, question_key="_day").count == 1


def test_incomplete_answers_are_refused(inspection):
    survey = survey_for(inspection)
    with pytest.raises(AnswerError):
        services.submit_response(survey=survey, version=1, answers={"age_group": "5-10"}, submission_token=uuid.uuid4())
    assert Response.objects.count() == 0


def test_database_error_leaves_no_partial_response(inspection, monkeypatch):
    survey = survey_for(inspection)

    def too_long(qs, cleaned, day):
        # A counter value longer than its column: PostgreSQL refuses the statement part-way.
        return [("_day", "x" * 50, "", "")]

    monkeypatch.setattr(services, "_tally_rows", too_long)
    with pytest.raises(DatabaseError):
        submit(survey, text="We were hit by delays")
    assert Response.objects.count() == 0 and Answer.objects.count() == 0
    assert SafeguardingFlag.objects.count() == 0 and Tally.objects.count() == 0


def test_counters_match_a_recount_from_the_answers(inspection):
    survey = survey_for(inspection, "young_people")
    for i in range(7):
        submit(survey, pick=i, text="fine" if i % 2 else "")
    submit(survey, pick=2, helped="")  # an attribute left blank still counts

    def cells():
        found = Counter()
        for t in Tally.objects.all():
            found[(t.question_key, t.value, t.breakdown_key, t.breakdown_value)] += t.count
        return found

    before = cells()
    services.rebuild_tallies(survey=survey)
    assert cells() == before


def test_worrying_free_text_is_flagged_for_the_lead_inspector(inspection):
    survey = survey_for(inspection)
    submit(survey, text="My son says a member of staff hurt him and he is scared")
    submit(survey, text="The new speech therapist is brilliant")
    flag = SafeguardingFlag.objects.get()
    assert flag.terms == ["hurt", "scared"] and flag.status == "new"
    assert selectors.safeguarding_queue(inspection) == [flag]


def test_safeguarding_decision_needs_a_note_and_is_kept_in_history(inspection, lead_inspector):
    survey = survey_for(inspection)
    submit(survey, text="someone hit my child")
    flag = SafeguardingFlag.objects.get()
    with pytest.raises(ValidationError):
        services.decide_safeguarding_flag(flag=flag, status="referred", note=" ", by=lead_inspector)
    services.decide_safeguarding_flag(flag=flag, status="referred", note="Passed to MASH at 10:20", by=lead_inspector)
    flag.refresh_from_db()
    assert flag.status == "referred" and flag.decided_by == lead_inspector
    assert flag.history.first().history_user == lead_inspector


def test_resume_code_reopens_saved_answers_and_saving_again_keeps_the_code(inspection):
    survey = survey_for(inspection)
    draft, code = services.save_draft(survey=survey, version=1, answers={"age_group": "5-10"})
    found, typed = services.find_draft(survey=survey, typed_code=code.lower().replace("-", " "))
    assert found == draft and typed == code
    again, same = services.save_draft(
        survey=survey, version=1, answers={"age_group": "11-15"}, draft_id=draft.pk, code=code
    )
    assert again.pk == draft.pk and same == code and again.answers == {"age_group": "11-15"}
    assert services.find_draft(survey=survey, typed_code="ABCD-EFGH") == (None, None)
    other = survey_for(inspection, "practitioners")
    assert services.find_draft(survey=other, typed_code=code) == (None, None)  # a code only works with its link


def test_unfinished_answers_expire_after_the_window_closes(inspection):
    survey = survey_for(inspection)
    services.save_draft(survey=survey, version=1, answers={})
    assert services.purge_expired_drafts(now=DURING_SURVEYS) == 0
    assert services.purge_expired_drafts(now=AFTER_SURVEYS) == 1


def test_submitting_deletes_the_saved_draft(inspection):
    survey = survey_for(inspection)
    draft, _ = services.save_draft(survey=survey, version=1, answers={})
    services.submit_response(
        survey=survey,
        version=1,
        answers=answers_for(survey.questions),
        submission_token=uuid.uuid4(),
        draft_id=draft.pk,
        now=DURING_SURVEYS,
    )
    assert not survey.drafts.exists()


def test_lead_inspector_extends_the_close_date_with_a_reason(inspection, lead_inspector):
    survey = survey_for(inspection)
    assert selectors.survey_window(survey).state(AFTER_SURVEYS) == "closed"
    with pytest.raises(ValidationError):
        services.extend_close_date(survey=survey, closes_on=dt.date(2026, 12, 21), reason="", by=lead_inspector)
    with pytest.raises(ValidationError):
        services.extend_close_date(survey=survey, closes_on=dt.date(2026, 12, 17), reason="x", by=lead_inspector)
    services.extend_close_date(
        survey=survey, closes_on=dt.date(2026, 12, 21), reason="Low response from practitioners", by=lead_inspector
    )
    assert selectors.survey_window(survey).state(AFTER_SURVEYS) == "open"
    assert survey.history.first().extension_reason == "Low response from practitioners"
    assert survey.history.first().history_user == lead_inspector


def test_tags_and_free_text_for_other_apps(inspection, team_inspector):
    survey = survey_for(inspection)
    submit(survey, text="Waited two years for an assessment")
    submit(survey, text="Brilliant short breaks")
    answer = Answer.objects.get(text="Waited two years for an assessment")
    services.set_free_text_tags(answer=answer, criteria=[1, 3], by=team_inspector)
    assert sorted(selectors.free_text_answers(inspection)) == [
        "Brilliant short breaks",
        "Waited two years for an assessment",
    ]
    tagged = selectors.tagged_free_text(inspection, criterion_number=1)
    assert [(t.text, t.criteria, t.audience) for t in tagged] == [
        ("Waited two years for an assessment", [1, 3], "parents")
    ]
    assert selectors.tagged_free_text(inspection, criterion_number=5) == []
    services.set_free_text_tags(answer=answer, criteria=[3], by=team_inspector)
    assert selectors.tagged_free_text(inspection, criterion_number=1) == []


def test_question_results_for_a_criterion_are_suppressed(inspection):
    survey = survey_for(inspection)
    for _ in range(9):
        submit(survey, pick=0)
    results = selectors.question_results_for_criterion(inspection, 1)
    keys = {(r.audience, r.key) for r in results}
    assert ("parents", "identified") in keys and ("young_people", "understood") in keys
    identified = next(r for r in results if r.key == "identified")
    assert [o.cell.display for o in identified.options][0] == "fewer than 10"
    assert not identified.total.shown


def test_purge_command_and_task_delete_only_closed_surveys_drafts(inspection):
    import time_machine
    from django.core.management import call_command

    from surveys.tasks import purge_expired_survey_drafts

    survey = survey_for(inspection)
    services.save_draft(survey=survey, version=1, answers={})
    with time_machine.travel(DURING_SURVEYS, tick=False):
        assert purge_expired_survey_drafts() == 0
    with time_machine.travel(AFTER_SURVEYS, tick=False):
        call_command("purge_survey_drafts")
    assert not survey.drafts.exists()


def test_the_portable_store_writes_what_the_one_statement_store_writes(inspection, monkeypatch):
    """The local SQLite fallback stores responses through the ORM: the same tallies, key for key."""
    from inspections.tests.factories import make_inspection
    from surveys.models import Answer, SafeguardingFlag, Tally
    from surveys.tests.factories import submit, survey_for

    other = make_inspection(notified_on=inspection.notified_on, lead=inspection.lead_inspector)
    first, second = survey_for(inspection, "parents"), survey_for(other, "parents")
    worrying = "I am worried my child is being hurt at home"
    answers = [(0, "Fine"), (1, worrying), (1, ""), (2, worrying), (3, "Slow")]

    def submit_all(survey):
        for pick, text in answers:
            submit(survey, pick=pick, text=text)

    monkeypatch.setattr(services, "TALLY_SHARDS", 1)  # every answer lands on the same counters
    submit_all(first)
    monkeypatch.setattr(services, "_store", services._store_portable)
    submit_all(second)

    def tallies(survey) -> dict[tuple[str, str, str, str], int]:
        """Every counter, summed over its shards."""
        found: dict[tuple[str, str, str, str], int] = {}
        for key, value, bkey, bvalue, count in Tally.objects.filter(survey=survey).values_list(
            "question_key", "value", "breakdown_key", "breakdown_value", "count"
        ):
            found[(key, value, bkey, bvalue)] = found.get((key, value, bkey, bvalue), 0) + count
        return found

    def answers_stored(survey) -> list[tuple[str, str, str]]:
        return sorted(Answer.objects.filter(survey=survey).values_list("question_key", "value", "text"))

    expected = tallies(first)
    assert any(bkey for _, _, bkey, _ in expected)  # breakdown counters are part of the comparison
    assert max(expected.values()) == len(answers)  # and counts above one
    assert tallies(second) == expected
    assert answers_stored(second) == answers_stored(first)
    assert SafeguardingFlag.objects.filter(survey=second).count() == 2
    assert SafeguardingFlag.objects.filter(survey=first).count() == 2
