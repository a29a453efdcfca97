"""What accounts adds to the officials' console menu: the overview, staff, the audit
log and Django's admin."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tinhso.accounts.choices import Role
from tinhso.accounts.permissions import STAFF_MANAGERS, holds_any
from tinhso.core import navigation


def _may_open_admin(user: Any) -> bool:
    return bool(user.is_staff and holds_any(Role.SYSTEM_ADMIN)(user))


def register() -> None:
    for item in (
        navigation.MenuItem("overview", 0, _("Tổng quan"), "console:home", exact=True),
        navigation.MenuItem("staff", 90, _("Cán bộ"), "staff:list", holds_any(*STAFF_MANAGERS)),
        navigation.MenuItem(
            "audit", 95, _("Nhật ký kiểm toán"), "console:audit_log", holds_any(Role.SYSTEM_ADMIN)
        ),
        navigation.MenuItem("admin", 99, _("Quản trị hệ thống"), "admin:index", _may_open_admin),
    ):
        navigation.register(item)
