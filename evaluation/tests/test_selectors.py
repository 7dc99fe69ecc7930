"""The evidence form offers real objects from the other apps, read through their own code."""

from datetime import date

import pytest

from evaluation import selectors


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2026-12-17 10:00:00+00:00", tick=False)


def test_source_options_offer_children_cases_documents_and_survey_results(inspection, lead_inspector, lana):
    from documents.tests.factories import upload
    from surveys import services as survey_services
    from surveys.tests.factories import submit, survey_for
    from tracking import services as tracking
    from tracking.tests.factories import make_case_list

    make_case_list(inspection)
    cohort = tracking.propose_cohort(inspection=inspection, by=lead_inspector, seed=5, today=date(2026, 12, 17))
    child = cohort.children.order_by("pk").first()
    sampled = tracking.draw_cases(inspection=inspection, by=lead_inspector, seed=3).cases.first()
    [stored] = upload(inspection, lana)
    survey = survey_for(inspection)
    response = submit(survey, text="The new triage team answered within a week.")
    answer = response.answers.exclude(text="").get()
    survey_services.set_free_text_tags(answer=answer, criteria=[3], by=lead_inspector)

    options = selectors.source_options(inspection)

    by_group: dict[str, list[str]] = {}
    for option in options:
        by_group.setdefault(option.group, []).append(option.label)
    assert f"Tracked child {child.child_ref}" in by_group["Tracked children"]
    assert f"Sampled case {sampled.child_ref}" in by_group["Sampled cases"]
    assert f"Document: {stored}" in by_group["Documents"]
    assert (
        "Survey results (Parents and carers): How well were your child's needs identified and assessed?"
        in by_group["Survey results"]
    )
    assert by_group["Survey comments"] == [
        "Survey comment (Parents and carers): The new triage team answered within a week."
    ]
    assert len({o.value for o in options}) == len(options)


def test_long_source_labels_are_shortened_at_a_word_and_marked():
    label = selectors._clip("The new triage team answered within a week and then again the week after", 40)
    assert label == "The new triage team answered within a…"
    assert selectors._clip("Short enough", 40) == "Short enough"


def test_source_choices_are_grouped_by_kind_then_item():
    options = [
        selectors.SourceOption("ct:1:1", "Tracked child NS-1", "Tracked children"),
        selectors.SourceOption("ct:2:9", "Document: plan.pdf", "Documents"),
        selectors.SourceOption("ct:1:2", "Tracked child NS-2", "Tracked children"),
    ]
    assert selectors.grouped_source_choices(options) == [
        ("Tracked children", [("ct:1:1", "Tracked child NS-1"), ("ct:1:2", "Tracked child NS-2")]),
        ("Documents", [("ct:2:9", "Document: plan.pdf")]),
    ]
