"""Stages, publication, the anonymity guard and the PDF rows, through the services."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from evaluation.models import AreaForAction, OutcomeDecision
from reports import selectors, services
from reports.anonymity import KIND_CHILD_REF, KIND_EMAIL, KIND_PHONE, KIND_SURVEY_QUOTE
from reports.models import ReportEvent, ReportPdf, Stage
from reports.tasks import readable_reason, render_report_pdf


def _files(report) -> list[str]:
    folder = f"reports/inspection-{report.inspection_id}"
    return sorted(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else []


def _to_final(report, lead, partner):
    services.send_for_factual_accuracy(report=report, by=lead)
    services.add_factual_accuracy_comment(report=report, by=partner, text="One date is wrong.")
    return services.mark_final(report=report, by=lead)


# --- stages --------------------------------------------------------------------------------------


def test_factual_accuracy_deadline_is_five_working_days_skipping_christmas(report, lead_inspector):
    with time_machine.travel(date(2026, 12, 18)):
        report = services.send_for_factual_accuracy(report=report, by=lead_inspector)
    assert report.stage == Stage.FACTUAL_ACCURACY
    # 21, 22, 23, 24 December, then 25 and 28 are bank holidays: the fifth working day is the 29th.
    assert report.factual_accuracy_due_on == date(2026, 12, 29)


def test_factual_accuracy_deadline_is_configurable(report, lead_inspector, settings):
    settings.FACTUAL_ACCURACY_WORKING_DAYS = 2
    with time_machine.travel(date(2027, 2, 1)):
        report = services.send_for_factual_accuracy(report=report, by=lead_inspector)
    assert report.factual_accuracy_due_on == date(2027, 2, 3)


def test_comments_close_after_the_deadline(report, lead_inspector, local_area_lead):
    with time_machine.travel(date(2027, 2, 1)):
        report = services.send_for_factual_accuracy(report=report, by=lead_inspector)
    services.add_factual_accuracy_comment(report=report, by=local_area_lead, text="Fine", today=date(2027, 2, 8))
    with pytest.raises(ValidationError, match="deadline"):
        services.add_factual_accuracy_comment(report=report, by=local_area_lead, text="Late", today=date(2027, 2, 9))


def test_comments_only_during_factual_accuracy(report, local_area_lead):
    with pytest.raises(ValidationError, match="factual accuracy"):
        services.add_factual_accuracy_comment(report=report, by=local_area_lead, text="Too early")


def test_cannot_mark_final_before_the_partnership_replies_or_the_deadline(report, lead_inspector):
    with time_machine.travel(date(2027, 2, 1)):
        services.send_for_factual_accuracy(report=report, by=lead_inspector)
        with pytest.raises(ValidationError, match="3 February|8 February"):
            services.mark_final(report=report, by=lead_inspector)
    report = services.mark_final(report=report, by=lead_inspector, today=date(2027, 2, 9))
    assert report.stage == Stage.FINAL


def test_cannot_send_for_factual_accuracy_without_an_outcome(inspection, lead_inspector):
    report = services.start_report(inspection=inspection, by=lead_inspector)
    with pytest.raises(ValidationError, match="Decide the outcome"):
        services.send_for_factual_accuracy(report=report, by=lead_inspector)


def test_publish_needs_a_final_report(report, lead_inspector):
    with pytest.raises(ValidationError, match="final"):
        services.publish_report(report=report, by=lead_inspector, enqueue=False)


def test_publication_fixes_the_follow_up_dates_and_freezes_the_report(report, lead_inspector, local_area_lead):
    with time_machine.travel(date(2027, 2, 22)):
        _to_final(report, lead_inspector, local_area_lead)
    with time_machine.travel(date(2027, 3, 1)):
        services.publish_report(report=report, by=lead_inspector, enqueue=False)
    report.refresh_from_db()
    assert report.stage == Stage.PUBLISHED and report.published_on == date(2027, 3, 1)
    assert OutcomeDecision.objects.get(inspection=report.inspection).published_on == date(2027, 3, 1)
    with pytest.raises(ValidationError, match="published"):
        services.save_narrative(report=report, by=lead_inspector, data={"effective": "Changed"})
    with pytest.raises(ValidationError, match="already been published"):
        services.publish_report(report=report, by=lead_inspector, enqueue=False)
    with pytest.raises(ValidationError):
        services.reopen_report(report=report, by=lead_inspector)
    moves = list(ReportEvent.objects.filter(report=report).order_by("pk").values_list("from_stage", "to_stage"))
    assert moves == [
        ("", "draft"),
        ("draft", "factual_accuracy"),
        ("factual_accuracy", "final"),
        ("final", "published"),
    ]


# --- anonymity guard ------------------------------------------------------------------------------


@pytest.fixture
def final_report(report, lead_inspector, local_area_lead):
    return _to_final(report, lead_inspector, local_area_lead)


def _refusal(report, lead, monkeypatch, *, refs=(), answers=()):
    monkeypatch.setattr(selectors, "_child_refs", lambda inspection: set(refs))
    monkeypatch.setattr(selectors, "_survey_answers", lambda inspection: list(answers))
    with pytest.raises(services.AnonymityError) as caught:
        services.publish_report(report=report, by=lead, enqueue=False)
    report.refresh_from_db()
    assert report.stage == Stage.FINAL
    assert not OutcomeDecision.objects.get(inspection=report.inspection).published_on
    return caught.value.findings


def _write(report, lead, **fields):
    """Change text of a final report the way an inspector would: reopen, edit, make final again."""
    services.reopen_report(report=report, by=lead)
    services.save_narrative(report=report, by=lead, data=fields)
    report.refresh_from_db()
    report.stage = Stage.FINAL
    report.save()


def test_publication_refused_for_a_child_reference(final_report, lead_inspector, monkeypatch):
    _write(final_report, lead_inspector, child_experience="Inspectors met NS-0042 at school.")
    findings = _refusal(final_report, lead_inspector, monkeypatch, refs={"NS-0042", "NS-0099"})
    assert [(f.kind, f.text) for f in findings] == [(KIND_CHILD_REF, "NS-0042")]
    assert findings[0].where.startswith("What is it like to be a child")


def test_publication_refused_for_an_email_address(final_report, lead_inspector, monkeypatch):
    _write(final_report, lead_inspector, partnership_information="Write to sen.team@northshire.gov.uk.")
    findings = _refusal(final_report, lead_inspector, monkeypatch)
    assert [(f.kind, f.where) for f in findings] == [(KIND_EMAIL, "Information about the local area partnership")]


def test_publication_refused_for_a_phone_number(final_report, lead_inspector, monkeypatch):
    _write(final_report, lead_inspector, better="Parents rang 07700 900123 and nobody answered.")
    findings = _refusal(final_report, lead_inspector, monkeypatch)
    assert [(f.kind, f.text) for f in findings] == [(KIND_PHONE, "07700 900123")]


def test_publication_refused_for_a_verbatim_survey_answer(final_report, lead_inspector, monkeypatch):
    answer = "My son waited two years for a speech and language assessment and nobody told us why."
    _write(
        final_report,
        lead_inspector,
        child_experience="One parent wrote: my son waited two years for a speech and language assessment.",
    )
    findings = _refusal(final_report, lead_inspector, monkeypatch, answers=[answer])
    assert [f.kind for f in findings] == [KIND_SURVEY_QUOTE]


def test_findings_in_areas_for_action_say_which_item(final_report, lead_inspector, monkeypatch):
    AreaForAction.objects.create(
        inspection=final_report.inspection,
        kind="improvement",
        order=5,
        text="Leaders should reply to jo@example.org sooner.",
    )
    findings = _refusal(final_report, lead_inspector, monkeypatch)
    assert findings[0].where == "Areas for improvement, item 2"


# --- PDF rows and files ---------------------------------------------------------------------------


def test_requesting_the_same_version_twice_keeps_one_row_and_one_file(report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = services.request_report_pdf(report=report)
        second = services.request_report_pdf(report=report)
    assert first.pk == second.pk
    assert len(callbacks) == 1  # one task queued
    services.render_report_pdf_file(pdf_id=first.pk)
    again = services.render_report_pdf_file(pdf_id=first.pk)
    assert ReportPdf.objects.filter(report=report).count() == 1
    assert _files(report) == ["report-v1.pdf"]
    assert again.checksum and again.status == ReportPdf.Status.READY


def test_a_pdf_still_queued_after_two_minutes_is_sent_again(
    report, monkeypatch, django_capture_on_commit_callbacks, settings
):
    settings.REPORT_PDF_RESEND_AFTER_SECONDS = 120
    sent = []
    monkeypatch.setattr(render_report_pdf, "apply_async", lambda **kwargs: sent.append(kwargs["args"]))
    asked_at = datetime(2027, 2, 1, 10, 0, tzinfo=UTC)

    def ask_at(moment):
        with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
            return services.request_report_pdf(report=report)

    row = ask_at(asked_at)
    assert sent == [[row.pk]]
    assert ask_at(asked_at + timedelta(minutes=1, seconds=59)).pk == row.pk
    assert sent == [[row.pk]]  # its message may still be on its way: not sent twice
    assert ask_at(asked_at + timedelta(minutes=2, seconds=1)).pk == row.pk
    assert sent == [[row.pk], [row.pk]]  # still queued after two minutes: its message was lost, send again
    assert ReportPdf.objects.filter(report=report).count() == 1


def test_task_run_twice_leaves_one_file_with_the_same_checksum(report):
    row = services.request_report_pdf(report=report, enqueue=False)
    render_report_pdf.apply(args=[row.pk]).get()
    checksum = ReportPdf.objects.get(pk=row.pk).checksum
    render_report_pdf.apply(args=[row.pk]).get()
    assert ReportPdf.objects.get(pk=row.pk).checksum == checksum
    assert _files(report) == ["report-v1.pdf"]


def test_redelivery_after_a_worker_died_mid_render_completes_the_file(report):
    row = services.request_report_pdf(report=report, enqueue=False)
    # The worker died after writing part of the file: the row says rendering and the file is torn.
    ReportPdf.objects.filter(pk=row.pk).update(status=ReportPdf.Status.RENDERING, attempts=1)
    default_storage.save(services.pdf_file_name(row), __import__("io").BytesIO(b"%PDF-1.7 torn"))
    render_report_pdf.apply(args=[row.pk]).get()
    row.refresh_from_db()
    assert row.status == ReportPdf.Status.READY and row.attempts == 2
    with row.file.open("rb") as fh:
        data = fh.read()
    assert __import__("hashlib").sha256(data).hexdigest() == row.checksum
    assert _files(report) == ["report-v1.pdf"]


def test_editing_after_a_pdf_starts_a_new_version(report, lead_inspector):
    services.save_narrative(report=report, by=lead_inspector, data={"effective": "First words"})
    report.refresh_from_db()
    assert report.version == 1  # no PDF yet: still the same version
    services.request_report_pdf(report=report, enqueue=False)
    report = services.save_narrative(report=report, by=lead_inspector, data={"effective": "Second words"})
    assert report.version == 2
    row = services.request_report_pdf(report=report, enqueue=False)
    assert row.version == 2 and row.content["effective"] == "Second words"
    assert ReportPdf.objects.get(version=1).content["effective"] == "First words"


def test_reopening_a_report_without_a_pdf_starts_a_new_version(report, lead_inspector, local_area_lead):
    services.save_narrative(report=report, by=lead_inspector, data={"effective": "Words the partnership read"})
    with time_machine.travel(date(2027, 2, 22)):
        report = _to_final(report, lead_inspector, local_area_lead)
    shared = report.version
    comment = report.comments.get()
    assert comment.version == shared
    assert not ReportPdf.objects.filter(report=report).exists()
    report = services.reopen_report(report=report, by=lead_inspector)
    assert report.version == shared + 1  # the comment's version still names the text it was made on
    report = services.save_narrative(report=report, by=lead_inspector, data={"effective": "New words"})
    report = services.save_narrative(report=report, by=lead_inspector, data={"effective": "Newer words"})
    assert report.version == shared + 1  # edits before anything fixes the new text stay in it
    assert ReportEvent.objects.filter(report=report, to_stage=Stage.DRAFT).last().version == shared + 1


def test_editing_text_the_partnership_has_seen_starts_a_new_version(report, lead_inspector, local_area_lead):
    services.save_narrative(report=report, by=lead_inspector, data={"effective": "Shared words"})
    with time_machine.travel(date(2027, 2, 22)):
        report = services.send_for_factual_accuracy(report=report, by=lead_inspector)
        shared = report.version
        services.add_factual_accuracy_comment(report=report, by=local_area_lead, text="A date is wrong.")
    report = services.save_narrative(report=report, by=lead_inspector, data={"effective": "Corrected words"})
    assert report.version == shared + 1
    assert report.comments.get().version == shared


def test_a_changed_evaluation_makes_a_new_version_with_its_fingerprint(report, lead_inspector):
    first = services.request_report_pdf(report=report, enqueue=False)
    AreaForAction.objects.create(
        inspection=report.inspection, kind="improvement", order=9, text="Leaders should publish waiting times."
    )
    second = services.request_report_pdf(report=report, enqueue=False)
    assert second.version == first.version + 1
    assert second.evaluation_fingerprint != first.evaluation_fingerprint
    assert second.outcome == 3


def test_a_failed_render_records_a_readable_reason_and_can_be_retried(report, monkeypatch):
    row = services.request_report_pdf(report=report, enqueue=False)

    def broken(*args, **kwargs):
        raise ValueError("layout exploded")

    monkeypatch.setattr(services, "render_pdf_with_page_count", broken)
    with pytest.raises(ValueError):
        render_report_pdf.apply(args=[row.pk], throw=True).get()
    row.refresh_from_db()
    assert row.status == ReportPdf.Status.FAILED
    assert row.error == "The report could not be laid out as a PDF (ValueError)."
    monkeypatch.undo()
    again = services.request_report_pdf(report=report, enqueue=False)
    assert again.pk == row.pk and again.status == ReportPdf.Status.QUEUED and again.error == ""


def test_readable_reasons_for_transient_failures():
    from django.db import OperationalError

    assert "database" in readable_reason(OperationalError("gone"))
    assert "file store" in readable_reason(PermissionError("denied"))


def test_the_guard_reads_the_real_case_list_and_survey_answers(final_report, lead_inspector):
    """End to end with the tracking and surveys apps: nothing is stubbed."""
    from surveys.tests.factories import submit, survey_for
    from tracking.tests.factories import case_row, make_case_list

    inspection = final_report.inspection
    make_case_list(inspection, rows=[case_row(child_ref="NS-7781")])
    answer = "The new keyworker at the hub finally listened to what our son needed every single week"
    submit(survey_for(inspection), text=answer)
    _write(final_report, lead_inspector, child_experience="We met NS-7781. " + answer + ".")
    with pytest.raises(services.AnonymityError) as caught:
        services.publish_report(report=final_report, by=lead_inspector, enqueue=False)
    kinds = sorted(f.kind for f in caught.value.findings)
    assert KIND_CHILD_REF in kinds and len(kinds) == 2
