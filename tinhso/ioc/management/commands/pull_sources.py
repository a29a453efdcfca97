from django.core.management.base import BaseCommand

from tinhso.ioc.pull import run_due


class Command(BaseCommand):
    help = "Read the scheduled pull sources that are due (run every minute)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        self.stdout.write(f"{run_due()} source(s) read.")
