"""Changing the case list, the tracking cohort and the case samples: one verb per function."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from datetime import date, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from inspections.concurrency import refuse_if_changed
from inspections.framework import TRACKING_DOCUMENTS_WD
from inspections.models import Inspection
from inspections.working_days import add_working_days, bank_holidays

from . import selectors, workflow
from .case_list import CaseRow, ParseResult, ReadLimits, parse_case_list
from .models import Case, CaseList, CaseSample, SampledCase, TrackedChild, TrackingSelection
from .selection import Theme, select_tracking_cohort
from .selection import draw_case_sample as draw_sample

MAX_SEED = 2**31 - 1
#: The texts of a case review, as the conflict page names them.
REVIEW_LABELS = {"practitioners_spoken_to": "Practitioners spoken to", "notes": "Inspectors' notes"}


class CaseListRejected(ValidationError):
    """The file had problems; nothing was stored. ``result`` holds every one of them."""

    def __init__(self, result: ParseResult) -> None:
        self.result = result
        count = len(result.errors) + len(result.file_errors)
        super().__init__(
            f"The case list has {count} problem{'s' if count != 1 else ''}. Nothing was saved: "
            "correct the file and upload it again."
        )


def cohort_size() -> int:
    """How many children are chosen for tracking (TRACKING_COHORT_SIZE)."""
    return settings.TRACKING_COHORT_SIZE


def sample_size() -> int:
    """How many case records are drawn for review (CASE_SAMPLE_SIZE)."""
    return settings.CASE_SAMPLE_SIZE


def read_limits() -> ReadLimits:
    """How much of a case list file is read before it is refused, from the settings."""
    default = ReadLimits()
    return ReadLimits(
        max_rows=int(getattr(settings, "CASE_LIST_MAX_ROWS", default.max_rows)),
        max_columns=int(getattr(settings, "CASE_LIST_MAX_COLUMNS", default.max_columns)),
        max_line_chars=int(getattr(settings, "CASE_LIST_MAX_LINE_CHARS", default.max_line_chars)),
        max_inflated_bytes=int(getattr(settings, "CASE_LIST_MAX_INFLATED_BYTES", default.max_inflated_bytes)),
    )


def documents_due(selected_on: date) -> date:
    """Consent and documents are due 2 working days after a child is chosen."""
    return add_working_days(selected_on, TRACKING_DOCUMENTS_WD, bank_holidays=bank_holidays())


# --- Case list -------------------------------------------------------------------------------------


def import_case_list(*, inspection: Inspection, data: bytes, file_name: str, by=None) -> CaseList:
    """Check a whole file and store it as the inspection's case list, or store nothing.

    Raises ``CaseListRejected`` with every problem when any row is wrong.
    """
    result = parse_case_list(data, notified_on=inspection.notified_on, filename=file_name, limits=read_limits())
    if not result.ok:
        raise CaseListRejected(result)
    return store_case_list(inspection=inspection, rows=result.rows, file_name=file_name, by=by)


_COPY_COLUMNS = (
    "case_list_id",
    "child_ref",
    "year_of_birth",
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
    "practitioner_email",
)


_COPY_CHUNK = 10_000
_T, _F = "t", "f"


def _copy_escape(value: str) -> str:
    """COPY text format: backslash, tab and line breaks must be escaped (checked values rarely have any)."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def _case(case_list_id: int, row: CaseRow) -> Case:
    """The same columns as ``_copy_text``, as a model instance (for databases without COPY)."""
    (
        child_ref,
        year_of_birth,
        age,
        primary_need,
        support,
        services,
        in_ap,
        out_of_area,
        social_care_status,
        opted_out,
        practitioner_email,
    ) = tuple(row)[:11]
    return Case(
        case_list_id=case_list_id,
        child_ref=child_ref,
        year_of_birth=year_of_birth,
        age=age,
        primary_need=primary_need,
        support=support,
        education="education" in services,
        health="health" in services,
        social_care="social_care" in services,
        in_alternative_provision=in_ap,
        educated_out_of_area=out_of_area,
        social_care_status=social_care_status,
        opted_out=opted_out,
        practitioner_email=practitioner_email,
    )


