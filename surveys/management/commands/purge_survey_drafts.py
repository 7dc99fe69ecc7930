from django.core.management.base import BaseCommand

from surveys.services import purge_expired_drafts


class Command(BaseCommand):
    help = "Delete unfinished survey answers whose survey has closed (run daily, e.g. from cron or Celery beat)."

    def handle(self, *args, **options):
        deleted = purge_expired_drafts()
        self.stdout.write(f"Deleted {deleted} unfinished survey answer(s).")
