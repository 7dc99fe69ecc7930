"""Changes to the report: writing it, moving it through its stages, making and storing PDFs."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import uuid
from collections.abc import Iterator, Mapping
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from inspections.concurrency import ConflictField, EditConflict
from inspections.services import complete_milestone
from inspections.working_days import add_working_days, bank_holidays
from notifications import services as notify

from .anonymity import Finding
from .composition import ReportDocument, document_from_dict, document_to_dict
from .models import (
    NARRATIVE_SECTIONS,
    FactualAccuracyComment,
    Report,
    ReportEvent,
    ReportPdf,
    ReportSectionVersion,
    Stage,
    pdf_resend_after,
)
from .pdf import render_pdf_with_page_count
from .selectors import anonymity_findings, report_document, section_versions

log = logging.getLogger(__name__)

#: Longest narrative section accepted, so a pasted document cannot swamp the PDF.
MAX_SECTION_LENGTH = 20_000
#: Why a monitoring inspection's letter has no narrative to write (its pages and services say so).
MONITORING_LETTER_COMPOSED = (
    "A monitoring inspection's letter is composed from the finding on each area for priority action and the "
    "conclusion: write them on Evidence and findings."
)
#: Namespace of the PostgreSQL advisory locks that keep one renderer per PDF row.
_LOCK_NAMESPACE = 7_007


class AnonymityError(ValidationError):
    """Publication refused: the report could identify someone. Carries each finding."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__([f.message for f in findings])


def start_report(*, inspection, by=None) -> Report:
    """Start the inspection's report: an empty draft credited to ``by``. Starting it again changes nothing."""
    report, created = Report.objects.get_or_create(inspection=inspection, defaults={"updated_by": by})
    if created:
        ReportEvent.objects.create(report=report, to_stage=Stage.DRAFT, version=report.version, by=by)
    return report


def _lock(report: Report) -> Report:
    return Report.objects.select_for_update().select_related("inspection").get(pk=report.pk)


def _start_new_version_if_rendered(report: Report) -> None:
    """A version is frozen once a PDF was asked for: further changes make the next version."""
    if ReportPdf.objects.filter(report=report, version=report.version).exists():
        report.version += 1


def _start_new_version_if_text_fixed(report: Report) -> None:
    """A version names one text: once it has a PDF, was shared or was commented on, new text is the next version."""
    version = report.version
    if (
        ReportPdf.objects.filter(report=report, version=version).exists()
        or FactualAccuracyComment.objects.filter(report=report, version=version).exists()
        or ReportEvent.objects.filter(report=report, version=version).exclude(to_stage=Stage.DRAFT).exists()
    ):
        report.version += 1


def _move_to(report: Report, stage: str, *, by, **changes) -> Report:
    """Move a locked report to another stage, with any fields that change with it.

    The move starts a new version if the current one has a PDF, and is kept in the report's history.
    """
    from_stage = report.stage
    report.stage = stage
    for field, value in changes.items():
        setattr(report, field, value)
    _start_new_version_if_rendered(report)
    report.save()
    ReportEvent.objects.create(report=report, from_stage=from_stage, to_stage=stage, version=report.version, by=by)
    return report


def version_field_name(section: str) -> str:
    """The hidden field that carries a section's version in the edit form and the autosave."""
    return f"version_{section}"


def _text_of_version(report: Report, section: str, number: int) -> str:
    if number == 0:
        return ""
    return (
        ReportSectionVersion.objects.filter(report=report, section=section, number=number)
        .values_list("text", flat=True)
        .first()
        or ""
    )


