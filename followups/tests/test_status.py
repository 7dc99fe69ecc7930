"""The plans' flags, against hand-worked dates."""

from datetime import date

from followups import status

DUE = date(2027, 4, 21)


class TestActionPlanState:
    def test_nothing_uploaded_is_not_overdue_on_the_planned_date(self):
        state = status.action_plan_state(latest_status=None, planned_due_on=DUE, today=DUE)
        assert (state.label, state.overdue) == ("Not uploaded", False)

    def test_nothing_uploaded_the_day_after_is_overdue(self):
        state = status.action_plan_state(latest_status=None, planned_due_on=DUE, today=date(2027, 4, 22))
        assert (state.label, state.overdue) == ("Overdue", True)

    def test_a_returned_plan_after_the_planned_date_is_overdue(self):
        state = status.action_plan_state(latest_status=status.NEEDS_CHANGES, planned_due_on=DUE, today=date(2027, 5, 3))
        assert state.overdue and state.label == "Needs changes (overdue)"

    def test_a_plan_with_the_inspectors_or_accepted_is_never_overdue(self):
        for latest in (status.AWAITING_REVIEW, status.ACCEPTED):
            state = status.action_plan_state(latest_status=latest, planned_due_on=DUE, today=date(2028, 1, 1))
            assert not state.overdue
            assert state.label == status.VERSION_STATUS_LABELS[latest]


class TestStrategicPlanState:
    def test_missing_only_after_the_planned_date(self):
        planned = date(2027, 9, 1)
        assert not status.strategic_plan_state(published_on=None, planned_by=planned, today=planned).overdue
        late = status.strategic_plan_state(published_on=None, planned_by=planned, today=date(2027, 9, 2))
        assert (late.label, late.overdue) == ("Missing", True)

    def test_recorded_is_published_whenever_it_was(self):
        state = status.strategic_plan_state(
            published_on=date(2027, 10, 1), planned_by=date(2027, 9, 1), today=date(2027, 12, 1)
        )
        assert (state.label, state.overdue) == ("Published", False)
