from datetime import date

from evaluation.outcomes import consequences_for
from inspections.framework import OUTCOMES_BY_NUMBER
from inspections.working_days import bank_holidays
from reports.composition import ReportDocument, document_from_dict, document_to_dict, format_range, next_steps, period


def test_date_ranges_read_naturally():
    assert format_range(date(2026, 12, 14), date(2026, 12, 18)) == "14 to 18 December 2026"
    assert format_range(date(2026, 11, 30), date(2026, 12, 4)) == "30 November to 4 December 2026"
    assert format_range(date(2026, 12, 30), date(2027, 1, 6)) == "30 December 2026 to 6 January 2027"


def test_periods_use_years_when_whole():
    assert [period(60), period(36), period(18), period(12)] == ["5 years", "3 years", "18 months", "1 year"]


def test_outcome_1_says_five_years_and_yearly_meetings_only():
    lines = next_steps(OUTCOMES_BY_NUMBER[1])
    assert "within 5 years" in lines[0]
    assert any("engagement meetings" in line and "every year" in line for line in lines)
    assert not any("priority action plan" in line or "monitoring inspection" in line.lower() for line in lines)


def test_outcome_3_lists_monitoring_inspection_and_priority_action_plan():
    text = " ".join(next_steps(OUTCOMES_BY_NUMBER[3]))
    assert "within 3 years" in text
    assert "monitoring inspection will take place within 18 months" in text
    assert "priority action plan to Ofsted within 35 working days" in text
    assert "every 6 months" in text


def test_published_dates_appear_once_the_report_is_published():
    consequences = consequences_for(3, published_on=date(2027, 3, 1), bank_holidays=bank_holidays())
    text = " ".join(next_steps(OUTCOMES_BY_NUMBER[3], consequences=consequences))
    assert "by 1 March 2030" in text  # next full inspection
    assert "by 1 September 2028" in text  # monitoring inspection
    provisional = " ".join(next_steps(OUTCOMES_BY_NUMBER[3], consequences=consequences.as_provisional()))
    assert "2030" not in provisional


def test_document_survives_the_round_trip_through_json():
    doc = ReportDocument(
        title="t",
        author="a",
        partnership_name="p",
        inspection_dates="d",
        on_site_dates="o",
        previous_inspection="n",
        stage_label="Draft",
        version=2,
        draft=True,
        published_on=date(2027, 1, 2),
        generated_on=date(2027, 1, 1),
        outcome_number=2,
        outcome_short_name="s",
        outcome_statement="st",
        partnership_information="i",
        child_experience="c",
        effective="e",
        better="b",
        priority_actions=(),
        improvements=("x",),
        next_steps=("n",),
    )
    assert document_from_dict(document_to_dict(doc)) == doc
