import pytest
from django.utils.functional import Promise

from inspections.framework import CRITERIA_BY_NUMBER
from surveys.questionsets import AUDIENCES, QUESTION_SETS, AnswerError, question_set


def test_every_audience_has_a_current_set_and_every_question_maps_to_criteria():
    for audience in AUDIENCES:
        qs = question_set(audience)
        assert qs.breakdowns, audience
        for q in qs.questions:
            assert q.attribute or q.criteria, q.key
            assert all(1 <= n <= 11 and n in CRITERIA_BY_NUMBER for n in q.criteria)


def test_every_respondent_string_is_translatable():
    for qs in QUESTION_SETS.values():
        assert isinstance(qs.title, Promise) and isinstance(qs.intro, Promise)
        for q in qs.questions:
            assert isinstance(q.text, Promise)
            assert all(isinstance(o.label, Promise) for o in q.options)


def test_the_young_peoples_survey_is_easy_read_and_asks_about_help():
    qs = question_set("young_people")
    assert qs.easy_read and not qs.question("helped").required
    assert all(len(str(q.text).split()) <= 14 for q in qs.questions)  # short sentences


def test_clean_checks_required_answers_and_options():
    qs = question_set("parents")
    with pytest.raises(AnswerError) as exc:
        qs.clean({"age_group": "nonsense"})
    assert "age_group" in exc.value.errors and "identified" in exc.value.errors
    answers = {
        q.key: (
            q.options[0].value if q.kind == "single" else [q.options[0].value] if q.kind == "multiple" else "  fine "
        )
        for q in qs.questions
    }
    cleaned = qs.clean(answers)
    assert cleaned["went_well"] == "fine" and cleaned["services"] == ["education"]


def test_navigation_between_questions():
    qs = question_set("practitioners")
    assert qs.next_key(qs.keys[0]) == qs.keys[1] and qs.previous_key(qs.keys[0]) is None
    assert qs.first_unanswered({qs.keys[0]: "education"}) == qs.keys[1]
