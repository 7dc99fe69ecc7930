"""The whole demo: this app reads every other, so it is the one that seeds them all, in order."""

from django.core.management.base import BaseCommand
from django.db import transaction

from documents import demo as documents_demo
from evaluation import demo as evaluation_demo
from fieldwork import demo as fieldwork_demo
from followups import demo as followups_demo
from inspections import demo
from monitoring import demo as monitoring_demo
from reports import demo as reports_demo
from surveys import demo as surveys_demo
from tracking import demo as tracking_demo

#: Each app's own demo data, in the order data flows.
APP_DEMOS = (
    ("documents", documents_demo),
    ("surveys", surveys_demo),
    ("tracking", tracking_demo),
    ("fieldwork", fieldwork_demo),
    ("evaluation", evaluation_demo),
    ("reports", reports_demo),
    ("followups", followups_demo),
    ("monitoring", monitoring_demo),
)


class Command(BaseCommand):
    help = "Load realistic demo data (safe to run again: nothing is duplicated)."

    def handle(self, *args, **options):
        with transaction.atomic():
            ctx = demo.seed_core()
        for name, module in APP_DEMOS:
            with transaction.atomic():
                module.seed(ctx)
            self.stdout.write(f"  {name}: demo data ready")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Demo sign-ins (password for all: {demo.DEMO_PASSWORD}):")
        for _key, user in ctx.users.items():
            self.stdout.write(f"  {user.email:<34} {user.get_role_display()} – {user.job_title}")
