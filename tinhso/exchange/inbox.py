"""Receiving through the axis, once: for a Tỉnh số app that provides a service other
systems send one-way messages to (official documents arriving from another agency).

The axis delivers a queued message until the receiver answers 2xx; a receiver that
acted but crashed before answering gets it again under the same X-Road-Id. Acting
inside ``receive_once`` makes the second delivery a no-op: the id is recorded in the
same transaction as what the message caused, so either both happened or neither.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone

from tinhso.exchange.models import ReceivedMessage

T = TypeVar("T")


def receive_once(message_id: str, receiver: str, act: Callable[[], T]) -> tuple[bool, T | None]:
    """(True, what ``act`` returned) the first time this message arrives; (False,
    None) for every repeat."""
    try:
        with transaction.atomic():
            ReceivedMessage.objects.create(
                message_id=message_id[:64], receiver=receiver[:64], received_at=timezone.now()
            )
            return True, act()
    except IntegrityError:
        if ReceivedMessage.objects.filter(message_id=message_id[:64]).exists():
            return False, None
        raise
