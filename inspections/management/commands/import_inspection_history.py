"""Load partnerships' previous inspections from a CSV file (columns in README.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inspections import services


class Command(BaseCommand):
    help = "Check an inspection history CSV file and store it; nothing is stored if any row is wrong."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.", returncode=2)
        try:
            count = services.import_inspection_history(data=data)
        except services.HistoryRejected as exc:
            for message in exc.result.file_errors:
                self.stderr.write(message)
            for e in exc.result.errors:
                self.stderr.write(f"row {e.row}, {e.column}, {e.value!r}: {e.message}")
            raise CommandError(exc.messages[0], returncode=1)
        self.stdout.write(self.style.SUCCESS(f"Stored {count} previous inspection{'s' if count != 1 else ''}."))
