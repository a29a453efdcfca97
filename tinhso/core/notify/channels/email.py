from typing import Any

from django.core.mail import send_mail

from tinhso.core.models import Notification


def address_for(user: Any) -> str:
    return user.email or ""


def send(notification: Notification) -> None:
    send_mail(
        notification.subject,
        notification.body,
        None,
        [notification.address],
        fail_silently=False,
    )