def _copy_text(case_list_id: int, rows: Sequence[CaseRow]) -> str:
    """Rows in COPY's text format, built a column at a time (much faster than row by row)."""
    if not rows:
        return ""
    flag = {True: _T, False: _F}.__getitem__
    columns = list(zip(*rows))
    services = columns[5]
    text_columns = [
        (str(case_list_id),) * len(rows),
        map(_copy_escape, columns[0]),
        map(str, columns[1]),
        map(str, columns[2]),
        columns[3],
        columns[4],
        (_T if "education" in s else _F for s in services),
        (_T if "health" in s else _F for s in services),
        (_T if "social_care" in s else _F for s in services),
        map(flag, columns[6]),
        map(flag, columns[7]),
        columns[8],
        map(flag, columns[9]),
        map(_copy_escape, columns[10]),
    ]
    return "\n".join(map("\t".join, zip(*text_columns))) + "\n"


@transaction.atomic
def store_case_list(*, inspection: Inspection, rows: Sequence[CaseRow], file_name: str, by=None) -> CaseList:
    """Replace the current case list with ``rows`` (already checked); the old one stays as history.

    Rows go in with PostgreSQL COPY: a list can have tens of thousands of children.
    """
    Inspection.objects.select_for_update().filter(pk=inspection.pk).values_list("pk").first()  # one import at a time
    CaseList.objects.filter(inspection=inspection, replaced_at__isnull=True).update(replaced_at=timezone.now())
    case_list = CaseList.objects.create(
        inspection=inspection, uploaded_by=by, file_name=(file_name or "case-list")[-255:], row_count=len(rows)
    )
    if connection.vendor != "postgresql":  # the local fallback database has no COPY
        Case.objects.bulk_create((_case(case_list.pk, row) for row in rows), batch_size=500)
        return case_list
    table = Case._meta.db_table
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f'COPY "{table}" ({", ".join(_COPY_COLUMNS)}) FROM STDIN') as copy,
    ):
        for start in range(0, len(rows), _COPY_CHUNK):
            copy.write(_copy_text(case_list.pk, rows[start : start + _COPY_CHUNK]))
    return case_list


@transaction.atomic
def purge_replaced_case_lists(*, inspection: Inspection) -> int:
    """Delete replaced case lists that no selection or sample refers to; returns how many."""
    keep = set(TrackingSelection.objects.filter(inspection=inspection).values_list("case_list_id", flat=True))
    keep |= set(CaseSample.objects.filter(inspection=inspection).values_list("case_list_id", flat=True))
    keep |= set(
        TrackedChild.objects.filter(selection__inspection=inspection).values_list("case__case_list_id", flat=True)
    )
    keep |= set(SampledCase.objects.filter(sample__inspection=inspection).values_list("case__case_list_id", flat=True))
    old = CaseList.objects.filter(inspection=inspection, replaced_at__isnull=False).exclude(pk__in=keep)
    count = old.count()
    old.delete()
    return count


def _require_case_list(inspection: Inspection) -> CaseList:
    case_list = selectors.current_case_list(inspection)
    if case_list is None:
        raise ValidationError("The partnership has not uploaded the case list yet, so no children can be chosen.")
    return case_list


# --- Tracking selection ----------------------------------------------------------------------------


