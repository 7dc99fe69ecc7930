"""State changes for partnerships, inspections and their timelines."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts import rules
from accounts.models import Organisation
from notifications import services as notify

from .history import HistoryParseResult, RowError, parse_history_csv
from .models import Inspection, Milestone, Partnership, PreviousInspection, TeamMember
from .timeline import check_notification_date, compute_milestones
from .working_days import add_working_days, bank_holidays, is_working_day, working_day_number


@transaction.atomic
def announce_inspection(
    *,
    partnership: Partnership,
    notified_on: date,
    by,
    lead_inspector,
    team: Iterable = (),
    cqc_lead=None,
    override_reason: str = "",
    today: date | None = None,
    kind: str = Inspection.Kind.FULL,
) -> Inspection:
    """Announce a full inspection: store it, its team, every milestone of its timeline and its surveys.

    ``kind`` MONITORING announces a monitoring inspection with its own timeline and no surveys;
    ``monitoring.services.announce_monitoring_inspection`` checks what must come before one.

    Only an administrator announces. A date that is not a working Monday, or that is already past
    on ``today``, needs a reason, which is kept with the inspection. An inspection overlapping one
    of the partnership's that has not ended is refused. The surveys open on WD1, so their public
    links exist from the announcement. The lead inspector is one of His Majesty's Inspectors from
    Ofsted; CQC may name one lead of its own.
    """
    from surveys.services import ensure_surveys  # the one call up the flow: see ADR 7

    if not rules.may_announce_inspection(by):
        raise PermissionDenied("Only administrators can announce an inspection.")
    today = today or timezone.localdate()
    holidays_ = bank_holidays()
    check = check_notification_date(notified_on, bank_holidays=holidays_)
    override_reason = (override_reason or "").strip()
    problems = [] if check.acceptable else [check.reason]
    if notified_on < today:
        problems.append(f"The notification date is in the past (today is {today:%-d %B %Y}).")
    if problems and not override_reason:
        raise ValidationError(
            {"notified_on": " ".join(problems) + " Tick the override and give a reason to use it anyway."}
        )
    if not problems:
        override_reason = ""
    if not rules.may_lead_inspection(lead_inspector):
        raise ValidationError(
            {"lead_inspector": "The lead inspector must be one of His Majesty's Inspectors from Ofsted."}
        )
    if cqc_lead is not None and not (cqc_lead.is_inspector and cqc_lead.organisation == Organisation.CQC):
        raise ValidationError({"cqc_lead": "The CQC lead inspector must be an inspector from CQC."})
    if Inspection.objects.filter(partnership=partnership, notified_on=notified_on).exists():
        raise ValidationError({"notified_on": f"{partnership} already has an inspection notified on that date."})
    running = _running_inspection(partnership, notified_on, kind=kind)
    if running is not None:
        raise ValidationError(
            {
                "partnership": f"{partnership} already has an inspection notified on "
                f"{running.notified_on:%-d %B %Y} that has not ended by then. Choose a later date."
            }
        )

    inspection = Inspection.objects.create(
        partnership=partnership, kind=kind, notified_on=notified_on, announced_by=by, override_reason=override_reason
    )
    members = {lead_inspector.pk: TeamMember(inspection=inspection, user=lead_inspector, is_lead=True)}
    if cqc_lead is not None:
        members[cqc_lead.pk] = TeamMember(inspection=inspection, user=cqc_lead, is_cqc_lead=True)
    for user in team:
        if not getattr(user, "is_inspector", False):
            raise ValidationError({"team": f"{user} is not an inspector."})
        members.setdefault(user.pk, TeamMember(inspection=inspection, user=user, is_lead=False))
    TeamMember.objects.bulk_create(members.values())
    bulk_create_with_history(
        [
            Milestone(
                inspection=inspection,
                key=m.key,
                name=m.name,
                starts_on=m.starts_on,
                ends_on=m.ends_on,
                start_wd=m.start_wd,
                end_wd=m.end_wd,
                deadline=m.deadline,
                responsible=m.responsible,
                order=m.order,
            )
            for m in compute_milestones(
                notified_on,
                bank_holidays=holidays_,
                publication_wd_after_feedback=settings.REPORT_PUBLICATION_TARGET_WORKING_DAYS,
                kind=kind,
            )
        ],
        Milestone,
        default_user=by,
        default_change_reason="Inspection announced",
    )
    if kind != Inspection.Kind.MONITORING:  # a monitoring inspection has no surveys
        ensure_surveys(inspection=inspection)
    notify.inspection_announced(inspection)
    return inspection


def _running_inspection(partnership: Partnership, notified_on: date, *, kind: str = "full") -> Inspection | None:
    """The partnership's inspection that would still be running on ``notified_on``, if any."""
    candidates = (
        Inspection.objects.select_for_update()
        .filter(partnership=partnership, notified_on__lte=notified_on)
        .prefetch_related("milestones")
    )
    for inspection in candidates:
        if not inspection.has_ended(notified_on):
            return inspection
    later = Inspection.objects.filter(partnership=partnership, notified_on__gt=notified_on).order_by("notified_on")
    new_end = compute_milestones(
        notified_on,
        bank_holidays=bank_holidays(),
        publication_wd_after_feedback=settings.REPORT_PUBLICATION_TARGET_WORKING_DAYS,
        kind=kind,
    )
    finals = [m.ends_on for m in new_end if m.key == "final_feedback"]
    for inspection in later:
        if finals and inspection.notified_on <= finals[0]:
            return inspection
    return None


