from datetime import date

from inspections.framework import OUTCOMES_BY_NUMBER
from reports.composition import (
    Area,
    Body,
    Person,
    ReportDocument,
    document_from_dict,
    document_to_dict,
    format_range,
    team_sentence,
)


def test_date_ranges_read_naturally():
    assert format_range(date(2026, 12, 14), date(2026, 12, 18)) == "14 to 18 December 2026"
    assert format_range(date(2026, 11, 30), date(2026, 12, 4)) == "30 November to 4 December 2026"
    assert format_range(date(2026, 12, 30), date(2027, 1, 6)) == "30 December 2026 to 6 January 2027"


def test_each_outcome_has_the_published_standard_sentences_and_no_dates_or_meetings():
    one, two, three = (OUTCOMES_BY_NUMBER[n].report_sentences for n in (1, 2, 3))
    assert one[0] == "The next full area SEND inspection will be within approximately 5 years."
    assert two[0] == "The next full area SEND inspection will be within approximately 3 years."
    assert one[1] == two[1] and "updates and publishes its strategic plan" in one[1]
    assert three == (
        "The next full reinspection will be within approximately 3 years.",
        "A monitoring inspection will be carried out within approximately 18 months.",
        "As a result of this inspection, His Majesty's Chief Inspector requires the local area partnership to "
        "prepare and submit a priority action plan (area SEND) to address the identified areas for priority action.",
    )
    for sentences in (one, two, three):
        text = " ".join(sentences)
        assert "engagement meeting" not in text and "working days" not in text and " by " not in text


def test_the_team_sentence_names_who_led_and_who_took_part():
    assert team_sentence(ofsted_inspectors=1, ofsted_hmis=0, cqc_lead=True, cqc_inspectors=1) == (
        "The inspection was led by one of His Majesty's Inspectors (HMI) from Ofsted, with a team of inspectors "
        "including an Ofsted Inspector from education and social care, a lead Children's Services Inspector from "
        "CQC and another Children's Services Inspector from CQC."
    )
    assert team_sentence(ofsted_inspectors=0, ofsted_hmis=0, cqc_lead=False, cqc_inspectors=0) == (
        "The inspection was led by one of His Majesty's Inspectors (HMI) from Ofsted."
    )


def test_document_survives_the_round_trip_through_json():
    body = Body("Council", "Director of children's services", "A Person", "https://x.example", "1 Street")
    doc = ReportDocument(
        title="t",
        author="a",
        partnership_name="p",
        inspection_dates="d",
        previous_inspection="n",
        stage_label="Draft",
        version=2,
        draft=True,
        published_on=date(2027, 1, 2),
        generated_on=date(2027, 1, 1),
        outcome_number=2,
        outcome_statement="st",
        standard_sentences=("s1", "s2"),
        partnership_information="i",
        child_experience="c",
        effective="e",
        better="b",
        priority_actions=(),
        improvements=(Area("Council", "x"),),
        local_authority=body,
        icbs=(body,),
        team_sentence="ts",
        ofsted_team=(Person("H", "Ofsted HMI, lead inspector"),),
        cqc_team=(Person("P", "CQC lead inspector"),),
    )
    assert document_from_dict(document_to_dict(doc)) == doc
