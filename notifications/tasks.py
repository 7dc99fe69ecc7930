"""Background jobs of the notifications app: sending, and the periodic reminders."""

from __future__ import annotations

import smtplib

from config.celery import app

from . import services
from .messages import Message


@app.task(acks_late=True, autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=True, max_retries=5)
def send_message(subject: str, body: str, to: list[str]) -> int:
    """Send one notice; a mail server that is down is retried with growing pauses."""
    return services.deliver(Message(subject, body), to)


@app.task(acks_late=True, autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=True, max_retries=5)
def send_due_reminders() -> int:
    """Reminders whose day has come; each goes once however often this runs."""
    return services.send_due_reminders()
