from django.core.management.base import BaseCommand

from tinhso.ioc.monthly import send


class Command(BaseCommand):
    help = "Tell the leaders that last month's indicator report (PDF) is ready (cron, monthly)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        self.stdout.write(f"{send()} leader(s) told.")