def _sections_to_save(
    report: Report, values: dict[str, str], *, loaded: Mapping[str, int], current: Mapping[str, int]
) -> dict[str, str]:
    """The sent sections to write, or `EditConflict` when one of them was changed by someone else meanwhile.

    A section whose stored version moved on since the form was drawn is not a conflict when the text
    sent is the stored text, or is still the text the form was drawn from (the user did not touch it:
    the newer text stays). Otherwise the whole save is refused, so nothing is half-saved, and the
    conflict lists every section the user changed, with the ones someone else changed marked.
    """
    headings = dict(NARRATIVE_SECTIONS)
    to_save: dict[str, str] = {}
    stale: list[str] = []
    for field, value in values.items():
        if field not in loaded:
            raise ValidationError(
                f"Reload the page: {headings[field]} was sent without its version, so it cannot be saved safely"
            )
        was, now = loaded[field], current[field]
        if was == now or value == getattr(report, field):
            to_save[field] = value
        elif was > now:
            raise ValidationError(f"Reload the page: {headings[field]} was sent with a version that was never saved")
        elif value != _text_of_version(report, field, was):
            stale.append(field)
            to_save[field] = value
    if not stale:
        return to_save
    newest = {
        v.section: v
        for v in ReportSectionVersion.objects.filter(report=report, section__in=stale)
        .select_related("saved_by")
        .order_by("section", "number")
    }
    latest = max(newest.values(), key=lambda v: (v.saved_at, v.pk))
    shown = [field for field, _ in NARRATIVE_SECTIONS if field in to_save and to_save[field] != getattr(report, field)]
    raise EditConflict(
        what="The report",
        fields=[
            ConflictField(
                name=field,
                label=headings[field],
                yours=to_save[field],
                theirs=getattr(report, field),
                conflicting=field in stale,
                saved_by=newest[field].saved_by.display_name if field in stale and newest[field].saved_by else "",
            )
            for field in shown
        ],
        current_version=max(current[field] for field in stale),
        saved_by=latest.saved_by.display_name if latest.saved_by else "",
        saved_at=latest.saved_at,
        versions={version_field_name(field): current[field] for field in shown},
    )


@transaction.atomic
def save_narrative(*, report: Report, data: Mapping[str, str], by, loaded: Mapping[str, int] | None = None) -> Report:
    """Save what the lead inspector has written (the autosave and the form both come here).

    `loaded` is the version of each sent section the form was drawn from; a section changed by someone
    else since then refuses the whole save (`EditConflict`). Callers without a form (the demo, a
    command) pass None and are not checked. Each section whose text changes gets a new version row.
    """
    report = _lock(report)
    if report.inspection.kind == "monitoring":
        raise ValidationError(MONITORING_LETTER_COMPOSED)
    if not report.is_editable:
        raise ValidationError(f"The report is {report.get_stage_display().lower()}: its text can no longer change")
    values: dict[str, str] = {}
    for field, heading in NARRATIVE_SECTIONS:
        if field not in data:
            continue
        value = (data[field] or "").replace("\r\n", "\n").strip()
        if len(value) > MAX_SECTION_LENGTH:
            raise ValidationError(f"{heading} must be {MAX_SECTION_LENGTH:,} characters or fewer")
        values[field] = value
    current = section_versions(report)  # read under the report's lock: no other save adds a version meanwhile
    if loaded is not None:
        values = _sections_to_save(report, values, loaded=loaded, current=current)
    changed = {field: value for field, value in values.items() if value != getattr(report, field)}
    if changed:
        for field, value in changed.items():
            setattr(report, field, value)
        _start_new_version_if_text_fixed(report)
        report.updated_by = by
        report.save()
        saved_at = timezone.now()
        ReportSectionVersion.objects.bulk_create(
            ReportSectionVersion(
                report=report, section=field, number=current[field] + 1, text=value, saved_by=by, saved_at=saved_at
            )
            for field, value in changed.items()
        )
    return report


@transaction.atomic
def start_from_team_summaries(*, report: Report, by) -> list[str]:
    """Copy the team's criterion summaries into the blank "effective" and "better" sections.

    The summaries are the team's own words: they reach the report only when the lead inspector
    asks, and then as text to edit before the draft is shared. Returns the headings filled.
    """
    from evaluation.selectors import criterion_summaries

    report = _lock(report)
    if report.inspection.kind == "monitoring":
        raise ValidationError(MONITORING_LETTER_COMPOSED)
    summaries = [s for _, s in sorted(criterion_summaries(report.inspection).items())]
    texts = {
        "effective": "\n\n".join(s.effective.strip() for s in summaries if s.effective.strip()),
        "better": "\n\n".join(s.better.strip() for s in summaries if s.better.strip()),
    }
    data = {field: text for field, text in texts.items() if text and not getattr(report, field).strip()}
    if not data:
        raise ValidationError(
            "There is nothing to copy: the team has no summaries for the blank sections, or both sections already have text"
        )
    save_narrative(report=report, data=data, by=by)
    headings = dict(NARRATIVE_SECTIONS)
    return [headings[field] for field in data]


