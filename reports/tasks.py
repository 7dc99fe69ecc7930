"""The Celery task that renders a report PDF: thin, idempotent, acknowledged only when done."""

from __future__ import annotations

import logging

from django.db import DatabaseError, InterfaceError, OperationalError

from config.celery import app

log = logging.getLogger(__name__)

#: Failures worth trying again: the database or the file store was briefly unavailable.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)
MAX_RETRIES = 4


def readable_reason(exc: BaseException) -> str:
    """Why the PDF failed, for the lead inspector (the details go to the log)."""
    if isinstance(exc, (OperationalError, InterfaceError, DatabaseError)):
        return "The database could not be reached while the PDF was being made."
    if isinstance(exc, OSError):
        return "The PDF could not be saved to the file store."
    return f"The report could not be laid out as a PDF ({type(exc).__name__})."


@app.task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def render_report_pdf(self, pdf_id: int) -> str:
    """Render one PDF row; a re-delivery (worker lost mid-render) simply completes it."""
    from .models import ReportPdf
    from .services import mark_pdf_failed, render_report_pdf_file

    try:
        row = render_report_pdf_file(pdf_id=pdf_id)
    except ReportPdf.DoesNotExist:
        log.warning("PDF row %s no longer exists; nothing to render", pdf_id)
        return "missing"
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            log.exception("Giving up on PDF %s", pdf_id)
            mark_pdf_failed(pdf_id=pdf_id, reason=readable_reason(exc))
            raise
        countdown = min(2**self.request.retries, 60)
        raise self.retry(exc=exc, countdown=countdown)
    except Exception as exc:
        log.exception("PDF %s failed", pdf_id)
        mark_pdf_failed(pdf_id=pdf_id, reason=readable_reason(exc))
        raise
    return row.checksum


@app.task(ignore_result=True)
def resend_waiting_pdfs() -> int:
    """Run by the beat: send again the PDFs that wait for the queue or were lost with a worker."""
    from .services import resend_waiting_pdfs as resend

    return len(resend())
