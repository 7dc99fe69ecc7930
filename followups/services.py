"""Changes to what follows a report: plan versions, their review, the strategic plan record.

Each function checks who may act and what state allows it, and raises a ValidationError a user
can read; nothing is stored when one is raised.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts import rules
from documents.services import IncomingFile, _sha256, check_files
from evaluation.models import OutcomeDecision
from inspections.concurrency import refuse_if_changed

from . import meetings, status
from .models import ActionPlanVersion, EngagementMeeting, StrategicPlanRecord

MSG_NO_PLAN = "A priority action plan is only asked for after a published outcome 3"
MSG_NO_STRATEGIC_PLAN = "An updated strategic plan is only asked for after a published outcome 1 or 2"
#: What the conflict page shows when two people save the same record (the record forms' labels).
STRATEGIC_PLAN_LABELS = {"url": "Link to the published strategic plan", "published_on": "When it was published"}
MEETING_LABELS = {
    "notes": "Notes (inspectors only)",
    "shared_summary": "Summary to share with the partnership",
    "concern_reason": "Reason for the concern",
}


def _published_decision(inspection, *, outcomes: set[int], message: str) -> OutcomeDecision:
    """The inspection's published decision, locked, when its outcome is one of ``outcomes``."""
    decision = OutcomeDecision.objects.select_for_update().filter(inspection=inspection).first()
    if decision is None or decision.published_on is None or decision.outcome not in outcomes:
        raise ValidationError(message)
    return decision


def upload_action_plan(*, inspection, file: IncomingFile, by) -> ActionPlanVersion:
    """Store a new version of the priority action plan, awaiting the lead inspector's review.

    The file goes through the same checks as the information request's uploads. A version
    uploaded after acceptance starts a new review.
    """
    if not rules.may_upload_action_plan(by, inspection):
        raise ValidationError("Only the partnership's leads can upload the priority action plan")
    checked = check_files([file])[0]
    digest = _sha256(file.stream)
    written: list[str] = []
    try:
        with transaction.atomic():
            _published_decision(inspection, outcomes={3}, message=MSG_NO_PLAN)
            last = ActionPlanVersion.objects.filter(inspection=inspection).aggregate(n=Max("number"))["n"] or 0
            row = ActionPlanVersion(
                inspection=inspection,
                number=last + 1,
                original_name=checked.name,
                content_type=checked.content_type,
                size=file.size,
                sha256=digest,
                uploaded_by=by,
                uploaded_at=timezone.now(),
            )
            file.stream.seek(0)
            row.file.save(f"plan{checked.extension}", File(file.stream), save=False)
            written.append(row.file.name)
            row.save()
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    return row


def review_action_plan(*, version: ActionPlanVersion, decision: str, feedback: str, by) -> ActionPlanVersion:
    """The lead inspector accepts the latest version or returns it with feedback the leads see."""
    if not rules.may_review_action_plan(by, version.inspection):
        raise ValidationError("Only the lead inspector can review the priority action plan")
    feedback = (feedback or "").strip()
    if decision not in {status.ACCEPTED, status.NEEDS_CHANGES}:
        raise ValidationError({"decision": "Select whether the plan is accepted or needs changes"})
    if decision == status.NEEDS_CHANGES and not feedback:
        raise ValidationError({"feedback": "Enter what the partnership needs to change"})
    with transaction.atomic():
        locked = ActionPlanVersion.objects.select_for_update().get(pk=version.pk)
        latest = ActionPlanVersion.objects.filter(inspection_id=locked.inspection_id).order_by("-number").first()
        if latest.pk != locked.pk:
            raise ValidationError("A newer version has been uploaded: review that one")
        if locked.status != status.AWAITING_REVIEW:
            raise ValidationError("This version has already been reviewed")
        locked.status = decision
        locked.feedback = feedback
        locked.reviewed_by = by
        locked.reviewed_at = timezone.now()
        locked.save(update_fields=["status", "feedback", "reviewed_by", "reviewed_at"])
    return locked


def record_strategic_plan(
    *,
    inspection,
    url: str,
    published_on: date,
    by,
    today: date | None = None,
    loaded_version: int | None = None,
):
    """Record (or correct) where and when the updated strategic plan was published.

    A correction from a page loaded before another lead's save is refused (`EditConflict`) unless
    both recorded the same link and date.
    """
    if not rules.may_record_strategic_plan(by, inspection):
        raise ValidationError("Only the partnership's leads can record the strategic plan")
    today = today or timezone.localdate()
    url = (url or "").strip()
    if not url.startswith("https://"):
        raise ValidationError({"url": "Enter a link that starts with https://"})
    with transaction.atomic():
        decision = _published_decision(inspection, outcomes={1, 2}, message=MSG_NO_STRATEGIC_PLAN)
        if published_on > today:
            raise ValidationError({"published_on": "The date the plan was published must be today or in the past"})
        if published_on < decision.published_on:
            raise ValidationError(
                {"published_on": "The date the plan was published must be on or after the report's publication"}
            )
        record = (
            StrategicPlanRecord.objects.select_for_update(of=("self",))
            .select_related("recorded_by")
            .filter(inspection=inspection)
            .first()
        )
        if record is None:
            record = StrategicPlanRecord(inspection=inspection)
        refuse_if_changed(
            loaded=loaded_version,
            current=record.version,
            what="The strategic plan record",
            labels=STRATEGIC_PLAN_LABELS,
            yours={"url": url, "published_on": _day(published_on)},
            theirs={"url": record.url, "published_on": _day(record.published_on)},
            saved_by=record.recorded_by.display_name if record.recorded_by else "",
            saved_at=record.recorded_at if record.pk else None,
            shown_only={"published_on"},
        )
        record.url, record.published_on, record.recorded_by = url, published_on, by
        record.recorded_at = timezone.now()
        record.version += 1
        record.save()
    return record


