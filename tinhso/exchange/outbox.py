"""One-way messages through the axis, delivered even when the receiver is down.

``queue(...)`` writes the message in the caller's transaction (a dossier change and its
message to the national portal commit together, or neither does). ``deliver_due()``
(run by ``manage.py deliver_exchange_messages``) sends what is due through the gateway
— the same access check and message log as a call — and:

- 2xx: delivered;
- 408, 429, 5xx, no answer: tried again after a back-off (30 s doubling to an hour),
  until EXCHANGE_GIVE_UP_HOURS after it was queued: then dead;
- any other 4xx (the receiver refuses this message): dead at once — sending it again
  unchanged would be refused again.

Dead messages wait on the console's list for an administrator, who can send one again
(``actions.do_send_again``). A worker holds the rows it sends for CLAIM_SECONDS; killed
mid-delivery, it lets them go and another worker sends them again under the same
X-Road-Id — the receiver recognises the repeat (exchange/inbox.py for ours).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from tinhso.exchange import gateway
from tinhso.exchange.models import DeliveryState, QueuedMessage, Service, Subsystem

CLAIM_SECONDS = 120
FIRST_PAUSE = dt.timedelta(seconds=30)
LONGEST_PAUSE = dt.timedelta(hours=1)
BATCH = 50
RETRIED_STATUSES = {408, 425, 429}


def queue(
    sender: Subsystem,
    service: Service,
    body: bytes,
    *,
    path: str = "/",
    content_type: str = "application/json",
    message_id: uuid.UUID | None = None,
) -> QueuedMessage:
    """Queue one message; the same ``message_id`` twice queues it once."""
    now = timezone.now()
    found, _created = QueuedMessage.objects.get_or_create(
        message_id=message_id or uuid.uuid4(),
        defaults={
            "sender": sender,
            "service": service,
            "path": path,
            "content_type": content_type,
            "body": body,
            "created_at": now,
            "next_attempt_at": now,
            "give_up_at": now + dt.timedelta(hours=settings.EXCHANGE_GIVE_UP_HOURS),
        },
    )
    return found


def pause_after(attempts: int) -> dt.timedelta:
    return min(FIRST_PAUSE * 2 ** max(attempts - 1, 0), LONGEST_PAUSE)


def _claim(now: dt.datetime) -> list[QueuedMessage]:
    """Due rows this worker now holds: each taken with a conditional UPDATE, so that
    two workers never send the same row at once."""
    due = QueuedMessage.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        state=DeliveryState.WAITING,
        next_attempt_at__lte=now,
    ).order_by("next_attempt_at")[:BATCH]
    held = []
    for row in due:
        taken = QueuedMessage.objects.filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
            pk=row.pk,
            state=DeliveryState.WAITING,
        ).update(claimed_until=now + dt.timedelta(seconds=CLAIM_SECONDS))
        if taken:
            held.append(row)
    return held


def _deliver(row: QueuedMessage) -> None:
    call = gateway.Call(
        method=row.method,
        service_id=row.service.identifier,
        path=row.path,
        query="",
        body=bytes(row.body),
        headers={"Content-Type": row.content_type},
        message_id=row.message_id,
    )
    answer = gateway.exchange_as(row.sender, call)
    now = timezone.now()
    row.attempts += 1
    row.last_status = answer.status
    row.claimed_until = None
    if 200 <= answer.status < 300:
        row.state, row.delivered_at, row.last_error = DeliveryState.DELIVERED, now, ""
    else:
        row.last_error = (answer.error or f"HTTP {answer.status}")[:500]
        retried = answer.status >= 500 or answer.status in RETRIED_STATUSES
        if not retried or now >= row.give_up_at:
            row.state = DeliveryState.DEAD
        else:
            row.next_attempt_at = now + pause_after(row.attempts)
    row.save(
        update_fields=[
            "attempts", "last_status", "claimed_until", "state", "delivered_at",
            "last_error", "next_attempt_at",
        ]
    )  # fmt: skip


def deliver_due(stop: Any = None) -> int:
    """Send what is due; the number of messages tried."""
    tried = 0
    while not (stop is not None and stop.requested):
        held = _claim(timezone.now())
        if not held:
            break
        for row in held:
            if stop is not None and stop.requested:
                QueuedMessage.objects.filter(pk=row.pk).update(claimed_until=None)
                continue
            _deliver(row)
            tried += 1
    return tried
