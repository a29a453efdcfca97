"""What meetings plug into: the console menu and "my items" (a council delegate who
is no official finds their sessions there)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhso.accounts.choices import Role
from tinhso.accounts.permissions import holds_any
from tinhso.core import my_items, navigation
from tinhso.meetings import permissions
from tinhso.meetings.choices import Reply


def unanswered(user: Any) -> int:
    """Invitations to meetings still ahead that this person has not answered."""
    return (
        permissions.visible_meetings(user)
        .filter(
            starts_at__gte=timezone.now(),
            participants__user=user,
            participants__reply=Reply.PENDING,
        )
        .count()
    )


def upcoming(user: Any) -> list[tuple[str, str, str]]:
    found = (
        permissions.visible_meetings(user)
        .filter(starts_at__gte=timezone.now())
        .order_by("starts_at")[:5]
    )
    return [
        (
            m.title,
            reverse("meetings:meeting", args=[m.pk]),
            f"{timezone.localtime(m.starts_at):%d/%m %H:%M}",
        )
        for m in found
    ]


def register() -> None:
    navigation.register(
        navigation.MenuItem(
            "meetings",
            30,
            _("Cuộc họp"),
            "meetings:mine",
            holds_any(*permissions.ORGANISERS, Role.SPECIALIST, Role.DELEGATE),
            to_do=unanswered,
        )
    )
    my_items.register(
        my_items.MySection(
            "meetings",
            40,
            _("Cuộc họp"),
            _("Không có cuộc họp nào sắp tới."),
            items=upcoming,
            more_url=reverse_lazy("meetings:mine"),
        )
    )
