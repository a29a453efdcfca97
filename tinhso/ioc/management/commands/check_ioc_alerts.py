from django.core.management.base import BaseCommand

from tinhso.ioc.alerts import check_missing


class Command(BaseCommand):
    help = "Missing-data alert rules: stations silent too long (run every minute)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        self.stdout.write(f"{check_missing()} alert(s) opened.")
