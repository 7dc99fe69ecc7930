"""Where a partnership's plans stand after the report, as pure functions of dates and states.

Free of the ORM so the flags (overdue, missing) can be checked against hand-worked dates. The
planned dates come from product defaults (``inspections.framework`` for the priority action plan,
``followups.defaults`` for the strategic plan); they are planning aids, shown as "planned".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

AWAITING_REVIEW = "awaiting_review"
NEEDS_CHANGES = "needs_changes"
ACCEPTED = "accepted"

VERSION_STATUS_LABELS = {
    AWAITING_REVIEW: "Awaiting review",
    NEEDS_CHANGES: "Needs changes",
    ACCEPTED: "Accepted",
}


@dataclass(frozen=True)
class PlanState:
    """What to show for a plan: a label, a GOV.UK tag colour and whether it is overdue."""

    label: str
    tag: str
    overdue: bool


def action_plan_state(*, latest_status: str | None, planned_due_on: date, today: date) -> PlanState:
    """The priority action plan's state.

    It is overdue while the partnership owes a version after the planned date: nothing uploaded
    yet, or the latest version was returned with changes. A version awaiting review or accepted
    is with the inspectors or done, so it is never overdue.
    """
    owes_a_version = latest_status in (None, NEEDS_CHANGES)
    overdue = owes_a_version and today > planned_due_on
    if latest_status is None:
        return PlanState(
            "Overdue" if overdue else "Not uploaded", "govuk-tag--red" if overdue else "govuk-tag--grey", overdue
        )
    label = VERSION_STATUS_LABELS[latest_status]
    if overdue:
        return PlanState(f"{label} (overdue)", "govuk-tag--red", True)
    tag = {AWAITING_REVIEW: "govuk-tag--blue", NEEDS_CHANGES: "govuk-tag--orange", ACCEPTED: "govuk-tag--green"}
    return PlanState(label, tag[latest_status], False)


def strategic_plan_state(*, published_on: date | None, planned_by: date, today: date) -> PlanState:
    """The updated strategic plan is flagged as missing once the planned date has passed unrecorded."""
    if published_on is not None:
        return PlanState("Published", "govuk-tag--green", False)
    if today > planned_by:
        return PlanState("Missing", "govuk-tag--red", True)
    return PlanState("Not recorded yet", "govuk-tag--grey", False)