@transaction.atomic
def send_for_factual_accuracy(*, report: Report, by, today: date | None = None) -> Report:
    """Share the draft with the partnership's leads, who may comment until the deadline."""
    report = _lock(report)
    if report.stage != Stage.DRAFT:
        raise ValidationError("Only a draft report can be sent for the factual accuracy check")
    from evaluation.selectors import outcome_for

    if report.inspection.kind == "monitoring":
        from monitoring.selectors import monitoring_for

        if not monitoring_for(report.inspection).conclusion:
            raise ValidationError(
                "Record the findings and the conclusion before sending the letter for the factual accuracy check"
            )
    elif outcome_for(report.inspection) is None:
        raise ValidationError("Decide the outcome before sending the report for the factual accuracy check")
    if report.inspection.final_feedback_held_on is None:
        raise ValidationError(
            "Record the final feedback meeting before sending the report: the partnership hears the outcome there first"
        )
    today = today or timezone.localdate()
    due_on = add_working_days(today, settings.FACTUAL_ACCURACY_WORKING_DAYS, bank_holidays=bank_holidays())
    report = _move_to(
        report, Stage.FACTUAL_ACCURACY, by=by, factual_accuracy_sent_on=today, factual_accuracy_due_on=due_on
    )
    notify.factual_accuracy_opened(report)
    return report


