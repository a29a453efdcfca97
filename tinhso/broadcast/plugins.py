"""What the commune radio plugs into: the console menu, with the bulletins waiting for
this leader's approval."""

from __future__ import annotations

from typing import Any

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tinhso.accounts.permissions import holds_any
from tinhso.broadcast import derived as figures
from tinhso.broadcast import permissions
from tinhso.core import derived, navigation


def to_approve(user: Any) -> int:
    """Bulletins waiting for this leader (asked on every page: one count query)."""
    return permissions.bulletins_to_approve(user).count()


def register() -> None:
    navigation.register(
        navigation.MenuItem(
            "broadcast",
            35,
            _("Truyền thanh"),
            "broadcast:bulletins",
            holds_any(*permissions.WRITERS),
            to_do=to_approve,
        )
    )
    for key, name, function in (
        ("speakers_online", _("Loa truyền thanh đang hoạt động"), figures.speakers_online),
        ("broadcast_minutes", _("Thời lượng phát thanh cơ sở"), figures.minutes_aired),
        ("emergency_reach", _("Loa xác nhận tin khẩn trong 60 giây"), figures.emergency_reach),
    ):
        derived.register(
            derived.DerivedIndicator(key, name, function, reverse_lazy("broadcast:bulletins"))
        )
