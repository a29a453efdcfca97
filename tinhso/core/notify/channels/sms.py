from typing import Any

from tinhso.core.models import Notification
from tinhso.core.sms import SmsMessage, get_sms_backend
from tinhso.core.text import strip_diacritics


def address_for(user: Any) -> str:
    return user.phone or ""


def send(notification: Notification) -> None:
    # Without diacritics: a Unicode SMS holds only 70 characters (a plain one 160)
    # and every phone shows plain letters.
    text = strip_diacritics(notification.body)
    get_sms_backend().send(SmsMessage(to=notification.address, text=text))
