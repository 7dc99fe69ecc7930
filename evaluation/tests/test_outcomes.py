"""The consequence rules, checked against dates worked out by hand on a calendar."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.outcomes import add_months, consequences_for, priority_actions_problem
from inspections.working_days import bank_holidays as england_bank_holidays

HOLIDAYS = england_bank_holidays()
D = date.fromisoformat

# Published Monday 1 March 2027. Good Friday (26 March) and Easter Monday (29 March) fall within
# the 35 working days, so the plan is due on Wednesday 21 April rather than Monday 19 April.
# 1 March 2031 and 1 September 2029 are Saturdays: those meetings move to the Monday.
CASES = [
    (
        1,
        D("2027-03-01"),
        D("2032-03-01"),
        (D("2028-03-01"), D("2029-03-01"), D("2030-03-01"), D("2031-03-03")),
        None,
        None,
    ),
    (
        2,
        D("2027-03-01"),
        D("2030-03-01"),
        (D("2027-09-01"), D("2028-03-01"), D("2028-09-01"), D("2029-03-01"), D("2029-09-03")),
        None,
        None,
    ),
    (
        3,
        D("2027-03-01"),
        D("2030-03-01"),
        (D("2027-09-01"), D("2028-03-01"), D("2028-09-01"), D("2029-03-01"), D("2029-09-03")),
        D("2027-04-21"),
        D("2028-09-01"),
    ),
    # Published Friday 18 December 2026: Christmas Day, the Boxing Day substitute (28 December) and
    # New Year's Day are skipped, so the plan is due on Wednesday 10 February 2027.
    (
        3,
        D("2026-12-18"),
        D("2029-12-18"),
        (D("2027-06-18"), D("2027-12-20"), D("2028-06-19"), D("2028-12-18"), D("2029-06-18")),
        D("2027-02-10"),
        D("2028-06-18"),
    ),
]


@pytest.mark.parametrize("outcome,published,full,meetings,plan,monitoring", CASES)
def test_follow_up_dates_match_hand_computed_values(outcome, published, full, meetings, plan, monitoring):
    result = consequences_for(outcome, published_on=published, bank_holidays=HOLIDAYS)
    assert result.next_full_inspection_due_by == full
    assert result.engagement_meetings == meetings
    assert result.priority_action_plan_due == plan
    assert result.monitoring_inspection_due_by == monitoring
    assert result.published_on == published and not result.provisional


def test_without_the_bank_holidays_the_plan_would_be_due_two_days_earlier():
    result = consequences_for(3, published_on=D("2027-03-01"), bank_holidays=frozenset())
    assert result.priority_action_plan_due == D("2027-04-19")


def test_unknown_outcome_is_refused():
    with pytest.raises(ValueError):
        consequences_for(4, published_on=D("2027-03-01"), bank_holidays=HOLIDAYS)


@pytest.mark.parametrize(
    "start,months,expected",
    [
        (D("2027-08-31"), 6, D("2028-02-29")),
        (D("2027-01-31"), 1, D("2027-02-28")),
        (D("2027-12-15"), 1, D("2028-01-15")),
        (D("2027-03-01"), 60, D("2032-03-01")),
    ],
)
def test_add_months_keeps_the_day_or_uses_the_month_end(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    "outcome,count,allowed",
    [
        (1, 0, True),
        (1, 1, False),
        (2, 0, True),
        (2, 2, False),
        (3, 0, False),
        (3, 1, True),
        (3, 4, True),
    ],
)
def test_priority_actions_only_with_outcome_3(outcome, count, allowed):
    assert (priority_actions_problem(outcome, count) is None) is allowed


@given(
    outcome=st.sampled_from([1, 2, 3]),
    published=st.dates(min_value=D("2024-01-01"), max_value=D("2030-12-31")),
)
def test_meetings_fall_on_working_days_between_publication_and_the_next_inspection(outcome, published):
    result = consequences_for(outcome, published_on=published, bank_holidays=HOLIDAYS)
    previous = published
    for meeting in result.engagement_meetings:
        assert meeting.weekday() < 5 and meeting not in HOLIDAYS
        assert previous < meeting < result.next_full_inspection_due_by
        previous = meeting
    if result.priority_action_plan_due:
        assert published + timedelta(days=35) <= result.priority_action_plan_due
        assert result.monitoring_inspection_due_by < result.next_full_inspection_due_by
