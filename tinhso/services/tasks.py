from __future__ import annotations

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from tinhso.core import outbound
from tinhso.services.models import PortalSyncEvent


@task()
def push_portal_sync(event_id: int) -> str:
    """POST one outbox payload to the portal; safe to run twice (sent rows are skipped)."""
    claimed = PortalSyncEvent.objects.filter(pk=event_id, sent_at=None).update(
        attempts=F("attempts") + 1
    )
    if not claimed or not settings.PORTAL_SYNC_URL:
        return "nothing to send"
    event = PortalSyncEvent.objects.get(pk=event_id)
    try:
        status, _body, _headers = outbound.fetch(
            "POST",
            settings.PORTAL_SYNC_URL,
            json=event.payload,
            timeout=15,
            max_bytes=1_048_576,
            headers={"Authorization": f"Bearer {settings.PORTAL_SYNC_TOKEN}"},
        )
        if status >= 400:
            raise outbound.OutboundRefused(f"HTTP {status}")
    except outbound.OutboundRefused as exc:
        PortalSyncEvent.objects.filter(pk=event_id).update(error=exc.reason[:2000])
        raise
    PortalSyncEvent.objects.filter(pk=event_id).update(sent_at=timezone.now(), error="")
    return "sent"
