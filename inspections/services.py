"""State changes for partnerships, inspections and their timelines."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts import rules

from .models import Inspection, Milestone, Partnership, TeamMember
from .timeline import check_notification_date, compute_milestones
from .working_days import add_working_days, bank_holidays, is_working_day, working_day_number


@transaction.atomic
def announce_inspection(
    *,
    partnership: Partnership,
    notified_on: date,
    announced_by,
    lead_inspector,
    team: Iterable = (),
    override_reason: str = "",
    today: date | None = None,
) -> Inspection:
    """Announce a full inspection: store it, its team and every milestone of its timeline.

    Only an administrator announces. A date that is not a working Monday, or that is already past
    on ``today``, needs a reason, which is kept with the inspection. An inspection overlapping one
    of the partnership's that has not ended is refused.
    """
    if not rules.can_announce(announced_by):
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
    if not getattr(lead_inspector, "is_inspector", False):
        raise ValidationError({"lead_inspector": "The lead inspector must be an inspector."})
    if Inspection.objects.filter(partnership=partnership, notified_on=notified_on).exists():
        raise ValidationError({"notified_on": f"{partnership} already has an inspection notified on that date."})
    running = _running_inspection(partnership, notified_on)
    if running is not None:
        raise ValidationError(
            {
                "partnership": f"{partnership} already has an inspection notified on "
                f"{running.notified_on:%-d %B %Y} that has not ended by then. Choose a later date."
            }
        )

    inspection = Inspection.objects.create(
        partnership=partnership, notified_on=notified_on, announced_by=announced_by, override_reason=override_reason
    )
    members = {lead_inspector.pk: TeamMember(inspection=inspection, user=lead_inspector, is_lead=True)}
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
            for m in compute_milestones(notified_on, bank_holidays=holidays_)
        ],
        Milestone,
        default_user=announced_by,
        default_change_reason="Inspection announced",
    )
    return inspection


def _running_inspection(partnership: Partnership, notified_on: date) -> Inspection | None:
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
    new_end = compute_milestones(notified_on, bank_holidays=bank_holidays())
    finals = [m.ends_on for m in new_end if m.key == "final_feedback"]
    for inspection in later:
        if finals and inspection.notified_on <= finals[0]:
            return inspection
    return None


@transaction.atomic
def move_milestone(*, milestone: Milestone, starts_on: date, reason: str, moved_by) -> Milestone:
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
    milestone._history_user = moved_by
    milestone.save()
    return milestone
