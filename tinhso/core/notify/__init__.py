"""One way to tell a person something, whatever the channel.

    notify(user, "phone_code", {"code": "123456"}, channels=[Channel.SMS])

writes one Notification row per channel inside the caller's transaction and
delivers the non-inbox ones from a background task after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from tinhso.core.choices import Channel, DeliveryStatus
from tinhso.core.models import Notification
from tinhso.core.notify.channels import CHANNELS


def render_message(template: str, context: dict[str, Any], language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = render_to_string(f"notifications/{template}_subject.txt", context).strip()
        body = render_to_string(f"notifications/{template}.txt", context).strip()
    return subject, body


def notify(
    recipient: Any,
    template: str,
    context: dict[str, Any],
    *,
    channels: Iterable[str] = (Channel.INBOX,),
    link: str = "",
) -> list[Notification]:
    from django.contrib.auth import get_user_model

    from tinhso.core.tasks import deliver_notification

    # A recipient that is not an account (a pending sign-up) has a phone, an e-mail
    # and a language like one; its messages are kept without an owner.
    owner = recipient if isinstance(recipient, get_user_model()) else None
    subject, body = render_message(template, context, recipient.language or "vi")
    created = []
    for channel in channels:
        address = CHANNELS[channel].address_for(recipient)
        is_inbox = channel == Channel.INBOX
        notification = Notification.objects.create(
            recipient=owner,
            channel=channel,
            template=template,
            subject=subject,
            body=body,
            link=link,
            address=address,
            status=(
                DeliveryStatus.SENT
                if is_inbox
                else DeliveryStatus.QUEUED
                if address
                else DeliveryStatus.SKIPPED
            ),
            sent_at=timezone.now() if is_inbox else None,
        )
        created.append(notification)
        if notification.status == DeliveryStatus.QUEUED:
            transaction.on_commit(
                partial(deliver_notification.enqueue, notification.pk), robust=True
            )
    return created


def notify_all(
    recipients: Iterable[Any],
    template: str,
    context: dict[str, Any],
    *,
    channels: Iterable[str] = (Channel.INBOX,),
    link: str = "",
) -> int:
    """The same message to several people (each in their own language); how many."""
    channels = tuple(channels)
    count = 0
    for person in recipients:
        notify(person, template, context, channels=channels, link=link)
        count += 1
    return count
