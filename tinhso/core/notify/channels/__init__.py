"""Delivery channels. Each module has the same two functions:

``address_for(user) -> str``  where to send ("" when the person has none), and
``send(notification) -> None`` deliver one message, raising on a failure that may be retried.
"""

from types import ModuleType

from tinhso.core.choices import Channel
from tinhso.core.notify.channels import email, inbox, sms

CHANNELS: dict[str, ModuleType] = {Channel.INBOX: inbox, Channel.EMAIL: email, Channel.SMS: sms}
