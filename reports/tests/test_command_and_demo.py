import io
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from reports import demo
from reports.models import Report, ReportPdf, Stage


def test_render_report_writes_the_current_version(report, tmp_path):
    out = tmp_path / "report.pdf"
    stdout = io.StringIO()
    call_command("render_report", str(report.inspection_id), "--out", str(out), stdout=stdout)
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    assert "widespread and/or systemic failings" in text and "DRAFT" in text
    assert "Wrote" in stdout.getvalue() and "version 1" in stdout.getvalue()
    call_command("render_report", str(report.inspection_id), "--out", str(out), stdout=io.StringIO())
    assert ReportPdf.objects.count() == 1  # the same version again: no new row or file


def test_render_report_says_why_the_pdf_failed_and_records_it(report, monkeypatch):
    from reports import services

    def broken(html, *, base_url):
        raise ValueError("a layout bug")

    monkeypatch.setattr(services, "render_pdf_with_page_count", broken)
    with pytest.raises(CommandError, match=r"could not be laid out as a PDF \(ValueError\)"):
        call_command("render_report", str(report.inspection_id), stdout=io.StringIO())
    assert ReportPdf.objects.get().status == ReportPdf.Status.FAILED


def test_render_report_explains_a_missing_report(inspection):
    with pytest.raises(CommandError, match="no report yet"):
        call_command("render_report", str(inspection.pk))


def test_demo_publishes_the_report_once(decided, lead_inspector, lana):
    ctx = SimpleNamespace(published=decided, users={"hmi": lead_inspector, "eastbrook_lano": lana})
    demo.seed(ctx)
    demo.seed(ctx)
    report = Report.objects.get(inspection=decided)
    assert report.stage == Stage.PUBLISHED and report.comments.count() == 1
    assert ReportPdf.objects.filter(report=report, status="ready", stage=Stage.PUBLISHED).count() == 1


def test_demo_does_nothing_without_an_outcome(inspection, lead_inspector):
    demo.seed(SimpleNamespace(published=inspection, users={"hmi": lead_inspector}))
    assert not Report.objects.exists()
