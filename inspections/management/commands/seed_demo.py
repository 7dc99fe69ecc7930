from django.core.management.base import BaseCommand

from inspections import demo


class Command(BaseCommand):
    help = "Load realistic demo data (safe to run again: nothing is duplicated)."

    def handle(self, *args, **options):
        ctx = demo.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Demo sign-ins (password for all: {demo.DEMO_PASSWORD}):")
        for _key, user in ctx.users.items():
            self.stdout.write(f"  {user.email:<34} {user.get_role_display()} – {user.job_title}")
