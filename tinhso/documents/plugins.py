"""What official documents plug into: the console menu with what waits for each
official, and the IOC's live indicators."""

from __future__ import annotations

from typing import Any

from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tinhso.accounts.permissions import holds_any
from tinhso.core import derived, navigation
from tinhso.documents import derived as figures
from tinhso.documents import permissions


def waiting_for(user: Any) -> int:
    """Parts this official holds, plus documents waiting for this leader to assign."""
    return (
        permissions.open_assignments_of(user).count()
        + permissions.documents_to_assign(user).count()
    )


def register() -> None:
    navigation.register(
        navigation.MenuItem(
            "documents",
            25,
            _("Văn bản đến"),
            "documents:my_work",
            holds_any(*permissions.STAFF),
            to_do=waiting_for,
        )
    )
    register_indicators()


def register_indicators() -> None:
    records = reverse_lazy("documents:incoming_list")
    for key, label, compute, url in (
        ("documents_received", _("Văn bản đến"), figures.documents_received, records),
        (
            "documents_on_time_rate",
            _("Tỷ lệ văn bản đến xử lý đúng hạn (%)"),
            figures.documents_on_time_rate,
            records,
        ),
        (
            "documents_overdue",
            _("Văn bản đến quá hạn xử lý"),
            figures.documents_overdue,
            format_lazy("{}?late=on", records),
        ),
    ):
        derived.register(derived.DerivedIndicator(key, label, compute, url))
