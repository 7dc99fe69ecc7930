"""The PDF made by a real Celery worker over Redis (not eager mode)."""

from django.core.files.storage import default_storage

from reports import services
from reports.models import ReportPdf

from .worker import prefork_worker_process, wait_for  # noqa: F401


def _ready(pk):
    row = ReportPdf.objects.get(pk=pk)
    return row if row.status in (ReportPdf.Status.READY, ReportPdf.Status.FAILED) else None


def test_worker_renders_the_pdf_and_a_second_request_adds_no_file(celery_worker_process, live_report):
    row = services.request_report_pdf(report=live_report)
    assert row.status == ReportPdf.Status.QUEUED
    done = wait_for(lambda: _ready(row.pk), timeout=90)
    assert done.status == ReportPdf.Status.READY, done.error + celery_worker_process.log_path.read_text()
    assert done.attempts == 1 and done.page_count >= 2
    with done.file.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"

    again = services.request_report_pdf(report=live_report)
    assert again.pk == row.pk and again.status == ReportPdf.Status.READY
    folder = f"reports/inspection-{live_report.inspection_id}"
    assert default_storage.listdir(folder)[1] == ["report-v1.pdf"]
    assert ReportPdf.objects.count() == 1
    from django_celery_results.models import TaskResult

    assert wait_for(lambda: TaskResult.objects.filter(task_id=row.task_id, status="SUCCESS").exists(), timeout=10)


def test_task_is_delivered_again_and_completed_when_the_pool_process_dies(prefork_worker_process, live_report):
    import os
    import signal

    from .worker import child_pids

    row = services.request_report_pdf(report=live_report)
    wait_for(
        lambda: ReportPdf.objects.filter(pk=row.pk, status=ReportPdf.Status.RENDERING).exists(),
        timeout=60,
        interval=0.01,
    )
    for pid in child_pids(prefork_worker_process.pid):
        os.kill(pid, signal.SIGKILL)  # the process rendering the PDF dies mid-render
    done = wait_for(lambda: _ready(row.pk), timeout=120)
    assert done.status == ReportPdf.Status.READY, done.error
    assert done.attempts == 2  # the second delivery finished the job
    folder = f"reports/inspection-{live_report.inspection_id}"
    assert default_storage.listdir(folder)[1] == ["report-v1.pdf"]