@transaction.atomic
def add_factual_accuracy_comment(
    *, report: Report, by, text: str, section: str = "", today: date | None = None
) -> FactualAccuracyComment:
    """A partnership lead's comment on the draft; accepted until the end of the deadline day."""
    report = _lock(report)
    today = today or timezone.localdate()
    if report.stage != Stage.FACTUAL_ACCURACY:
        raise ValidationError("Comments can only be sent during the factual accuracy check")
    if report.factual_accuracy_due_on and today > report.factual_accuracy_due_on:
        raise ValidationError(
            f"The deadline for comments was {report.factual_accuracy_due_on:%-d %B %Y}: comments can no longer be sent"
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError("Enter your comment")
    if len(text) > 5000:
        raise ValidationError("Your comment must be 5,000 characters or fewer")
    return FactualAccuracyComment.objects.create(
        report=report, author=by, text=text, section=(section or "").strip()[:200], version=report.version
    )


@transaction.atomic
def mark_final(*, report: Report, by, today: date | None = None) -> Report:
    """Close the factual accuracy check once the partnership has commented or the deadline has passed."""
    report = _lock(report)
    if report.stage != Stage.FACTUAL_ACCURACY:
        raise ValidationError("Only a report in the factual accuracy check can be marked as final")
    today = today or timezone.localdate()
    commented = FactualAccuracyComment.objects.filter(report=report).exists()
    if not commented and report.factual_accuracy_due_on and today <= report.factual_accuracy_due_on:
        raise ValidationError(
            f"The partnership can comment until {report.factual_accuracy_due_on:%-d %B %Y}: "
            "mark the report as final after they comment or after that date"
        )
    return _move_to(report, Stage.FINAL, by=by)


@transaction.atomic
def reopen_report(*, report: Report, by) -> Report:
    """Take a final report back to draft so its text can change again, as a new version."""
    report = _lock(report)
    if report.stage != Stage.FINAL:
        raise ValidationError("Only a final report that is not yet published can be reopened")
    # The final text keeps its number (comments and PDFs name it); the reopened text is the next one.
    report.version += 1
    return _move_to(report, Stage.DRAFT, by=by)


@transaction.atomic
def publish_report(*, report: Report, by, today: date | None = None, enqueue: bool = True) -> ReportPdf:
    """Publish the final report: refused if it could identify anyone. Fixes the follow-up dates.

    Returns the PDF row of the published version (rendered by the worker unless `enqueue` is False).
    """
    report = _lock(report)
    if report.stage == Stage.PUBLISHED:
        raise ValidationError("The report has already been published")
    if report.stage != Stage.FINAL:
        raise ValidationError("Mark the report as final before publishing it")
    findings = anonymity_findings(report)
    if findings:
        raise AnonymityError(findings)
    from evaluation.services import record_publication

    today = today or timezone.localdate()
    if report.inspection.kind == "monitoring":
        from monitoring.services import record_letter_publication

        record_letter_publication(inspection=report.inspection, published_on=today)
    else:
        record_publication(inspection=report.inspection, published_on=today)
    complete_milestone(
        inspection=report.inspection, key="report_published", completed_on=today, by=by, reason="Report published"
    )
    report = _move_to(report, Stage.PUBLISHED, by=by, published_on=today, published_by=by)
    return request_report_pdf(report=report, by=by, enqueue=enqueue)


# --- PDFs ---------------------------------------------------------------------------------------


@transaction.atomic
def request_report_pdf(*, report: Report, by=None, enqueue: bool = True) -> ReportPdf:
    """Ask for the PDF of the report's current version: one row (and one file) per version.

    The document is composed now and frozen with the row, so later edits (which start a new
    version) do not leak into it. The task is queued once the transaction commits.
    """
    report = _lock(report)
    document = report_document(report)
    fingerprint = document.evaluation_fingerprint()
    row = ReportPdf.objects.select_for_update().filter(report=report, version=report.version).first()
    if row is not None and row.evaluation_fingerprint != fingerprint and not report.is_published:
        # The evaluation changed since this version was frozen: the report moves on a version.
        report.version += 1
        report.save(update_fields=["version", "updated_at"])
        document = report_document(report)
        row = None
    now = timezone.now()
    if row is None:
        row = ReportPdf.objects.create(
            report=report,
            version=report.version,
            stage=report.stage,
            requested_by=by,
            evaluation_fingerprint=fingerprint,
            outcome=document.outcome_number,
            content=document_to_dict(document),
            task_id=str(uuid.uuid4()),
            sent_at=now,
        )
        send = True
    elif row.status == ReportPdf.Status.FAILED:
        row.status, row.error, row.task_id = ReportPdf.Status.QUEUED, "", str(uuid.uuid4())
        row.requested_at = row.sent_at = now
        row.save(update_fields=["status", "error", "task_id", "requested_at", "sent_at"])
        send = True
    elif row.is_overdue:
        # Asked again after the PDF waited too long: its message may be lost, so send another.
        row.status, row.sent_at = ReportPdf.Status.QUEUED, now
        row.save(update_fields=["status", "sent_at"])
        send = True
    else:
        send = False
    if send and enqueue:
        pdf_id, task_id = row.pk, row.task_id
        transaction.on_commit(lambda: send_pdf_task(pdf_id=pdf_id, task_id=task_id))
    return row


def broker_unreachable() -> tuple[type[BaseException], ...]:
    """What the broker raises when it cannot be reached (kombu wraps most, not all, of Redis's errors).

    Imported here, not at the top: a web worker loads kombu only when it sends a task."""
    from kombu.exceptions import OperationalError as BrokerError
    from redis.exceptions import ConnectionError as RedisConnectionError

    return (BrokerError, RedisConnectionError, ConnectionError)


def send_pdf_task(*, pdf_id: int, task_id: str) -> bool:
    """Hand a PDF row's task to the queue. If the queue cannot be reached, the row waits for it.

    Nothing is lost either way: a waiting row is sent again by the periodic sweep
    (`resend_waiting_pdfs`) as soon as the queue is back. Returns whether the task was sent.
    """
    from .tasks import render_report_pdf

    try:
        render_report_pdf.apply_async(args=[pdf_id], task_id=task_id, queue=settings.REPORT_PDF_QUEUE, retry=False)
    except broker_unreachable() as exc:
        log.warning("The queue could not be reached for PDF %s: %s", pdf_id, exc)
        ReportPdf.objects.filter(pk=pdf_id, status=ReportPdf.Status.QUEUED).update(status=ReportPdf.Status.WAITING)
        return False
    return True


def _renderer_alive(pdf_id: int) -> bool:
    """Whether a worker holds the row's render lock (the lock dies with the worker's connection)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_LOCK_NAMESPACE, pdf_id])
        (free,) = cursor.fetchone()
        if free:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_LOCK_NAMESPACE, pdf_id])
    return not free


def resend_waiting_pdfs(*, now=None) -> list[int]:
    """Send again every PDF that waits for the queue, or is queued or rendering for too long.

    Safe to run any number of times, from any number of processes: each row is locked while
    it is looked at, a row a live worker is rendering is left alone, and the task itself is
    idempotent. Returns the ids of the rows sent.
    """
    now = now or timezone.now()
    cutoff = now - pdf_resend_after()
    Status = ReportPdf.Status
    stuck = (
        Q(status=Status.WAITING)
        | Q(status=Status.QUEUED, sent_at__lt=cutoff)
        | Q(status=Status.QUEUED, sent_at__isnull=True, requested_at__lt=cutoff)
        | Q(status=Status.RENDERING, started_at__lt=cutoff)
    )
    sent = []
    for pdf_id in list(ReportPdf.objects.filter(stuck).order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            row = ReportPdf.objects.select_for_update(skip_locked=True).filter(stuck, pk=pdf_id).first()
            if row is None or (row.status == Status.RENDERING and _renderer_alive(pdf_id)):
                continue
            row.status, row.sent_at = Status.QUEUED, now
            row.save(update_fields=["status", "sent_at"])
        if send_pdf_task(pdf_id=row.pk, task_id=row.task_id):
            sent.append(row.pk)
    if sent:
        log.info("Sent %d PDF(s) to the queue again: %s", len(sent), sent)
    return sent


def pdf_file_name(row: ReportPdf) -> str:
    """The fixed name of a version's file: rendering again overwrites it, never adds another."""
    return f"reports/inspection-{row.report.inspection_id}/report-v{row.version}.pdf"


def document_html(document: ReportDocument) -> str:
    """The full HTML the PDF is made from (also saved by the benchmark to time WeasyPrint alone)."""
    return render_to_string("reports/document.html", {"doc": document})


@contextlib.contextmanager
def _render_lock(pdf_id: int) -> Iterator[None]:
    """One renderer per PDF row across all workers; released if the worker's connection dies."""
    if connection.vendor != "postgresql":  # the SQLite fallback of `make run` has one process
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [_LOCK_NAMESPACE, pdf_id])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_LOCK_NAMESPACE, pdf_id])