@transaction.atomic
def propose_cohort(
    *, inspection: Inspection, by, seed: int | None = None, size: int | None = None, today: date | None = None
) -> TrackingSelection:
    """Choose the tracking cohort from the current case list and store it with its seed.

    Proposing again is allowed until consent is recorded for anyone; after that, children are
    swapped or replaced one at a time so the record of who was approached is kept.
    """
    case_list = _require_case_list(inspection)
    existing = TrackingSelection.objects.select_for_update().filter(inspection=inspection).first()
    if existing is not None:
        started = (
            existing.children.exclude(status=workflow.AWAITING).exists()
            or existing.children.filter(active=False).exists()
        )
        if started:
            raise ValidationError(
                "Families have already been approached for this cohort, so it cannot be chosen "
                "again. Swap or replace children one at a time instead."
            )
        existing.delete()
    seed = secrets.randbelow(MAX_SEED) if seed is None else seed
    if not 0 <= seed <= MAX_SEED:
        raise ValidationError(f"The seed must be a whole number from 0 to {MAX_SEED}.")
    size = size or cohort_size()
    selection = select_tracking_cohort(selectors.candidates(case_list), size=size, seed=seed)
    if not selection.chosen:
        raise ValidationError("No child on the case list can be chosen: every family has asked not to be chosen.")
    row = TrackingSelection.objects.create(
        inspection=inspection,
        case_list=case_list,
        seed=seed,
        size=size,
        proposed_by=by,
        result=selection.as_dict(),
    )
    today = today or timezone.localdate()
    due = documents_due(today)
    case_ids = dict(
        Case.objects.filter(case_list=case_list, child_ref__in=selection.refs).values_list("child_ref", "pk")
    )
    bulk_create_with_history(
        [
            TrackedChild(
                selection=row,
                case_id=case_ids[c.ref],
                child_ref=c.ref,
                reasons=list(c.reasons),
                selected_on=today,
                documents_due_on=due,
                updated_by=by,
            )
            for c in selection.chosen
        ],
        TrackedChild,
    )
    return row


def _locked(child: TrackedChild) -> TrackedChild:
    locked = TrackedChild.objects.select_for_update().select_related("selection").get(pk=child.pk)
    if not locked.active:
        raise ValidationError(f"{locked.child_ref} is no longer in the cohort.")
    return locked


def _advance(child: TrackedChild, action: str, by) -> TrackedChild:
    try:
        child.status = workflow.next_status(action, child.status)
    except ValueError:
        raise ValidationError(
            f"This cannot be recorded for {child.child_ref} now: their status is "
            f"“{child.get_status_display().lower()}”."
        )
    child.updated_by = by
    child.version += 1
    return child


def _meeting_words(meeting_on: date | None, meeting_time: time | None, attendees: Iterable[str]) -> str:
    """A meeting as the conflict page shows it: day, time and who attends."""
    if meeting_on is None:
        return "Not scheduled"
    when = f"{meeting_on:%A} {meeting_on.day} {meeting_on:%B %Y}"
    if meeting_time is not None:
        when += f" at {meeting_time:%H:%M}"
    who = ", ".join(TrackedChild.ATTENDEES.get(a, a) for a in attendees)
    return f"{when}. Attending: {who}" if who else when


@transaction.atomic
def record_consent(*, child: TrackedChild, agreed: bool, by, reason: str = "", on: date | None = None) -> TrackedChild:
    """Record the family's answer when the practitioner approached them."""
    child = _locked(child)
    if not agreed and not reason.strip():
        raise ValidationError({"reason": "Enter why the family declined (for example, “no reason given”)"})
    _advance(child, "agree" if agreed else "decline", by)
    child.consent_recorded_on = on or timezone.localdate()
    child.decline_reason = "" if agreed else reason.strip()
    child.save()
    return child


@transaction.atomic
def record_documents_received(*, child: TrackedChild, received_on: date, by) -> TrackedChild:
    child = _locked(child)
    if child.documents_received_on is not None:
        raise ValidationError("The documents have already been recorded as received.")
    if received_on < child.selected_on:
        raise ValidationError({"received_on": "The date must be on or after the day the child was chosen"})
    _advance(child, "documents", by)
    child.documents_received_on = received_on
    child.save()
    return child


