from django.core.management.base import BaseCommand

from tinhso.ioc.alerts import check_derived, check_missing


class Command(BaseCommand):
    help = (
        "Alert rules that no incoming data triggers: stations silent too long, and "
        "thresholds on figures computed from the platform (a silent worker, a backlog). "
        "Run every minute."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        opened = check_missing() + check_derived()
        self.stdout.write(f"{opened} alert(s) opened.")
