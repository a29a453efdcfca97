"""Paying fees: a provider interface and a built-in simulator.

A real gateway (VNPay, the national payment platform, a bank) is another
subclass of PaymentProvider: ``start`` returns the page to send the payer to,
``parse_callback`` checks the gateway's signature and says what happened.
The simulator signs its callbacks with HMAC like real gateways do, so the
callback path — signature check, idempotency, replay — is the real one.
"""

from __future__ import annotations

import hmac
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.module_loading import import_string

from tinhso.services.models import Payment


@dataclass(frozen=True)
class CallbackResult:
    reference: str
    succeeded: bool
    amount: int
    transaction: str


class PaymentProvider(ABC):
    name = "base"

    @abstractmethod
    def start(self, payment: Payment) -> str:
        """The page to send the payer to."""

    @abstractmethod
    def parse_callback(self, data: Any) -> CallbackResult | None:
        """The callback's content, or None when its signature is not valid."""


class SimulatorProvider(PaymentProvider):
    name = "simulator"

    @staticmethod
    def sign(reference: str, result: str, amount: str, transaction: str) -> str:
        message = f"{reference}|{result}|{amount}|{transaction}"
        return salted_hmac("tinhso.payment-simulator", message).hexdigest()

    def start(self, payment: Payment) -> str:
        return reverse("services:pay_simulator", args=[payment.reference])

    def parse_callback(self, data: Any) -> CallbackResult | None:
        fields = [
            str(data.get(k, ""))[:100] for k in ("reference", "result", "amount", "transaction")
        ]
        if not hmac.compare_digest(self.sign(*fields), str(data.get("signature", ""))):
            return None
        reference, result, amount, transaction = fields
        if not amount.isdigit():
            return None
        return CallbackResult(reference, result == "success", int(amount), transaction)


def get_provider(name: str | None = None) -> PaymentProvider:
    """The configured gateway; LookupError when there is none (pay at the counter)."""
    name = name or settings.PAYMENT_DEFAULT_PROVIDER
    if name == SimulatorProvider.name and not settings.PAYMENT_SIMULATOR:
        raise LookupError(name)
    path = settings.PAYMENT_PROVIDERS.get(name)
    if path is None:
        raise LookupError(name)
    return import_string(path)()