@transaction.atomic
def move_milestone(*, milestone: Milestone, starts_on: date, reason: str, by) -> Milestone:
    """Move one milestone to a new working day, keeping its length in working days.

    The reason and the previous dates stay in the milestone's history.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the milestone is moving"})
    holidays_ = bank_holidays()
    if not is_working_day(starts_on, bank_holidays=holidays_):
        raise ValidationError(
            {
                "starts_on": f"{starts_on:%A %-d %B %Y} is not a working day. Choose a weekday that is not a bank holiday."
            }
        )
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.completed_on is not None:
        raise ValidationError(
            {
                "starts_on": f"{milestone.display_name} happened on {milestone.completed_on:%-d %B %Y}: "
                "it can no longer be moved."
            }
        )
    first = milestone.inspection.notified_on
    start_wd = working_day_number(first, starts_on, bank_holidays=holidays_)
    if start_wd is None:
        raise ValidationError({"starts_on": "The milestone cannot start before the notification date."})
    length = milestone.end_wd - milestone.start_wd
    milestone.starts_on = starts_on
    milestone.ends_on = add_working_days(starts_on, length, bank_holidays=holidays_)
    milestone.start_wd = start_wd
    milestone.end_wd = start_wd + length
    milestone._change_reason = reason
    milestone._history_user = by
    milestone.save()
    return milestone


@transaction.atomic
def complete_milestone(*, inspection: Inspection, key: str, completed_on: date, by, reason: str) -> Milestone:
    """Record the day a milestone actually happened; it then shows as done and cannot be moved.

    Running it again with the same date changes nothing.
    """
    milestone = Milestone.objects.select_for_update().get(inspection=inspection, key=key)
    if milestone.completed_on == completed_on:
        return milestone
    milestone.completed_on = completed_on
    milestone.starts_on = milestone.ends_on = completed_on
    number = working_day_number(inspection.notified_on, completed_on, bank_holidays=bank_holidays())
    if number is not None:
        milestone.start_wd = milestone.end_wd = number
    milestone._change_reason = reason
    milestone._history_user = by
    milestone.save()
    return milestone


@transaction.atomic
def record_final_feedback(*, inspection: Inspection, held_on: date, by, today: date | None = None) -> Inspection:
    """Record that the final feedback meeting was held: the partnership now knows the outcome, under embargo."""
    from django.utils import timezone

    today = today or timezone.localdate()
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    on_site = Milestone.objects.filter(inspection=inspection, key="on_site").first()
    if on_site and held_on < on_site.starts_on:
        raise ValidationError({"held_on": "The final feedback meeting is held once on-site work has begun."})
    if held_on > today:
        raise ValidationError({"held_on": "Record the meeting once it has been held: the date is in the future."})
    inspection.final_feedback_held_on = held_on
    inspection.save(update_fields=["final_feedback_held_on", "updated_at"])
    return inspection


class HistoryRejected(ValidationError):
    """The history file had problems; nothing was stored. ``result`` holds every one of them."""

    def __init__(self, result: HistoryParseResult) -> None:
        self.result = result
        count = len(result.errors) + len(result.file_errors)
        super().__init__(
            f"The inspection history has {count} problem{'s' if count != 1 else ''}. Nothing was saved: "
            "correct the file and load it again."
        )


@transaction.atomic
def import_inspection_history(*, data: bytes) -> int:
    """Store every previous inspection in a CSV file, or none if any row is wrong.

    A row for an inspection already stored (same partnership, kind and first day) updates it, so
    loading the same file twice changes nothing. Returns the number of rows stored.
    """
    result = parse_history_csv(data)
    if result.ok:
        names = {r.partnership.lower() for r in result.rows}
        partnerships = {p.name.lower(): p for p in Partnership.objects.all() if p.name.lower() in names}
        unknown = tuple(
            RowError(r.row, "partnership", r.partnership, "No partnership has this name")
            for r in result.rows
            if r.partnership.lower() not in partnerships
        )
        if unknown:
            result = HistoryParseResult(errors=unknown)
    if not result.ok:
        raise HistoryRejected(result)
    for row in result.rows:
        PreviousInspection.objects.update_or_create(
            partnership=partnerships[row.partnership.lower()],
            kind=row.kind,
            starts_on=row.starts_on,
            defaults={
                "framework": row.framework,
                "ends_on": row.ends_on,
                "written_statement_required": row.written_statement_required,
                "revisit_starts_on": row.revisit_starts_on,
                "revisit_ends_on": row.revisit_ends_on,
                "revisit_finding": row.revisit_finding,
                "outcome": row.outcome,
                "monitoring_finding": row.monitoring_finding,
            },
        )
    return len(result.rows)
