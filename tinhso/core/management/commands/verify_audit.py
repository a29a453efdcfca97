from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tinhso.core.audit import verify_chain
from tinhso.core.models import AuditEntry


class Command(BaseCommand):
    help = "Check the audit log's hash chain; exit 1 and name the rows if it was tampered with."

    def handle(self, *args: Any, **options: Any) -> None:
        breaks = list(verify_chain())
        if breaks:
            for item in breaks[:50]:
                self.stderr.write(f"row {item.entry_id}: {item.reason}")
            raise CommandError(f"audit chain broken in {len(breaks)} place(s)")
        self.stdout.write(f"audit chain intact: {AuditEntry.objects.count()} rows")
