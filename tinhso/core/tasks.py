from __future__ import annotations

import logging

from django.db.models import F
from django.utils import timezone
from django_tasks import task

from tinhso.core.choices import DeliveryStatus
from tinhso.core.models import Notification
from tinhso.core.notify.channels import CHANNELS

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


@task()
def deliver_notification(notification_id: int) -> str:
    """Send one queued notification; safe to run twice for the same row.

    The conditional UPDATE claims the row (docs/architecture.md, "Workers"): a second
    worker, or a re-enqueued task, finds nothing to claim and stops.
    """
    claimed = Notification.objects.filter(
        pk=notification_id, status=DeliveryStatus.QUEUED, attempts__lt=MAX_ATTEMPTS
    ).update(attempts=F("attempts") + 1)
    if not claimed:
        return "not queued"
    notification = Notification.objects.get(pk=notification_id)
    try:
        CHANNELS[notification.channel].send(notification)
    except Exception as exc:
        logger.warning("notification %s failed: %s", notification_id, exc)
        status = (
            DeliveryStatus.FAILED
            if notification.attempts >= MAX_ATTEMPTS
            else DeliveryStatus.QUEUED
        )
        Notification.objects.filter(pk=notification_id).update(status=status, error=str(exc)[:2000])
        raise
    Notification.objects.filter(pk=notification_id).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), error=""
    )
    return "sent"
