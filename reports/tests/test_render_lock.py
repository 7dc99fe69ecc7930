"""Two worker processes given the same PDF row at the same moment: one renders, one file."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.files.storage import default_storage
from django.db import connection

from reports import services
from reports.models import ReportPdf

from .worker import ROOT, database_url, wait_for


@pytest.fixture
def queued_pdf(live_report):
    return services.request_report_pdf(report=live_report, enqueue=False)


def test_two_processes_rendering_the_same_row_render_it_once(queued_pdf, settings, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DB_CONN_MAX_AGE": "0",
    }
    command = [sys.executable, "-m", "reports.tests.render_once", str(queued_pdf.pk), str(tmp_path)]
    processes = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for _ in range(2)
    ]
    try:
        wait_for(lambda: len(list(tmp_path.glob("ready-*"))) == 2, timeout=60)
        (tmp_path / "go").touch()  # both call the render service at once
        outputs = [p.communicate(timeout=120)[0].decode(errors="replace") for p in processes]
    finally:
        for p in processes:
            if p.poll() is None:
                p.kill()
                p.wait()
    assert [p.returncode for p in processes] == [0, 0], outputs
    seen = [json.loads(path.read_text()) for path in sorted(tmp_path.glob("done-*"))]
    row = ReportPdf.objects.get(pk=queued_pdf.pk)
    assert row.status == ReportPdf.Status.READY
    assert row.attempts == 1  # the second process waited, found the file ready and did not render
    assert [s["checksum"] for s in seen] == [row.checksum, row.checksum]
    folder = f"reports/inspection-{row.report.inspection_id}"
    assert default_storage.listdir(folder)[1] == [f"report-v{row.version}.pdf"]
    connection.close()