@transaction.atomic
def schedule_meeting(
    *,
    child: TrackedChild,
    meeting_on: date,
    meeting_time: time,
    attendees: Iterable[str],
    by,
    loaded_version: int | None = None,
) -> TrackedChild:
    """Set (or move) the tracking meeting and who attends it.

    Moving a meeting someone else has set or moved since the page was loaded is refused
    (`EditConflict`) unless both chose the same; a first meeting replaces nothing and goes ahead.
    """
    child = _locked(child)
    attendees = [a for a in TrackedChild.ATTENDEES if a in set(attendees)]
    if not attendees:
        raise ValidationError({"attendees": "Select who attends the tracking meeting"})
    problem = workflow.meeting_date_problem(
        meeting_on,
        chosen_on=child.selected_on,
        fieldwork_ends_on=selectors.meeting_due_on(child.selection.inspection),
        bank_holidays=bank_holidays(),
    )
    if problem:
        raise ValidationError({"meeting_on": problem})
    if child.meeting_on is not None:
        refuse_if_changed(
            loaded=loaded_version,
            current=child.version,
            what=f"The tracking meeting for {child.child_ref}",
            labels={"meeting": "The tracking meeting"},
            yours={"meeting": _meeting_words(meeting_on, meeting_time, attendees)},
            theirs={"meeting": _meeting_words(child.meeting_on, child.meeting_time, child.attendees)},
            saved_by=child.updated_by.display_name if child.updated_by else "",
            saved_at=child.updated_at,
            shown_only={"meeting"},
        )
    _advance(child, "schedule", by)
    child.meeting_on, child.meeting_time, child.attendees = meeting_on, meeting_time, attendees
    child.save()
    return child


@transaction.atomic
def record_meeting_held(*, child: TrackedChild, held_on: date, notes: str, by) -> TrackedChild:
    child = _locked(child)
    if not notes.strip():
        raise ValidationError({"notes": "Enter notes from the tracking meeting"})
    problem = workflow.held_date_problem(held_on, meeting_on=child.meeting_on)
    if problem:
        raise ValidationError({"held_on": problem})
    _advance(child, "held", by)
    child.held_on, child.notes = held_on, notes.strip()
    child.save()
    return child


@transaction.atomic
def withdraw_child(*, child: TrackedChild, reason: str, by) -> TrackedChild:
    """The family withdrew after agreeing; the child then needs a replacement."""
    child = _locked(child)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the child was withdrawn"})
    _advance(child, "withdraw", by)
    child.decline_reason = reason.strip()
    child.save()
    return child


@transaction.atomic
def replace_child(
    *,
    child: TrackedChild,
    child_ref: str,
    reason: str,
    by,
    reasons: Sequence[str] = (),
    today: date | None = None,
) -> TrackedChild:
    """Put another child from the case list in ``child``'s place and record why.

    Used both for a replacement after a decline or withdrawal and for the lead inspector's swap.
    """
    child = _locked(child)
    reason = reason.strip() or child.decline_reason
    if not reason:
        raise ValidationError({"reason": "Enter why this child is being swapped"})
    case_list = _require_case_list(child.selection.inspection)
    case = Case.objects.filter(case_list=case_list, child_ref__iexact=child_ref.strip()).first()
    if case is None:
        raise ValidationError(
            {"child_ref": f"There is no child with the reference {child_ref.strip()} on the case list"}
        )
    if case.opted_out:
        raise ValidationError({"child_ref": f"The family of {case.child_ref} asked not to be chosen"})
    if child.selection.children.filter(child_ref=case.child_ref).exists():
        raise ValidationError({"child_ref": f"{case.child_ref} has already been chosen for tracking"})
    if SampledCase.objects.filter(sample__inspection=child.selection.inspection, child_ref=case.child_ref).exists():
        raise ValidationError({"child_ref": f"{case.child_ref} is one of the sampled cases"})
    today = today or timezone.localdate()
    new = TrackedChild.objects.create(
        selection=child.selection,
        case=case,
        child_ref=case.child_ref,
        reasons=list(reasons) or ["Chosen by the lead inspector by reference"],
        selected_on=today,
        documents_due_on=documents_due(today),
        updated_by=by,
    )
    child.active = False
    child.replaced_by = new
    child.replacement_reason = reason
    child.updated_by = by
    child.version += 1
    child.save()
    return new


# --- Case sampling -----------------------------------------------------------------------------------


