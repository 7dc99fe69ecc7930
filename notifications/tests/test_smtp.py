"""A notice goes out through a real SMTP server and arrives readable."""

from __future__ import annotations

import email
import email.policy
import socket
from datetime import date

import pytest
from aiosmtpd.controller import Controller

from config.celery import app as celery_app
from inspections.tests.factories import make_inspection


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", controller.port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "Area SEND Inspect <no-reply@inspect.example.gov.uk>"
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield inbox
    celery_app.conf.task_always_eager = eager
    controller.stop()


def test_the_announcement_reaches_each_lead_through_smtp(
    smtp_server, django_capture_on_commit_callbacks, partnership, lana, local_area_lead
):
    with django_capture_on_commit_callbacks(execute=True):
        make_inspection(partnership=partnership, notified_on=date(2026, 12, 14))
    assert sorted(to for recipients, _ in smtp_server.messages for to in recipients) == sorted(
        [lana.email, local_area_lead.email]
    )
    recipients, message = smtp_server.messages[0]
    assert message["From"] == "Area SEND Inspect <no-reply@inspect.example.gov.uk>"
    assert message["To"] == recipients[0]  # each lead gets their own copy: no one sees the others' addresses
    assert message["Subject"] == f"Area SEND inspection of {partnership.name}: notification"
    assert "The notification date is Monday 14 December 2026." in message.get_content()
