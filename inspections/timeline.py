"""The timeline of a full or monitoring inspection, computed from the notification date.

The offsets are data in ``framework.MILESTONES`` and ``framework.MONITORING_MILESTONES``; this module only turns them into dates.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date

from . import framework
from .working_days import is_working_day, nth_working_day


@dataclass(frozen=True)
class PlannedMilestone:
    key: str
    name: str
    starts_on: date
    ends_on: date
    start_wd: int
    end_wd: int
    deadline: bool
    responsible: str
    order: int


@dataclass(frozen=True)
class DateCheck:
    """Whether a notification date is acceptable without an override, and why not."""

    acceptable: bool
    reason: str = ""


def check_notification_date(notified_on: date, *, bank_holidays: Container[date]) -> DateCheck:
    """Inspections are announced on a Monday that is a working day."""
    if notified_on.weekday() != 0:
        return DateCheck(False, f"{notified_on:%A %-d %B %Y} is not a Monday. Inspections are announced on a Monday.")
    if not is_working_day(notified_on, bank_holidays=bank_holidays):
        return DateCheck(False, f"Monday {notified_on:%-d %B %Y} is a bank holiday.")
    return DateCheck(True)


def compute_milestones(
    notified_on: date,
    *,
    bank_holidays: Container[date],
    publication_wd_after_feedback: int = framework.REPORT_PUBLICATION_WD_AFTER_FEEDBACK,
    kind: str = framework.FULL,
) -> list[PlannedMilestone]:
    """Every milestone of a full (or, with ``kind``, a monitoring) inspection notified on ``notified_on``.

    The notification day is working day 1; if it is not a working day (an overridden date), the
    next working day is. The report's planned publication is a planning default of this service,
    not a framework fact: ``publication_wd_after_feedback`` working days after the final feedback.
    """
    return [
        PlannedMilestone(
            key=m.key,
            name=m.name,
            starts_on=nth_working_day(notified_on, m.start_wd, bank_holidays=bank_holidays),
            ends_on=nth_working_day(notified_on, m.end_wd, bank_holidays=bank_holidays),
            start_wd=m.start_wd,
            end_wd=m.end_wd,
            deadline=m.deadline,
            responsible=m.responsible,
            order=i,
        )
        for i, m in enumerate(
            framework.milestones_for(kind, publication_wd_after_feedback=publication_wd_after_feedback)
        )
    ]