@transaction.atomic
def draw_cases(
    *, inspection: Inspection, by, theme: Theme | None = None, size: int | None = None, seed: int | None = None
) -> CaseSample:
    """Draw further cases to sample, never opted-out, tracked or already-sampled children.

    At most CASE_SAMPLE_SIZE cases are in the sample at once for the whole inspection (withdrawn
    cases do not count), so a larger request draws only what is left.
    """
    theme = theme or Theme()
    case_list = _require_case_list(inspection)
    Inspection.objects.select_for_update().filter(pk=inspection.pk).values_list("pk").first()
    room = sample_size() - SampledCase.objects.filter(sample__inspection=inspection, withdrawn_at=None).count()
    if room <= 0:
        raise ValidationError(
            f"The sample already holds {sample_size()} cases, the most for one inspection. "
            "Withdraw a case that has not been reviewed to draw another."
        )
    size = min(size or room, room)
    seed = secrets.randbelow(MAX_SEED) if seed is None else seed
    exclude = set(TrackedChild.objects.filter(selection__inspection=inspection).values_list("child_ref", flat=True))
    # Withdrawn cases stay excluded: a withdrawn child is not drawn again.
    exclude |= set(SampledCase.objects.filter(sample__inspection=inspection).values_list("child_ref", flat=True))
    drawn = draw_sample(selectors.candidates(case_list), size=size, seed=seed, theme=theme, exclude=exclude)
    if not drawn:
        raise ValidationError(
            "No cases on the case list match this theme (children already tracked or sampled, "
            "and those whose families asked not to be chosen, are left out)."
        )
    sample = CaseSample.objects.create(
        inspection=inspection,
        case_list=case_list,
        seed=seed,
        size=size,
        theme=theme.as_dict(),
        theme_label=theme.describe(),
        drawn_by=by,
    )
    ids = dict(
        Case.objects.filter(case_list=case_list, child_ref__in=[c.ref for c in drawn]).values_list("child_ref", "pk")
    )
    bulk_create_with_history(
        [SampledCase(sample=sample, case_id=ids[c.ref], child_ref=c.ref) for c in drawn], SampledCase
    )
    return sample


@transaction.atomic
def record_case_review(
    *,
    sampled_case: SampledCase,
    record_reviewed: bool,
    practitioners_spoken_to: str,
    notes: str,
    by,
    loaded_version: int | None = None,
) -> SampledCase:
    """Record (or correct) the team's review of a sampled case.

    A page loaded before another inspector's save is refused (`EditConflict`) unless the texts agree.
    """
    sampled_case = (
        SampledCase.objects.select_for_update(of=("self",)).select_related("reviewed_by").get(pk=sampled_case.pk)
    )
    if sampled_case.is_withdrawn:
        raise ValidationError("This case was withdrawn from the sample, so it cannot be reviewed")
    if not (record_reviewed or practitioners_spoken_to.strip() or notes.strip()):
        raise ValidationError("Record what was reviewed: tick the record, name the practitioners or add notes")
    refuse_if_changed(
        loaded=loaded_version,
        current=sampled_case.version,
        what=f"The review of {sampled_case.child_ref}",
        labels=REVIEW_LABELS,
        yours={"practitioners_spoken_to": practitioners_spoken_to.strip(), "notes": notes.strip()},
        theirs={"practitioners_spoken_to": sampled_case.practitioners_spoken_to, "notes": sampled_case.notes},
        saved_by=sampled_case.reviewed_by.display_name if sampled_case.reviewed_by else "",
        saved_at=sampled_case.reviewed_at,
    )
    sampled_case.version += 1
    sampled_case.record_reviewed = record_reviewed
    sampled_case.practitioners_spoken_to = practitioners_spoken_to.strip()
    sampled_case.notes = notes.strip()
    sampled_case.reviewed_by = by
    sampled_case.reviewed_at = timezone.now()
    sampled_case.save()
    return sampled_case


@transaction.atomic
def withdraw_sampled_case(*, sampled_case: SampledCase, reason: str, by) -> SampledCase:
    """Take a drawn case out of the sample before anyone reviews it; the reason is kept with it."""
    sampled_case = SampledCase.objects.select_for_update().get(pk=sampled_case.pk)
    if sampled_case.is_withdrawn:
        raise ValidationError("This case has already been withdrawn")
    if sampled_case.is_reviewed:
        raise ValidationError("This case has been reviewed, so it cannot be withdrawn")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why this case is being withdrawn"})
    sampled_case.withdrawn_at = timezone.now()
    sampled_case.withdrawn_by = by
    sampled_case.withdrawal_reason = reason.strip()
    sampled_case.version += 1
    sampled_case.save()
    return sampled_case
