import io
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from reports import demo
from reports.models import Report, ReportPdf, ReportSectionVersion, Stage


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


def test_demo_draft_has_sections_saved_in_turns_by_the_team(decided, lead_inspector, team_inspector, cqc_inspector):
    users = {"hmi": lead_inspector, "ofsted": team_inspector, "cqc": cqc_inspector}
    ctx = SimpleNamespace(onsite=decided, users=users)
    demo.seed(ctx)
    demo.seed(ctx)
    report = Report.objects.get(inspection=decided)
    assert report.stage == Stage.DRAFT
    effective = list(
        ReportSectionVersion.objects.filter(report=report, section="effective").values_list("number", "saved_by")
    )
    assert effective == [(3, lead_inspector.pk), (2, team_inspector.pk), (1, lead_inspector.pk)]
    assert ReportSectionVersion.objects.filter(report=report, section="better").count() == 2
    assert report.effective.startswith("Needs are identified early in the youngest children. Health visitors")
