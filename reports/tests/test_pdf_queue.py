"""A PDF is never stranded: asked for while the queue is down, lost with a worker, or published in an outage."""

import os
import signal
import time
from datetime import timedelta

import psycopg
import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import ReportPdf
from reports.tasks import render_report_pdf

from .worker import broker, database_url, free_port, new_queue_name, redis_server, wait_for, worker_process  # noqa: F401

#: Nothing listens here: the queue is down.
NOBODY_LISTENS = f"redis://127.0.0.1:{free_port()}/0"


def overview(inspection):
    return reverse("reports:overview", args=[inspection.pk])


@pytest.fixture
def pinned_now():
    """Now, frozen, so that "longer than a minute" is measured on any date."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def sent(monkeypatch):
    """What reached the queue (the rows' ids), for the tests that do not run a worker."""
    ids = []
    monkeypatch.setattr(render_report_pdf, "apply_async", lambda **kwargs: ids.append(kwargs["args"][0]))
    return ids


def test_a_pdf_asked_for_while_the_queue_is_down_waits_and_the_page_says_so_calmly(
    client_for, lead_inspector, report, django_capture_on_commit_callbacks
):
    client = client_for(lead_inspector)
    with broker(NOBODY_LISTENS), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:generate_pdf", args=[report.inspection.pk]))
    assert response.status_code == 302
    row = ReportPdf.objects.get()
    assert row.status == ReportPdf.Status.WAITING
    page = client.get(overview(report.inspection)).content.decode()
    assert "Waiting for the queue" in page
    assert "You do not need to do anything" in page
    assert "data-pdf-status-url" in page  # the page keeps following it
    assert "Try again" not in page


def test_the_page_script_hears_that_the_pdf_waits(client_for, live_report):
    with broker(NOBODY_LISTENS):  # committed for real: the queue is tried before the answer is made
        response = client_for(live_report.updated_by).post(
            reverse("reports:generate_pdf", args=[live_report.inspection.pk]), HTTP_ACCEPT="application/json"
        )
    assert response.status_code == 200
    data = response.json()
    assert data["state"] == "waiting" and "Waiting for the queue" in data["html"]


def test_publishing_while_the_queue_is_down_publishes_and_the_pdf_waits(
    client_for, lead_inspector, local_area_lead, report, django_capture_on_commit_callbacks
):
    services.send_for_factual_accuracy(report=report, by=lead_inspector)
    services.add_factual_accuracy_comment(report=report, by=local_area_lead, text="Agreed")
    services.mark_final(report=report, by=lead_inspector)
    with broker(NOBODY_LISTENS), django_capture_on_commit_callbacks(execute=True):
        row = services.publish_report(report=report, by=lead_inspector)
    row.refresh_from_db()
    report.refresh_from_db()
    assert report.is_published
    assert row.status == ReportPdf.Status.WAITING and row.stage == "published"
    page = client_for(lead_inspector).get(overview(report.inspection)).content.decode()
    assert "Waiting for the queue" in page and 'id="published-wait"' in page


def _row(report, status, **fields):
    row = services.request_report_pdf(report=report, enqueue=False)
    ReportPdf.objects.filter(pk=row.pk).update(status=status, **fields)
    return ReportPdf.objects.get(pk=row.pk)


def test_the_sweep_sends_waiting_rows_at_once_and_queued_ones_only_after_the_threshold(
    report, sent, pinned_now, settings
):
    settings.REPORT_PDF_RESEND_AFTER_SECONDS = 60
    now = timezone.now()
    waiting = _row(report, ReportPdf.Status.WAITING, sent_at=now)
    assert services.resend_waiting_pdfs() == [waiting.pk]
    assert sent == [waiting.pk]
    assert ReportPdf.objects.get(pk=waiting.pk).status == ReportPdf.Status.QUEUED

    # Now queued, just sent: running the sweep again (any number of times) sends nothing more.
    pinned_now.shift(timedelta(seconds=59))
    assert services.resend_waiting_pdfs() == [] and services.resend_waiting_pdfs() == []
    pinned_now.shift(timedelta(seconds=2))
    assert services.resend_waiting_pdfs() == [waiting.pk]  # queued for over a minute: its message is lost
    assert sent == [waiting.pk, waiting.pk]


def test_the_sweep_leaves_ready_and_failed_rows_alone(report, sent, pinned_now):
    _row(report, ReportPdf.Status.FAILED, sent_at=timezone.now() - timedelta(hours=1))
    assert services.resend_waiting_pdfs() == [] and sent == []


def test_the_sweep_resends_a_render_whose_worker_died_but_not_one_still_running(report, sent, pinned_now, settings):
    settings.REPORT_PDF_RESEND_AFTER_SECONDS = 60
    long_ago = timezone.now() - timedelta(minutes=5)
    row = _row(report, ReportPdf.Status.RENDERING, started_at=long_ago, sent_at=long_ago)
    # A live worker holds the render lock on its own connection.
    with psycopg.connect(database_url()) as other:
        other.execute("SELECT pg_advisory_lock(%s, %s)", [services._LOCK_NAMESPACE, row.pk])
        assert services.resend_waiting_pdfs() == []
        assert ReportPdf.objects.get(pk=row.pk).status == ReportPdf.Status.RENDERING
    # The worker (and with it its connection and lock) is gone.
    assert services.resend_waiting_pdfs() == [row.pk]
    assert sent == [row.pk]
    assert ReportPdf.objects.get(pk=row.pk).status == ReportPdf.Status.QUEUED


def test_the_lead_inspector_may_try_again_once_a_pdf_is_late(
    client_for, lead_inspector, report, sent, pinned_now, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_PDF_RESEND_AFTER_SECONDS = 60
    client = client_for(lead_inspector)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:generate_pdf", args=[report.inspection.pk]))
    row = ReportPdf.objects.get()
    assert sent == [row.pk]
    page = client.get(overview(report.inspection)).content.decode()
    assert "being made" in page and "Try again" not in page

    pinned_now.shift(timedelta(seconds=61))
    page = client.get(overview(report.inspection)).content.decode()
    assert "taking longer than usual" in page and "Try again" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:generate_pdf", args=[report.inspection.pk]))
    assert sent == [row.pk, row.pk] and ReportPdf.objects.count() == 1
    page = client.get(overview(report.inspection)).content.decode()
    assert "Try again" not in page  # sent again just now


def test_the_beat_runs_the_sweep_on_the_pdf_queue(settings):
    from config.celery import app

    entry = next(e for e in app.conf.beat_schedule.values() if e["task"] == "reports.tasks.resend_waiting_pdfs")
    assert entry["schedule"] <= 30
    assert "reports.tasks.resend_waiting_pdfs" in app.tasks


# --- with a real Redis and worker -------------------------------------------------------------------


def _status(pk):
    return ReportPdf.objects.filter(pk=pk).values_list("status", flat=True).first()


@pytest.fixture
def pdf_worker(transactional_db, settings, tmp_path, redis_server):
    """Start (and restart) a worker with the beat on the test's own Redis and PDF queue."""
    settings.REPORT_PDF_QUEUE = queue = new_queue_name()
    stack = []

    def start(**options):
        context = worker_process(
            database_url=database_url(),
            media_root=str(settings.MEDIA_ROOT),
            log_path=tmp_path / f"worker-{len(stack)}.log",
            queue=queue,
            pool="prefork",
            broker_url=redis_server.url,
            beat=True,
            **options,
        )
        stack.append(context)
        return context.__enter__()

    yield start
    for context in reversed(stack):
        context.__exit__(None, None, None)
    connection.close()


def test_a_pdf_asked_for_while_redis_is_down_is_ready_soon_after_redis_returns(
    pdf_worker, redis_server, live_report, capsys
):
    worker = pdf_worker()
    redis_server.stop()
    with broker(redis_server.url):
        row = services.request_report_pdf(report=live_report)
    assert _status(row.pk) == ReportPdf.Status.WAITING

    redis_server.start()
    back = time.monotonic()
    wait_for(lambda: _status(row.pk) == ReportPdf.Status.READY, timeout=120, interval=0.2)
    took = time.monotonic() - back
    with capsys.disabled():
        print(f"\nPDF asked for during a Redis outage: READY {took:.1f} s after Redis returned")
    assert worker.poll() is None  # the worker came back by itself
    assert ReportPdf.objects.get(pk=row.pk).page_count >= 2


def test_a_pdf_whose_whole_worker_was_killed_is_ready_soon_after_a_new_worker_starts(
    pdf_worker, redis_server, live_report, capsys
):
    from .worker import child_pids

    worker = pdf_worker()
    with broker(redis_server.url):
        row = services.request_report_pdf(report=live_report)
    wait_for(lambda: _status(row.pk) == ReportPdf.Status.RENDERING, timeout=60, interval=0.01)
    for pid in [*child_pids(worker.pid), worker.pid]:
        os.kill(pid, signal.SIGKILL)  # the whole worker, main process and pool, mid-render
    worker.wait()
    assert _status(row.pk) == ReportPdf.Status.RENDERING

    pdf_worker()
    back = time.monotonic()
    wait_for(lambda: _status(row.pk) == ReportPdf.Status.READY, timeout=120, interval=0.2)
    took = time.monotonic() - back
    with capsys.disabled():
        print(f"\nPDF whose worker was killed mid-render: READY {took:.1f} s after a new worker started")


def test_a_worker_that_exits_mid_render_is_started_again_by_its_manager_and_makes_the_pdf(
    pdf_worker, redis_server, live_report, capsys
):
    from .worker import child_pids

    manager = pdf_worker(managed=True)
    with broker(redis_server.url):
        row = services.request_report_pdf(report=live_report)
    wait_for(lambda: _status(row.pk) == ReportPdf.Status.RENDERING, timeout=60, interval=0.01)
    (celery,) = child_pids(manager.pid)
    for pid in [*child_pids(celery), celery]:
        os.kill(pid, signal.SIGKILL)  # the worker exits for good, mid-render
    killed = time.monotonic()
    wait_for(lambda: child_pids(manager.pid) and child_pids(manager.pid) != [celery], timeout=20)
    wait_for(lambda: _status(row.pk) == ReportPdf.Status.READY, timeout=120, interval=0.2)
    took = time.monotonic() - killed
    with capsys.disabled():
        print(f"\nPDF whose worker exited under its manager: READY {took:.1f} s after the worker died")
    assert manager.poll() is None