def render_report_pdf_file(*, pdf_id: int) -> ReportPdf:
    """Render one PDF row to its file and record the checksum. Safe to run any number of times.

    The row is locked to read and change its state; a ready row with its file returns at once.
    The rendering itself happens between two short transactions so the page can show
    "rendering", while an advisory lock keeps a second delivery of the same task waiting.
    """
    with _render_lock(pdf_id):
        with transaction.atomic():
            row = ReportPdf.objects.select_for_update().select_related("report").get(pk=pdf_id)
            if row.is_ready and row.file and default_storage.exists(row.file.name):
                return row
            row.status = ReportPdf.Status.RENDERING
            row.attempts = F("attempts") + 1
            row.started_at = timezone.now()
            row.error = ""
            row.save(update_fields=["status", "attempts", "started_at", "error"])
            row.refresh_from_db()
        document = document_from_dict(row.content)
        data, pages = render_pdf_with_page_count(document_html(document), base_url=str(settings.BASE_DIR))
        name = pdf_file_name(row)
        if default_storage.exists(name):
            default_storage.delete(name)  # a partial file left by a worker that died
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:
            raise OSError(f"The file store saved the PDF as {saved} instead of {name}")
        with transaction.atomic():
            row = ReportPdf.objects.select_for_update().get(pk=pdf_id)
            row.file.name = name
            row.checksum = hashlib.sha256(data).hexdigest()
            row.size = len(data)
            row.page_count = pages
            row.status = ReportPdf.Status.READY
            row.finished_at = timezone.now()
            row.error = ""
            row.save()
        log.info("Rendered %s (%d pages, %d bytes)", name, pages, len(data))
        return row


def mark_pdf_failed(*, pdf_id: int, reason: str) -> None:
    """Record why a PDF could not be made, in words the lead inspector can act on."""
    ReportPdf.objects.filter(pk=pdf_id).exclude(status=ReportPdf.Status.READY).update(
        status=ReportPdf.Status.FAILED, error=reason, finished_at=timezone.now()
    )


def render_report_now(*, report: Report, by=None) -> ReportPdf:
    """Make the current version's PDF in this process, through the worker's own task.

    Used by `manage.py render_report` and the demo data. Returns the row, ready or failed with
    its reason (the task records why, as it does in the worker).
    """
    from .tasks import render_report_pdf

    row = request_report_pdf(report=report, by=by, enqueue=False)
    render_report_pdf.apply(args=[row.pk], throw=False)  # the task records a failure on the row
    row.refresh_from_db()
    return row


@transaction.atomic
def answer_factual_accuracy_comment(
    *, comment: FactualAccuracyComment, accepted: bool, text: str, by
) -> FactualAccuracyComment:
    """The lead inspector's answer to one comment: accepted and changed, or not accepted with a reason."""
    comment = FactualAccuracyComment.objects.select_for_update().select_related("report").get(pk=comment.pk)
    if comment.report.stage == Stage.PUBLISHED:
        raise ValidationError("The report is published: its comments can no longer be answered")
    text = (text or "").strip()
    if not accepted and not text:
        raise ValidationError({"text": "Enter why the comment was not accepted"})
    if len(text) > 5000:
        raise ValidationError({"text": "The answer must be 5,000 characters or fewer"})
    comment.response = (
        FactualAccuracyComment.Response.ACCEPTED if accepted else FactualAccuracyComment.Response.NOT_ACCEPTED
    )
    comment.response_text = text
    comment.responded_by = by
    comment.responded_at = timezone.now()
    comment.save()
    return comment
