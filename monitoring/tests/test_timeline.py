"""The monitoring inspection's timeline, against dates worked out by hand (bank holidays included)."""

from datetime import date

import holidays
import pytest

from inspections import framework
from inspections.timeline import check_notification_date, compute_milestones

ENGLAND = holidays.country_holidays("GB", subdiv="ENG", years=range(2026, 2029))


def _dates(notified_on: date) -> dict[str, tuple[date, date]]:
    planned = compute_milestones(notified_on, bank_holidays=ENGLAND, kind=framework.MONITORING)
    return {m.key: (m.starts_on, m.ends_on) for m in planned}


def test_two_weeks_of_data_gathering_then_the_visit_in_week_3():
    # Monday 6 September 2027: no bank holiday in the three weeks.
    dates = _dates(date(2027, 9, 6))
    assert dates["notification"] == (date(2027, 9, 6), date(2027, 9, 6))
    assert dates["information_request"] == (date(2027, 9, 6), date(2027, 9, 6))
    assert dates["data_gathering"] == (date(2027, 9, 6), date(2027, 9, 17))
    assert dates["progress_evidence_due"] == (date(2027, 9, 8), date(2027, 9, 8))
    assert dates["case_sampling_selection"] == (date(2027, 9, 10), date(2027, 9, 10))
    assert dates["pcf_meeting"] == (date(2027, 9, 13), date(2027, 9, 17))
    assert dates["on_site"] == (date(2027, 9, 20), date(2027, 9, 24))
    assert dates["final_feedback"] == (date(2027, 9, 24), date(2027, 9, 24))


def test_easter_moves_the_visit():
    # Monday 15 March 2027: Good Friday (26 March) and Easter Monday (29 March) are skipped, so
    # WD10 is Tuesday 30 March and the visit runs from Wednesday 31 March to Tuesday 6 April.
    dates = _dates(date(2027, 3, 15))
    assert dates["data_gathering"] == (date(2027, 3, 15), date(2027, 3, 30))
    assert dates["on_site"] == (date(2027, 3, 31), date(2027, 4, 6))
    assert dates["final_feedback"] == (date(2027, 4, 6), date(2027, 4, 6))


def test_the_letter_is_planned_like_a_report():
    # 40 working days after Friday 24 September 2027 (no bank holiday until Christmas): 19 November.
    dates = _dates(date(2027, 9, 6))
    assert dates["report_published"] == (date(2027, 11, 19), date(2027, 11, 19))


def test_no_survey_step_and_no_tracking_step():
    keys = {m.key for m in framework.milestones_for(framework.MONITORING)}
    assert "surveys" not in keys
    assert "tracking_selection" not in keys
    assert {"pcf_meeting", "case_sampling_selection", "progress_evidence_due"} <= keys


def test_a_full_inspection_keeps_its_own_timeline():
    keys = [m.key for m in framework.milestones_for(framework.FULL)]
    assert keys == [m.key for m in framework.MILESTONES]


@pytest.mark.parametrize(
    "day,acceptable",
    [(date(2027, 9, 6), True), (date(2027, 8, 30), False), (date(2027, 9, 7), False)],
    ids=["working Monday", "summer bank holiday Monday", "Tuesday"],
)
def test_announced_on_a_monday_like_a_full_inspection(day, acceptable):
    assert check_notification_date(day, bank_holidays=ENGLAND).acceptable is acceptable
