"""What meetings plug into: the console menu and "my items" (a council delegate who
is no official finds their sessions there)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tinhso.accounts.choices import Role
from tinhso.accounts.permissions import holds_any
from tinhso.core import derived, my_items, navigation
from tinhso.meetings import derived as figures
from tinhso.meetings import followup, permissions
from tinhso.meetings.choices import Reply, TaskState


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


def open_tasks(user: Any) -> list[tuple[str, str, str]]:
    found = followup.tasks_for(user).filter(state=TaskState.OPEN).order_by("due")[:5]
    today = timezone.localdate()
    return [
        (
            t.title,
            reverse("meetings:tasks"),
            (gettext("quá hạn %(date)s") if t.due < today else gettext("hạn %(date)s"))
            % {"date": f"{t.due:%d/%m/%Y}"},
        )
        for t in found
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
    my_items.register(
        my_items.MySection(
            "meeting_tasks",
            41,
            _("Nhiệm vụ sau cuộc họp"),
            _("Không có nhiệm vụ nào đang thực hiện."),
            items=open_tasks,
            more_url=reverse_lazy("meetings:tasks"),
        )
    )
    derived.register(
        derived.DerivedIndicator(
            "meeting_tasks_overdue",
            _("Nhiệm vụ sau cuộc họp quá hạn"),
            figures.tasks_overdue,
            reverse_lazy("meetings:tasks"),
        )
    )
