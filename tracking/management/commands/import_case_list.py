"""Import a case list for an inspection from a CSV or XLSX file (for support staff)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from inspections.models import Inspection
from tracking import services


class Command(BaseCommand):
    help = "Check a case list file and store it for an inspection; nothing is stored if any row is wrong."

    def add_arguments(self, parser):
        parser.add_argument("inspection_id", type=int)
        parser.add_argument("file", type=Path)

    def handle(self, *args, inspection_id: int, file: Path, **options):
        try:
            inspection = Inspection.objects.get(pk=inspection_id)
        except Inspection.DoesNotExist:
            raise CommandError(f"There is no inspection {inspection_id}.", returncode=2)
        limit = int(getattr(settings, "CASE_LIST_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
        try:
            if file.stat().st_size > limit:
                raise CommandError(f"{file} is larger than {limit:,} bytes (CASE_LIST_MAX_UPLOAD_BYTES).", returncode=1)
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.", returncode=2)
        try:
            case_list = services.import_case_list(inspection=inspection, data=data, file_name=file.name)
        except services.CaseListRejected as exc:
            for message in exc.result.file_errors:
                self.stderr.write(message)
            for e in exc.result.errors:
                self.stderr.write(f"row {e.row}, {e.column}, {e.value!r}: {e.message}")
            raise CommandError(exc.messages[0], returncode=1)
        self.stdout.write(
            self.style.SUCCESS(f"Stored {case_list.row_count} children and young people for {inspection}.")
        )
