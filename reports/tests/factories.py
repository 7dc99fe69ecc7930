"""Evaluation rows the report is composed from, made directly for the report's tests."""

from __future__ import annotations

from django.utils import timezone

from evaluation.models import AreaForAction, CriterionSummary, OutcomeDecision

PRIORITY_TEXT = (
    "Leaders should make sure that education, health and care plans are issued within 20 weeks "
    "and that families know who to contact while they wait."
)
IMPROVEMENT_TEXT = "Leaders should improve how they share information about the local offer with families."


def decide(
    inspection,
    *,
    outcome: int = 3,
    by,
    priorities: tuple[str, ...] | None = None,
    improvements: tuple[str, ...] = (IMPROVEMENT_TEXT,),
    summaries: bool = True,
) -> OutcomeDecision:
    """An outcome with its areas for action and a few criterion summaries."""
    if priorities is None:
        priorities = (PRIORITY_TEXT,) if outcome == 3 else ()
    for order, text in enumerate(priorities):
        AreaForAction.objects.create(
            inspection=inspection, kind="priority", text=text, criteria=[3], order=order, created_by=by
        )
    for order, text in enumerate(improvements):
        AreaForAction.objects.create(
            inspection=inspection, kind="improvement", text=text, criteria=[7], order=order, created_by=by
        )
    if summaries:
        CriterionSummary.objects.create(
            inspection=inspection,
            criterion=1,
            updated_by=by,
            effective="Needs are identified early in the youngest children.",
            better="Assessments for older children take too long.",
        )
        CriterionSummary.objects.create(
            inspection=inspection,
            criterion=7,
            updated_by=by,
            effective="The parent carer forum is a trusted partner.",
            better="Families do not always hear what changed as a result.",
        )
    return OutcomeDecision.objects.create(
        inspection=inspection,
        outcome=outcome,
        rationale="The evidence shows it.",
        decided_by=by,
        decided_at=timezone.now(),
    )
