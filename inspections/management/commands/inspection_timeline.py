import json
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from inspections.timeline import check_notification_date, compute_milestones
from inspections.working_days import bank_holidays


class Command(BaseCommand):
    help = "Print the milestones of a full inspection notified on DATE (YYYY-MM-DD)."

    def add_arguments(self, parser):
        parser.add_argument("date", help="notification date, YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args, **options):
        try:
            notified_on = date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(f"{options['date']!r} is not a date in the form YYYY-MM-DD.", returncode=2)
        check = check_notification_date(notified_on, bank_holidays=bank_holidays())
        if not check.acceptable:
            raise CommandError(check.reason, returncode=2)
        milestones = compute_milestones(
            notified_on,
            bank_holidays=bank_holidays(),
            publication_wd_after_feedback=settings.REPORT_PUBLICATION_TARGET_WORKING_DAYS,
        )
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    [
                        {
                            "key": m.key,
                            "name": m.name,
                            "starts_on": m.starts_on.isoformat(),
                            "ends_on": m.ends_on.isoformat(),
                            "start_working_day": m.start_wd,
                            "end_working_day": m.end_wd,
                        }
                        for m in milestones
                    ],
                    indent=2,
                )
            )
            return
        for m in milestones:
            wd = f"WD{m.start_wd}" if m.start_wd == m.end_wd else f"WD{m.start_wd}-WD{m.end_wd}"
            when = f"{m.starts_on:%a %d %b %Y}" + ("" if m.ends_on == m.starts_on else f" to {m.ends_on:%a %d %b %Y}")
            self.stdout.write(f"{wd:<10} {when:<34} {m.name}")
