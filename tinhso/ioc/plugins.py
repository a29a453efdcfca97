"""What the operations centre adds to the platform: its menu entry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tinhso.accounts.choices import Role
from tinhso.accounts.permissions import holds_any
from tinhso.core import navigation


def register() -> None:
    viewers = holds_any(Role.IOC_VIEWER, Role.APPROVER, Role.SYSTEM_ADMIN)
    navigation.register(
        navigation.MenuItem("ioc", 10, _("Trung tâm điều hành"), "ioc:board", viewers)
    )
