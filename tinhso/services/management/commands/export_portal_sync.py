import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tinhso.services.models import PortalSyncEvent


class Command(BaseCommand):
    help = (
        "Write the national portal sync payloads as JSON lines (one per dossier change), "
        "oldest first; --mark-sent records them as delivered."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", help="ISO date or datetime (local time)")
        parser.add_argument("--unsent", action="store_true", help="Only rows not yet delivered.")
        parser.add_argument("--mark-sent", action="store_true")

    def handle(
        self, *args: Any, since: str | None, unsent: bool, mark_sent: bool, **options: Any
    ) -> None:
        events = PortalSyncEvent.objects.all()
        if since:
            try:
                moment = dt.datetime.fromisoformat(since)
            except ValueError as exc:
                raise CommandError(f"--since {since!r} is not an ISO date") from exc
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            events = events.filter(created_at__gte=moment)
        if unsent:
            events = events.filter(sent_at=None)
        ids = []
        for event in events.iterator(chunk_size=2000):
            self.stdout.write(json.dumps(event.payload, ensure_ascii=False))
            ids.append(event.pk)
        if mark_sent and ids:
            PortalSyncEvent.objects.filter(pk__in=ids, sent_at=None).update(sent_at=timezone.now())
