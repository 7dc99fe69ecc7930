"""Who is told what by e-mail, and that no message carries a child's reference or survey text."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core import mail

from config.celery import app as celery_app
from documents import catalogue
from documents import services as documents_services
from documents.tests.factories import upload
from inspections.tests.factories import PartnershipLeadFactory, make_inspection
from notifications import services
from notifications.models import SentNotice
from reports import services as reports_services
from reports.tests.factories import decide
from surveys.models import Survey

NOTIFIED_ON = date(2026, 12, 14)


@pytest.fixture(autouse=True)
def _sent_here(settings):
    """Messages go to Django's in-memory outbox, sent as soon as the change is committed."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SERVICE_URL = "https://inspect.example.gov.uk"
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager


def _addresses() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_leads_are_told_when_their_inspection_is_announced(
    django_capture_on_commit_callbacks, partnership, lana, local_area_lead, other_partnership_lead, lead_inspector
):
    with django_capture_on_commit_callbacks(execute=True):
        inspection = make_inspection(partnership=partnership, lead=lead_inspector, notified_on=NOTIFIED_ON)
    assert _addresses() == sorted([lana.email, local_area_lead.email])
    message = mail.outbox[0]
    assert message.subject == f"Area SEND inspection of {partnership.name}: notification"
    assert "Monday 14 December 2026" in message.body
    assert f"https://inspect.example.gov.uk/inspections/{inspection.pk}/" in message.body
    assert other_partnership_lead.email not in _addresses()


def test_nothing_is_sent_when_the_announcement_is_refused(django_capture_on_commit_callbacks, partnership, lana):
    from django.core.exceptions import ValidationError

    make_inspection(partnership=partnership, notified_on=NOTIFIED_ON)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        make_inspection(partnership=partnership, notified_on=NOTIFIED_ON)
    assert mail.outbox == []


def test_leads_are_told_a_document_came_back_but_not_what_the_comment_says(
    django_capture_on_commit_callbacks, inspection, lana, lead_inspector
):
    [row] = upload(inspection, lana, today=date(2026, 12, 15))
    mail.outbox.clear()
    comment = "Remove the name of child C-1234 on page 3."
    with django_capture_on_commit_callbacks(execute=True):
        documents_services.review_item(
            inspection=inspection,
            item=row.item,
            decision=catalogue.CHANGES_REQUESTED,
            comment=comment,
            by=lead_inspector,
        )
    [message] = mail.outbox
    assert message.to == [lana.email]
    assert row.item.display_title in message.subject
    assert "C-1234" not in message.body and comment not in message.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        documents_services.review_item(
            inspection=inspection, item=row.item, decision=catalogue.ACCEPTED, comment="", by=lead_inspector
        )
    assert mail.outbox == []  # acceptance is not a return


@pytest.fixture
def decided(inspection, lead_inspector):
    decide(inspection, outcome=3, by=lead_inspector)
    inspection.final_feedback_held_on = inspection.milestone_dates("final_feedback")[0]
    inspection.save(update_fields=["final_feedback_held_on"])
    return inspection


def test_leads_are_told_when_the_check_opens_and_two_working_days_before_it_closes(
    django_capture_on_commit_callbacks, decided, lana, lead_inspector
):
    report = reports_services.start_report(inspection=decided, by=lead_inspector)
    mail.outbox.clear()
    with time_machine.travel(date(2027, 2, 1)), django_capture_on_commit_callbacks(execute=True):
        report = reports_services.send_for_factual_accuracy(report=report, by=lead_inspector)
    [opened] = mail.outbox
    assert opened.to == [lana.email]
    assert "factual accuracy check" in opened.subject
    assert "Monday 8 February 2027" in opened.body  # five working days on
    mail.outbox.clear()
    # Wednesday 3 February: not yet. Thursday 4 February, two working days before Monday 8th: reminded once.
    assert services.send_due_reminders(today=date(2027, 2, 3)) == 0
    assert services.send_due_reminders(today=date(2027, 2, 4)) == 1
    assert services.send_due_reminders(today=date(2027, 2, 5)) == 0
    [reminder] = mail.outbox
    assert reminder.to == [lana.email]
    assert reminder.subject == f"Draft report for {decided.partnership.name}: comments due 8 February"


def test_the_lead_inspector_is_told_when_a_survey_closes_with_its_count_only(inspection, lead_inspector):
    survey = Survey.objects.get(inspection=inspection, audience="parents")
    closes_on = inspection.milestone_dates("surveys")[1]
    mail.outbox.clear()
    assert services.send_due_reminders(today=closes_on) == 0  # still open on its last day
    day_after = date.fromordinal(closes_on.toordinal() + 1)
    sent = services.send_due_reminders(today=day_after)
    assert sent == Survey.objects.filter(inspection=inspection).count()
    assert {address for m in mail.outbox for address in m.to} == {lead_inspector.email}
    [parents] = [m for m in mail.outbox if survey.audience_label.lower() in m.body]
    assert "with 0 responses" in parents.body
    assert f"/surveys/results/{survey.audience}/" in parents.body
    assert services.send_due_reminders(today=day_after) == 0  # once only
    assert SentNotice.objects.count() == sent


def test_a_reminder_whose_send_fails_is_tried_again(decided, lana, lead_inspector, settings):
    report = reports_services.start_report(inspection=decided, by=lead_inspector)
    with time_machine.travel(date(2027, 2, 1)):
        reports_services.send_for_factual_accuracy(report=report, by=lead_inspector)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    with pytest.raises(OSError):
        services.send_due_reminders(today=date(2027, 2, 4))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.send_due_reminders(today=date(2027, 2, 4)) == 1


def test_other_partnerships_leads_are_not_told(django_capture_on_commit_callbacks, other_partnership):
    outsider = PartnershipLeadFactory(partnership=other_partnership).user
    with django_capture_on_commit_callbacks(execute=True):
        make_inspection(notified_on=NOTIFIED_ON)
    assert outsider.email not in _addresses()
