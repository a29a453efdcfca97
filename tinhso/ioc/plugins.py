"""What the operations centre adds to the platform: its menu entry."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tinhso.accounts.choices import Role
from tinhso.accounts.permissions import holds_any
from tinhso.core import navigation


def open_alerts(user: Any) -> int:
    """Alerts open or acknowledged in the areas this official watches."""
    from tinhso.ioc.access import areas_in_scope
    from tinhso.ioc.alerts import OPEN
    from tinhso.ioc.models import Alert

    return Alert.objects.filter(area__in=areas_in_scope(user), status__in=OPEN).count()


def register() -> None:
    viewers = holds_any(Role.IOC_VIEWER, Role.APPROVER, Role.SYSTEM_ADMIN)
    navigation.register(
        navigation.MenuItem(
            "ioc", 10, _("Trung tâm điều hành"), "ioc:board", viewers, to_do=open_alerts
        )
    )
