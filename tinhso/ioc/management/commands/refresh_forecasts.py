from django.core.management.base import BaseCommand

from tinhso.ioc.forecasts import refresh_all


class Command(BaseCommand):
    help = "Back-test and forecast every monthly indicator (run after each month's figures)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        self.stdout.write(f"{refresh_all()} forecast(s) made.")
