from django.core.management.base import BaseCommand

from tinhso.reports.actions import do_escalate_overdue


class Command(BaseCommand):
    help = "Escalate past-due field reports to the parent unit (run every few minutes)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        count = do_escalate_overdue()
        self.stdout.write(f"{count} report(s) escalated.")
