from typing import Any

from django.core.management.base import BaseCommand

from tinhso.documents.reminders import remind


class Command(BaseCommand):
    help = (
        "Remind the holders of incoming documents due on the next working day or past "
        "their deadline (once each; safe to run several times a day)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        before, after = remind()
        self.stdout.write(f"reminders sent: {before} before the deadline, {after} after it")