def _day(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


# --- Engagement meetings -----------------------------------------------------------------------


def _meeting_cycle(inspection):
    """The published decision (locked) and the consequences that plan its meetings."""
    from evaluation.selectors import planned_consequences
    from inspections.working_days import bank_holidays

    decision = OutcomeDecision.objects.select_for_update().filter(inspection=inspection).first()
    if decision is None or decision.published_on is None:
        raise ValidationError("Engagement meetings are planned once the report is published")
    return decision, planned_consequences(
        decision.outcome, published_on=decision.published_on, holidays=bank_holidays()
    )


def _meeting_row(inspection, number: int, planned: tuple[date, ...]) -> EngagementMeeting:
    if not 1 <= number <= len(planned):
        raise ValidationError("There is no such engagement meeting in the plan")
    row, _ = EngagementMeeting.objects.get_or_create(
        inspection=inspection, number=number, defaults={"planned_on": planned[number - 1]}
    )
    return EngagementMeeting.objects.select_for_update().get(pk=row.pk)


def reschedule_meeting(*, inspection, number: int, new_date: date, by, today: date | None = None) -> EngagementMeeting:
    """An administrator moves a planned meeting to another date inside the cycle, not in the past."""
    if not rules.may_reschedule_engagement_meeting(by, inspection):
        raise ValidationError("Only administrators can reschedule an engagement meeting")
    today = today or timezone.localdate()
    with transaction.atomic():
        decision, follow = _meeting_cycle(inspection)
        problem = meetings.planning_problem(
            new_date,
            today=today,
            published_on=decision.published_on,
            next_full_due_by=follow.next_full_inspection_due_by,
        )
        if problem:
            raise ValidationError({"new_date": problem})
        row = _meeting_row(inspection, number, follow.engagement_meetings)
        if row.held_on is not None:
            raise ValidationError("This meeting has been held: it cannot be rescheduled")
        row.planned_on = new_date
        row.rescheduled_by = by
        row.save(update_fields=["planned_on", "rescheduled_by"])
    return row


def record_meeting(
    *,
    inspection,
    number: int,
    held_on: date,
    attendee_roles: list[str],
    notes: str,
    shared_summary: str,
    themes: list[str],
    concern: str,
    concern_reason: str = "",
    by,
    today: date | None = None,
    loaded_version: int | None = None,
) -> EngagementMeeting:
    """An inspector records (or corrects) a held meeting: who attended (roles), notes, themes and the
    level of concern. A record from a page loaded before another inspector's save is refused
    (`EditConflict`) unless the texts agree."""
    if not rules.may_record_engagement_meeting(by, inspection):
        raise ValidationError("Only an inspector of the team can record an engagement meeting")
    today = today or timezone.localdate()
    if concern not in meetings.CONCERN_LABELS:
        raise ValidationError({"concern": "Select the level of concern"})
    unknown = set(attendee_roles) - set(meetings.ATTENDEE_LABELS)
    if not attendee_roles or unknown:
        raise ValidationError({"attendee_roles": "Select who attended"})
    concern_reason = (concern_reason or "").strip()
    if concern == meetings.SERIOUS and not concern_reason:
        raise ValidationError({"concern_reason": "Enter the reason for the serious concern"})
    with transaction.atomic():
        decision, follow = _meeting_cycle(inspection)
        problem = meetings.recording_problem(
            held_on,
            today=today,
            published_on=decision.published_on,
            next_full_due_by=follow.next_full_inspection_due_by,
        )
        if problem:
            raise ValidationError({"held_on": problem})
        row = _meeting_row(inspection, number, follow.engagement_meetings)
        yours = {
            "notes": (notes or "").strip(),
            "shared_summary": (shared_summary or "").strip(),
            "concern_reason": concern_reason if concern != meetings.NONE else "",
        }
        refuse_if_changed(
            loaded=loaded_version,
            current=row.version,
            what=f"The record of engagement meeting {number}",
            labels=MEETING_LABELS,
            yours=yours,
            theirs={name: getattr(row, name) for name in MEETING_LABELS},
            saved_by=row.recorded_by.display_name if row.recorded_by else "",
            saved_at=row.recorded_at,
        )
        row.held_on = held_on
        row.attendee_roles = list(attendee_roles)
        row.notes = yours["notes"]
        row.shared_summary = yours["shared_summary"]
        row.themes = list(themes)
        row.concern = concern
        row.concern_reason = concern_reason if concern != meetings.NONE else ""
        row.recorded_by = by
        row.recorded_at = timezone.now()
        row.version += 1
        row.save()
    return row
