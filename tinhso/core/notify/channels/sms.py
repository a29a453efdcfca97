from typing import Any

from tinhso.core.models import Notification
from tinhso.core.sms import SmsMessage, get_sms_backend


def address_for(user: Any) -> str:
    return user.phone or ""


def send(notification: Notification) -> None:
    get_sms_backend().send(SmsMessage(to=notification.address, text=notification.body))
