"""The order of the consent and tracking steps, and which steps are flagged as late."""

from __future__ import annotations

from datetime import date

import pytest

from tracking import workflow
from tracking.models import TrackedChild

DUE = date(2026, 12, 21)


def test_steps_follow_each_other():
    assert workflow.next_status("agree", "awaiting_approach") == "agreed"
    assert workflow.next_status("decline", "awaiting_approach") == "declined"
    assert workflow.next_status("documents", "agreed") == "documents_received"
    assert workflow.next_status("schedule", "agreed") == "meeting_scheduled"
    assert workflow.next_status("documents", "meeting_scheduled") == "meeting_scheduled"
    assert workflow.next_status("held", "meeting_scheduled") == "held"
    assert workflow.next_status("withdraw", "documents_received") == "withdrawn"


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("held", "agreed"),
        ("agree", "declined"),
        ("documents", "awaiting_approach"),
        ("withdraw", "awaiting_approach"),
        ("schedule", "held"),
    ],
)
def test_steps_out_of_order_are_refused(action, status):
    assert not workflow.can(action, status)
    with pytest.raises(ValueError):
        workflow.next_status(action, status)


def test_nothing_is_late_on_the_due_day():
    assert workflow.overdue_steps(status="awaiting_approach", documents_due_on=DUE, today=DUE) == []


def test_consent_and_documents_are_late_the_day_after():
    late = workflow.overdue_steps(status="awaiting_approach", documents_due_on=DUE, today=date(2026, 12, 22))
    assert late == ["Consent overdue (due 21 December)", "Documents overdue (due 21 December)"]
    assert workflow.overdue_steps(status="agreed", documents_due_on=DUE, today=date(2026, 12, 22)) == [
        "Documents overdue (due 21 December)"
    ]
    assert (
        workflow.overdue_steps(status="agreed", documents_due_on=DUE, today=date(2026, 12, 22), documents_received=True)
        == []
    )


def test_meeting_flags():
    assert workflow.overdue_steps(
        status="meeting_scheduled",
        documents_due_on=DUE,
        today=date(2027, 1, 2),
        documents_received=True,
        meeting_on=date(2026, 12, 31),
    ) == ["Meeting not yet recorded as held"]
    assert workflow.overdue_steps(
        status="documents_received",
        documents_due_on=DUE,
        today=date(2027, 1, 7),
        documents_received=True,
        meeting_due_on=date(2027, 1, 6),
    ) == ["Tracking meeting overdue (due by 6 January)"]
    assert workflow.overdue_steps(status="held", documents_due_on=DUE, today=date(2027, 2, 1)) == []


def test_every_step_an_action_leads_to_has_words_and_a_colour():
    steps = {target for target, _ in workflow.ACTIONS.values()} | {
        s for _, sources in workflow.ACTIONS.values() for s in sources
    }
    assert steps == set(workflow.STATUS_LABELS) == set(workflow.STATUS_TAG_CLASSES)


def test_the_stored_status_uses_the_workflow_steps():
    field = TrackedChild._meta.get_field("status")
    assert dict(field.choices) == workflow.STATUS_LABELS and field.default == workflow.AWAITING
