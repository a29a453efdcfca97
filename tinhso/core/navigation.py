"""The officials' console menu. Later modules add their own items here.

Each item names the roles that see it; an item with no roles is for every official.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tinhso.accounts.choices import Role
from tinhso.accounts.permissions import roles_of


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: tuple[str, ...] = field(default_factory=tuple)
    superuser_only: bool = False


CONSOLE_MENU: list[NavItem] = [
    NavItem(_("Tổng quan"), "core:console"),
    NavItem(
        _("Trung tâm điều hành"), "ioc:board", (Role.IOC_VIEWER, Role.APPROVER, Role.SYSTEM_ADMIN)
    ),
    NavItem(
        _("Hồ sơ một cửa"),
        "desk:list",
        (Role.RECEPTIONIST, Role.SPECIALIST, Role.APPROVER, Role.UNIT_ADMIN),
    ),
    NavItem(
        _("Phản ánh hiện trường"),
        "report_desk:list",
        (Role.RECEPTIONIST, Role.SPECIALIST, Role.APPROVER, Role.UNIT_ADMIN),
    ),
    NavItem(
        _("Hỏi đáp"), "report_desk:questions", (Role.SPECIALIST, Role.APPROVER, Role.UNIT_ADMIN)
    ),
    NavItem(
        _("Thống kê phản ánh"),
        "report_desk:statistics",
        (Role.APPROVER, Role.UNIT_ADMIN, Role.IOC_VIEWER, Role.SYSTEM_ADMIN),
    ),
    NavItem(
        _("Chỉ số phục vụ"),
        "statistics",
        (Role.APPROVER, Role.UNIT_ADMIN, Role.IOC_VIEWER, Role.SYSTEM_ADMIN),
    ),
    NavItem(_("Vi phạm giao thông"), "traffic_desk:queue", (Role.TRAFFIC_OFFICER,)),
    NavItem(_("Camera giao thông"), "traffic_desk:cameras", (Role.TRAFFIC_OFFICER,)),
    NavItem(_("Cán bộ"), "staff:list", (Role.UNIT_ADMIN, Role.SYSTEM_ADMIN)),
    NavItem(_("Nhật ký kiểm toán"), "core:audit_log", (Role.SYSTEM_ADMIN,)),
    NavItem(_("Quản trị hệ thống"), "admin:index", (Role.SYSTEM_ADMIN,), superuser_only=False),
]


def console_menu(user: Any, current_path: str) -> list[dict[str, Any]]:
    held = roles_of(user)
    items: list[dict[str, Any]] = []
    for item in CONSOLE_MENU:
        if item.roles and not (held & set(item.roles)) and not user.is_superuser:
            continue
        if item.url_name == "admin:index" and not user.is_staff:
            continue
        url = reverse(item.url_name)
        items.append({"label": item.label, "url": url, "active": False})
    # The item whose address is the longest start of this page's: /console/reports/questions/
    # lights "Q&A", not also "Field reports" at /console/reports/.
    matches = [
        i
        for i in items
        if current_path == i["url"]
        or (i["url"] != "/console/" and current_path.startswith(i["url"]))
    ]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return items
