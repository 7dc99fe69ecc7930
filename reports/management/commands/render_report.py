"""Render an inspection's report to a PDF file now, through the same code as the Celery task."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inspections.models import Inspection
from reports import services
from reports.models import Report


class Command(BaseCommand):
    help = "Render the current version of an inspection's report to a PDF file (synchronously)."

    def add_arguments(self, parser):
        parser.add_argument("inspection_id", type=int)
        parser.add_argument("--out", type=Path, help="Where to write the PDF (default: report-ID-vN.pdf)")

    def handle(self, *args, inspection_id: int, out: Path | None = None, **options):
        try:
            inspection = Inspection.objects.get(pk=inspection_id)
        except Inspection.DoesNotExist:
            raise CommandError(f"There is no inspection {inspection_id}")
        report = Report.objects.filter(inspection=inspection).first()
        if report is None:
            raise CommandError(
                f"Inspection {inspection_id} has no report yet: the lead inspector starts it on the report page"
            )
        row = services.render_report_now(report=report)
        if not row.is_ready:
            raise CommandError(f"The PDF could not be made: {row.error}")
        out = out or Path(f"report-{inspection_id}-v{row.version}.pdf")
        with row.file.open("rb") as fh:
            out.write_bytes(fh.read())
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {out} (version {row.version}, {row.get_stage_display().lower()}, {row.page_count} pages, "
                f"sha256 {row.checksum})"
            )
        )
