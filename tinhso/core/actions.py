"""State changes that belong to core itself: the citizen's and official's inbox."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from tinhso.core.audit import write_audit
from tinhso.core.choices import Channel
from tinhso.core.models import Notification


@transaction.atomic
def do_mark_read(message: Notification, *, acting_user: Any) -> None:
    """The first opening marks a message read; later openings change nothing."""
    updated = Notification.objects.filter(pk=message.pk, read_at=None).update(
        read_at=timezone.now()
    )
    if updated:
        write_audit("notification.read", actor=acting_user, obj=message)


@transaction.atomic
def do_mark_all_read(user: Any) -> int:
    count = Notification.objects.filter(recipient=user, channel=Channel.INBOX, read_at=None).update(
        read_at=timezone.now()
    )
    if count:
        write_audit("notification.all_read", actor=user, obj=user, data={"count": count})
    return count
