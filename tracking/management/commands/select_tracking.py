"""Print the proposed tracking cohort and its coverage table (nothing is stored)."""

from __future__ import annotations

import json
import secrets

from django.core.management.base import BaseCommand, CommandError

from inspections.models import Inspection
from tracking import selectors, services
from tracking.selection import select_tracking_cohort


class Command(BaseCommand):
    help = "Propose the tracking cohort for an inspection from its current case list, with the coverage table."

    def add_arguments(self, parser):
        parser.add_argument("inspection_id", type=int)
        parser.add_argument("--seed", type=int, help="Repeat a choice with this seed (default: a new random seed).")
        parser.add_argument("--json", action="store_true", help="Print JSON for scripts.")

    def handle(self, *args, inspection_id: int, seed: int | None, json: bool, **options):
        try:
            inspection = Inspection.objects.get(pk=inspection_id)
        except Inspection.DoesNotExist:
            raise CommandError(f"There is no inspection {inspection_id}.", returncode=2)
        case_list = selectors.current_case_list(inspection)
        if case_list is None:
            raise CommandError(f"No case list has been uploaded for inspection {inspection_id}.", returncode=2)
        if seed is None:
            seed = secrets.randbelow(services.MAX_SEED)
        selection = select_tracking_cohort(selectors.candidates(case_list), size=services.cohort_size(), seed=seed)
        if json:
            self.stdout.write(_json(selection.as_dict()))
            return
        self.stdout.write(
            f"Tracking cohort for {inspection} (seed {seed}; {selection.eligible} children can be "
            f"chosen, {selection.opted_out} opted out)"
        )
        self.stdout.write("")
        for n, chosen in enumerate(selection.chosen, start=1):
            self.stdout.write(f"{n}. {chosen.ref}: {chosen.candidate.describe()}")
            self.stdout.write(f"   chosen for: {'; '.join(chosen.reasons)}")
        self.stdout.write("")
        width = max(len(r.label) for r in selection.coverage)
        self.stdout.write(f"{'Range point'.ljust(width)}  {'On list':>7}  {'Status':<16}  Covered by")
        for row in selection.coverage:
            self.stdout.write(
                f"{row.label.ljust(width)}  {row.available:>7}  {row.status:<16}  {', '.join(row.covered_by) or '-'}"
            )


def _json(data) -> str:
    return json.dumps(data, indent=2)
