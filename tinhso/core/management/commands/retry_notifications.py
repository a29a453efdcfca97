from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tinhso.core.choices import DeliveryStatus
from tinhso.core.models import Notification
from tinhso.core.tasks import MAX_ATTEMPTS, deliver_notification


class Command(BaseCommand):
    help = (
        "Re-enqueue notifications still queued after a worker died or a gateway failed "
        "(run from cron every few minutes)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than-minutes", type=int, default=5)

    def handle(self, *args: Any, older_than_minutes: int, **options: Any) -> None:
        cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
        ids = list(
            Notification.objects.filter(
                status=DeliveryStatus.QUEUED, created_at__lt=cutoff, attempts__lt=MAX_ATTEMPTS
            ).values_list("pk", flat=True)[:10_000]
        )
        for pk in ids:
            deliver_notification.enqueue(pk)
        self.stdout.write(f"re-enqueued {len(ids)} notification(s)")
