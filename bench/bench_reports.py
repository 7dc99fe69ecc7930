"""The report PDF: the Celery task end to end (enqueue -> ready) against WeasyPrint alone.

Both figures come from the same run on the same HTML: the report's HTML is saved to a file and
rendered directly, then the same report version is asked of a real worker over Redis.
Goal: the task within 1.2x the bare render, and under 5 s for a report of about 10 pages.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from django.test import override_settings
from django.utils import timezone

from accounts.tests.factories import CqcInspectorFactory, InspectorFactory
from bench.harness import Result
from evaluation.models import AreaForAction, CriterionSummary, OutcomeDecision
from inspections.framework import ALL_CRITERIA
from inspections.tests.factories import PartnershipFactory, PartnershipLeadFactory, make_inspection
from reports import services
from reports.composition import document_from_dict
from reports.demo import NARRATIVE
from reports.models import ReportPdf
from reports.pdf import render_pdf
from reports.tests.worker import database_url, new_queue_name, worker_process

RUNS = 5

PARAGRAPH = (
    "Inspectors found that {what}. Practitioners across education, health and care described how "
    "this shapes the help that children and young people receive, and families told inspectors "
    "about the difference it makes to their daily lives. Leaders know where this is the case and "
    "have plans to build on it, although these plans are at an early stage in some services. "
)


def _full_report(lead):
    """The demo's report: its narrative, with "effective" and "better" drawn from every criterion's summary."""
    partnership = PartnershipFactory(name="Bench Eastbrook")
    for n in range(4):
        PartnershipLeadFactory(partnership=partnership, is_lano=n == 0)
    inspection = make_inspection(partnership=partnership, lead=lead, team=[CqcInspectorFactory(), InspectorFactory()])
    for c in ALL_CRITERIA:
        CriterionSummary.objects.create(
            inspection=inspection,
            criterion=c.number,
            effective=(PARAGRAPH.format(what=c.wording.rstrip(".").lower() + " in many cases") * 3),
            better=(PARAGRAPH.format(what="this is not yet consistent for " + c.short_name.lower()) * 3),
        )
    for i in range(3):
        AreaForAction.objects.create(
            inspection=inspection,
            kind="priority",
            order=i,
            text=f"Leaders should act urgently on priority {i + 1}. " * 4,
        )
    for i in range(4):
        AreaForAction.objects.create(
            inspection=inspection, kind="improvement", order=i, text=f"Leaders should improve area {i + 1}. " * 4
        )
    OutcomeDecision.objects.create(
        inspection=inspection, outcome=3, rationale="Bench", decided_by=lead, decided_at=timezone.now()
    )
    report = services.start_report(inspection=inspection, by=lead)
    return services.save_narrative(report=report, by=lead, data=dict(NARRATIVE, effective="", better=""))


def _wait_ready(pk: int, timeout: float = 120) -> ReportPdf:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = ReportPdf.objects.get(pk=pk)
        if row.status == ReportPdf.Status.READY:
            return row
        if row.status == ReportPdf.Status.FAILED:
            raise RuntimeError(f"The PDF failed: {row.error}")
        time.sleep(0.01)
    raise RuntimeError("The PDF was not ready in time: is Redis running?")


def run() -> list[Result]:
    tmp = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    media = tmp / "media"
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(media)}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    queue = new_queue_name()
    with override_settings(MEDIA_ROOT=media, STORAGES=storages, REPORT_PDF_QUEUE=queue):
        lead = InspectorFactory()
        report = _full_report(lead)
        with worker_process(
            database_url=database_url(), media_root=str(media), log_path=tmp / "worker.log", queue=queue
        ):
            task_times, bare_times, queue_waits, pages = [], [], [], 0
            for run_number in range(RUNS + 1):  # the first run warms both up and is not counted
                services.save_narrative(
                    report=report,
                    by=lead,
                    data={  # a new version each run
                        "child_experience": f"{NARRATIVE['child_experience']}\n\n(Run {run_number}.)"
                    },
                )
                report.refresh_from_db()
                start = time.perf_counter()
                row = services.request_report_pdf(report=report, by=lead)  # commits, then enqueues
                row = _wait_ready(row.pk)
                task_seconds = time.perf_counter() - start
                html_file = tmp / f"report-v{row.version}.html"
                html_file.write_text(services.document_html(document_from_dict(row.content)), encoding="utf-8")
                start = time.perf_counter()
                render_pdf(html_file.read_text(encoding="utf-8"), base_url=str(tmp))
                bare_seconds = time.perf_counter() - start
                if run_number:
                    task_times.append(task_seconds)
                    bare_times.append(bare_seconds)
                    queue_waits.append((row.started_at - row.requested_at).total_seconds())
                pages = row.page_count
    bare = statistics.median(bare_times)
    task = statistics.median(task_times)
    return [
        Result(f"WeasyPrint alone, report of {pages} pages", bare, "s"),
        Result(
            f"PDF task end to end (enqueue -> ready), {pages} pages",
            task,
            "s",
            "WeasyPrint alone",
            bare,
            goal="ratio <= 1.2 and under 5 s",
        ),
        Result("PDF task queue wait (request -> worker starts)", statistics.median(queue_waits) * 1000, "ms"),
    ]
