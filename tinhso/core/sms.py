"""SMS gateway interface. Backends are chosen by the SMS_BACKEND setting.

Every Vietnamese carrier gateway (and brand-name SMS providers) differs in
details, so the HTTP backend speaks one plain JSON shape; a province puts a
tiny adapter in front of its provider or subclasses HttpSmsBackend.
"""

from __future__ import annotations

import logging
import sys
from abc import ABC, abstractmethod
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from tinhso.core import outbound

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The gateway refused or could not be reached; the message may be retried."""


@dataclass(frozen=True)
class SmsMessage:
    to: str
    text: str


class BaseSmsBackend(ABC):
    @abstractmethod
    def send(self, message: SmsMessage) -> None:
        """Deliver one message or raise SmsError."""


class ConsoleSmsBackend(BaseSmsBackend):
    """Development: print the message where the operator can read it."""

    def send(self, message: SmsMessage) -> None:
        sys.stdout.write(f"[SMS to {message.to}] {message.text}\n")
        sys.stdout.flush()


# Test and development backend: messages are kept in memory, like Django's
# locmem e-mail backend keeps mail.outbox.
outbox: list[SmsMessage] = []


class LocmemSmsBackend(BaseSmsBackend):
    def send(self, message: SmsMessage) -> None:
        outbox.append(message)


class HttpSmsBackend(BaseSmsBackend):
    """POST {"to", "text", "sender"} as JSON with a bearer token to SMS_HTTP_URL."""

    def send(self, message: SmsMessage) -> None:
        if not settings.SMS_HTTP_URL:
            raise SmsError("SMS_HTTP_URL is not set")
        try:
            status, body, _headers = outbound.fetch(
                "POST",
                settings.SMS_HTTP_URL,
                json={"to": message.to, "text": message.text, "sender": settings.SMS_SENDER},
                headers={"Authorization": f"Bearer {settings.SMS_HTTP_TOKEN}"},
                timeout=settings.SMS_HTTP_TIMEOUT,
                max_bytes=65_536,
            )
        except outbound.OutboundRefused as exc:
            raise SmsError(f"gateway unreachable or refused: {exc.reason}") from exc
        if status >= 300:
            raise SmsError(f"gateway answered {status}: {body[:200]!r}")


def get_sms_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()
