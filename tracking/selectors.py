"""Reading the case list, the tracking cohort and the case samples."""

from __future__ import annotations

import gc
from datetime import date
from typing import Any

from django.db.models import Count, Q

from inspections.dates import DateWords
from inspections.models import Inspection

from . import workflow
from .case_list import age_group_for
from .models import Case, CaseList, CaseSample, SampledCase, TrackedChild, TrackingSelection
from .selection import Candidate, Chosen, CoverageRow, suggest_replacement

_CANDIDATE_FIELDS = (
    "child_ref",
    "age",
    "primary_need",
    "support",
    "education",
    "health",
    "social_care",
    "in_alternative_provision",
    "educated_out_of_area",
    "social_care_status",
    "opted_out",
)


def current_case_list(inspection: Inspection) -> CaseList | None:
    return (
        CaseList.objects.filter(inspection=inspection, replaced_at__isnull=True).select_related("uploaded_by").first()
    )


def case_list_status(inspection: Inspection) -> str:
    """ "uploaded" once a case list is stored for the inspection, else "not started"."""
    if CaseList.objects.filter(inspection=inspection, replaced_at__isnull=True).exists():
        return "uploaded"
    return "not started"


def child_refs(inspection: Inspection) -> set[str]:
    """Every child reference on the inspection's current case list (for anonymity checks)."""
    return set(
        Case.objects.filter(case_list__inspection=inspection, case_list__replaced_at__isnull=True).values_list(
            "child_ref", flat=True
        )
    )


_SERVICE_SETS = {
    (education, health, social_care): frozenset(
        name for name, on in (("education", education), ("health", health), ("social_care", social_care)) if on
    )
    for education in (False, True)
    for health in (False, True)
    for social_care in (False, True)
}
_AGE_GROUPS = [age_group_for(age) for age in range(26)]


def _candidate(values: tuple[Any, ...]) -> Candidate:
    ref, age, need, support, education, health, social_care, ap, ooa, status, opted_out = values
    return Candidate(
        ref, _AGE_GROUPS[age], need, support, _SERVICE_SETS[education, health, social_care], ap, ooa, status, opted_out
    )


def candidates(case_list: CaseList) -> list[Candidate]:
    """The whole list in the shape the selection needs, in one query.

    The cycle collector is paused meanwhile: tens of thousands of new objects, none in cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        rows = Case.objects.filter(case_list=case_list).order_by().values_list(*_CANDIDATE_FIELDS)
        return [_candidate(v) for v in rows]
    finally:
        if was_enabled:
            gc.enable()


def candidate_for_case(case: Case) -> Candidate:
    return _candidate(tuple(getattr(case, f) for f in _CANDIDATE_FIELDS))


def case_list_summary(case_list: CaseList) -> dict[str, int]:
    """Counts shown beside the upload, in one aggregate query."""
    return Case.objects.filter(case_list=case_list).aggregate(
        total=Count("pk"),
        ehcp=Count("pk", filter=Q(support="EHCP")),
        sen_support=Count("pk", filter=Q(support="SEN_SUPPORT")),
        grant=Count("pk", filter=Q(support="GRANT")),
        alternative_provision=Count("pk", filter=Q(in_alternative_provision=True)),
        out_of_area=Count("pk", filter=Q(educated_out_of_area=True)),
        opted_out=Count("pk", filter=Q(opted_out=True)),
    )


def case_list_history(inspection: Inspection) -> list[CaseList]:
    return list(CaseList.objects.filter(inspection=inspection).select_related("uploaded_by"))


def selection_for(inspection: Inspection) -> TrackingSelection | None:
    selection = (
        TrackingSelection.objects.filter(inspection=inspection).select_related("case_list", "proposed_by").first()
    )
    if selection is not None:
        selection.inspection = inspection  # already read (with anything prefetched on it): not read again
    return selection


def meeting_due_on(inspection: Inspection) -> date | None:
    dates = inspection.milestone_dates("final_feedback")
    return dates[1] if dates else None


def tracking_rows(selection: TrackingSelection, today: date) -> list[dict[str, Any]]:
    """Every child in the cohort (active first), with what is late for each and its dates in words.

    The dates are written here with `DateWords` (the words of the ``date`` filter, month names
    looked up once) so the template only prints them.
    """
    due_by = meeting_due_on(selection.inspection)
    words = DateWords()
    rows = []
    for child in selection.children.select_related("case", "replaced_by").order_by("-active", "selected_on", "pk"):
        late = (
            workflow.overdue_steps(
                status=child.status,
                documents_due_on=child.documents_due_on,
                today=today,
                documents_received=child.documents_received_on is not None,
                meeting_on=child.meeting_on,
                meeting_due_on=due_by,
            )
            if child.active
            else []
        )
        if child.documents_received_on:
            documents = f"Received {words.day_month(child.documents_received_on)}"
        else:
            documents = words.short(child.documents_due_on) if child.documents_due_on else ""
        rows.append(
            {
                "child": child,
                "overdue": late,
                "documents": documents,
                "meeting_on": words.short(child.meeting_on) if child.meeting_on else "",
            }
        )
    return rows


def cohort_coverage(selection: TrackingSelection, active: list[TrackedChild] | None = None) -> tuple[CoverageRow, ...]:
    """The coverage table for the cohort as it is now (after replacements and swaps).

    What the list has (wanted, available) comes from the stored proposal, so the page does not
    reload the whole list. `active` is the cohort's active children with their cases, when the
    caller has them already (the tracking page does), to save reading them again.
    """
    if active is None:
        active = list(selection.children.filter(active=True).select_related("case"))
    candidates = [candidate_for_case(c.case) for c in active]
    rows = []
    for stored in selection.result.get("coverage", []):
        covered_by = tuple(c.ref for c in candidates if stored["key"] in c.traits)
        rows.append(
            CoverageRow(
                stored["key"], stored["label"], stored["wanted"], stored["available"], stored["required"], covered_by
            )
        )
    return tuple(rows)


def replacement_suggestion(child: TrackedChild) -> Chosen | None:
    """The child that best keeps the cohort's range if ``child`` leaves."""
    selection = child.selection
    case_list = current_case_list(selection.inspection)
    if case_list is None:
        return None
    refs = list(selection.children.values_list("child_ref", "active"))
    cohort = [ref for ref, active in refs if active and ref != child.child_ref]
    everyone = [ref for ref, _active in refs]
    sampled = SampledCase.objects.filter(sample__inspection=selection.inspection).values_list("child_ref", flat=True)
    return suggest_replacement(
        candidates(case_list),
        cohort=cohort,
        leaving=child.child_ref,
        seed=selection.seed,
        exclude=set(everyone) | set(sampled),
    )


def samples_for(inspection: Inspection) -> list[CaseSample]:
    return list(
        CaseSample.objects.filter(inspection=inspection)
        .select_related("drawn_by")
        .prefetch_related("cases__reviewed_by")
    )


def sampled_case_count(inspection: Inspection) -> int:
    """Cases in the sample now (withdrawn cases are not counted)."""
    return SampledCase.objects.filter(sample__inspection=inspection, withdrawn_at=None).count()
