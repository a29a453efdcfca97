"""What the axis plugs into: the console menu and the IOC's live indicators."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tinhso.accounts.choices import Role
from tinhso.accounts.permissions import holds_any
from tinhso.core import derived, navigation
from tinhso.exchange import monitoring
from tinhso.exchange.actions import visible_members
from tinhso.exchange.models import DeliveryState, QueuedMessage


def dead_messages(user: object) -> int:
    """Messages set aside that this administrator's systems sent or should receive."""
    members = visible_members(user)
    return QueuedMessage.objects.filter(
        Q(sender__member__in=members) | Q(service__subsystem__member__in=members),
        state=DeliveryState.DEAD,
    ).count()


def register() -> None:
    navigation.register(
        navigation.MenuItem(
            "exchange",
            80,
            _("Trục liên thông"),
            "exchange_desk:overview",
            holds_any(Role.SYSTEM_ADMIN),
            to_do=dead_messages,
        )
    )
    overview = reverse_lazy("exchange_desk:overview")
    derived.register(
        derived.DerivedIndicator(
            "exchange_failing_services",
            _("Dịch vụ trục liên thông lỗi"),
            monitoring.failing_services_count,
            overview,
        )
    )
    derived.register(
        derived.DerivedIndicator(
            "exchange_undeliverable",
            _("Thông điệp trục liên thông không chuyển được"),
            monitoring.undeliverable_messages,
            reverse_lazy("exchange_desk:queue"),
        )
    )
