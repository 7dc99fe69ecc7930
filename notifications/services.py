"""Who is told what, and the sending of it through Django's e-mail framework.

Event notices are sent once the change that caused them is committed (a refused change sends
nothing). Reminders are sent by a periodic job; each is recorded so that it goes once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from . import messages, schedule
from .messages import Message
from .models import SentNotice

log = logging.getLogger(__name__)


def link(name: str, **kwargs) -> str:
    """An absolute link into the service, for an e-mail read outside it."""
    return settings.SERVICE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def leads_of(inspection) -> list[str]:
    """E-mail addresses of the active local area leads of the inspection's partnership."""
    from inspections.models import PartnershipLead

    return list(
        PartnershipLead.objects.filter(partnership_id=inspection.partnership_id, user__is_active=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def lead_inspector_of(inspection) -> list[str]:
    lead = inspection.lead_inspector
    return [lead.email] if lead is not None and lead.is_active else []


def deliver(message: Message, to: Iterable[str]) -> int:
    """Send one message to each recipient separately, so that no one sees the others' addresses."""
    sent = 0
    for address in to:
        sent += EmailMessage(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [address]).send()
    return sent


def _send_on_commit(message: Message, to: list[str]) -> None:
    if not to:
        return
    from .tasks import send_message

    transaction.on_commit(lambda: send_message.delay(message.subject, message.body, to))


def inspection_announced(inspection) -> None:
    _send_on_commit(
        messages.inspection_announced(
            partnership=inspection.partnership.name,
            notified_on=inspection.notified_on,
            link=link("inspections:detail", inspection_pk=inspection.pk),
            monitoring=inspection.kind == "monitoring",
        ),
        leads_of(inspection),
    )


def document_returned(inspection, document_title: str) -> None:
    _send_on_commit(
        messages.document_returned(
            partnership=inspection.partnership.name,
            document=document_title,
            link=link("documents:task_list", inspection_pk=inspection.pk),
        ),
        leads_of(inspection),
    )


def factual_accuracy_opened(report) -> None:
    inspection = report.inspection
    _send_on_commit(
        messages.factual_accuracy_opened(
            partnership=inspection.partnership.name,
            due_on=report.factual_accuracy_due_on,
            link=link("reports:overview", inspection_pk=inspection.pk),
        ),
        leads_of(inspection),
    )


def _send_once(key: str, message: Message, to: list[str]) -> int:
    """Send a reminder unless one with this key was sent; a failed send leaves no record, so the
    next run tries again."""
    if not to:
        return 0
    with transaction.atomic():
        try:
            with transaction.atomic():
                SentNotice.objects.create(key=key)
        except IntegrityError:
            return 0
        return deliver(message, to)


def send_due_reminders(*, today: date | None = None) -> int:
    """Remind leads two working days before a factual accuracy deadline, and tell lead inspectors
    that a survey has closed. Safe to run as often as wanted: each reminder goes once."""
    from inspections.working_days import bank_holidays
    from reports.models import Report, Stage
    from surveys.models import Survey
    from surveys.selectors import windows_for_surveys

    today = today or timezone.localdate()
    holidays_ = bank_holidays()
    sent = 0
    reports = Report.objects.filter(stage=Stage.FACTUAL_ACCURACY, factual_accuracy_due_on__gte=today).select_related(
        "inspection__partnership"
    )
    for report in reports:
        due_on = report.factual_accuracy_due_on
        if not schedule.factual_accuracy_reminder_due(due_on, today, bank_holidays=holidays_):
            continue
        message = messages.factual_accuracy_closing(
            partnership=report.inspection.partnership.name,
            due_on=due_on,
            link=link("reports:overview", inspection_pk=report.inspection_id),
        )
        sent += _send_once(
            f"factual-accuracy-closing:{report.pk}:{due_on.isoformat()}", message, leads_of(report.inspection)
        )
    recent = today - timedelta(days=schedule.SURVEY_CLOSED_LOOKBACK_DAYS + 1)
    surveys = list(
        Survey.objects.filter(
            Q(inspection__milestones__key="surveys", inspection__milestones__ends_on__gte=recent)
            | Q(closes_on_extended__gte=recent)
        )
        .distinct()
        .select_related("inspection__partnership")
        .prefetch_related("inspection__team__user")
    )
    windows = windows_for_surveys(surveys)
    for survey in surveys:
        closes_on = windows[survey.pk].closes_on
        if closes_on is None or not schedule.survey_closed_notice_due(closes_on, today):
            continue
        message = messages.survey_closed(
            partnership=survey.inspection.partnership.name,
            audience=survey.audience_label,
            closed_on=closes_on,
            responses=survey.responses.count(),
            link=link("surveys:results", inspection_pk=survey.inspection_id, audience=survey.audience),
        )
        sent += _send_once(
            f"survey-closed:{survey.pk}:{closes_on.isoformat()}", message, lead_inspector_of(survey.inspection)
        )
    return sent
