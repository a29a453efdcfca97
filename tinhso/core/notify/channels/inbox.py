from typing import Any

from tinhso.core.models import Notification


def address_for(user: Any) -> str:
    return str(user.pk)


def send(notification: Notification) -> None:
    """Nothing to transmit: the row itself is the inbox message."""
