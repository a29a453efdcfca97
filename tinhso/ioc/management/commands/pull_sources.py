from django.core.management.base import BaseCommand

from tinhso.core.shutdown import StopSignal
from tinhso.ioc.pull import run_due


class Command(BaseCommand):
    help = (
        "Read the scheduled pull sources that are due (run every minute). SIGTERM or "
        "Ctrl+C lets the source in hand finish and leaves the rest for the next round."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        with StopSignal() as stop:
            count = run_due(stop=stop)
        self.stdout.write(f"{count} source(s) read.")
