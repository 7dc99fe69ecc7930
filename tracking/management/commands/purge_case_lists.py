"""Delete an inspection's replaced case lists that nothing refers to any more."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from inspections.models import Inspection
from tracking import services


class Command(BaseCommand):
    help = (
        "Delete the replaced case lists of an inspection (or of every ended inspection with --ended) that no "
        "tracking selection or case sample uses. The current list is never deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("inspection_id", type=int, nargs="?")
        parser.add_argument("--ended", action="store_true", help="Purge every inspection whose final feedback is past.")

    def handle(self, *args, inspection_id: int | None, ended: bool, **options):
        if (inspection_id is None) == (not ended):
            raise CommandError("Give an inspection id or --ended.", returncode=2)
        if ended:
            inspections = [i for i in Inspection.objects.prefetch_related("milestones") if i.has_ended()]
        else:
            try:
                inspections = [Inspection.objects.get(pk=inspection_id)]
            except Inspection.DoesNotExist:
                raise CommandError(f"There is no inspection {inspection_id}.", returncode=2)
        total = 0
        for inspection in inspections:
            count = services.purge_replaced_case_lists(inspection=inspection)
            total += count
            if count:
                self.stdout.write(f"{inspection}: deleted {count} replaced case list{'s' if count != 1 else ''}")
        self.stdout.write(f"Deleted {total} replaced case list{'s' if total != 1 else ''}.")
