from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.core.apikeys import do_issue_key, do_revoke_key
from tinhso.core.models import (
    AdminUnit,
    AuditEntry,
    CalendarDay,
    Notification,
    OrgUnit,
    ProcedureField,
    WorkerHeartbeat,
)


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["identifier", "name", "kind", "area", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["identifier", "name"]
    raw_id_fields = ["parent", "area"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "provisional"]
    list_filter = ["kind", "provisional"]
    date_hierarchy = "date"


class KeyHolderAdmin(admin.ModelAdmin):
    """Admin of a machine client with an API key (an Open311 app, an IOC data source):
    a key is issued on creation and by an action, and shown once in a message."""

    actions = ["renew_key", "revoke_key"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            self._show_key(request, obj)

    def _show_key(self, request: HttpRequest, obj: Any) -> None:
        key = do_issue_key(obj, acting_user=request.user)
        messages.warning(
            request,
            _("Khóa của %(name)s (chỉ hiện một lần, hãy gửi an toàn cho bên dùng): %(key)s")
            % {"name": obj.name, "key": key},
        )

    @admin.action(description=gettext_lazy("Cấp khóa mới (khóa cũ hết hiệu lực)"))
    def renew_key(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self._show_key(request, obj)

    @admin.action(description=gettext_lazy("Thu hồi khóa (ngừng nhận dữ liệu bằng khóa này)"))
    def revoke_key(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            do_revoke_key(obj, acting_user=request.user)
        messages.success(request, _("Đã thu hồi khóa."))


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "actor_label", "object_repr", "ip"]
    list_filter = ["action"]
    search_fields = ["action", "object_repr", "actor_label", "object_id"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "template", "recipient", "status", "attempts"]
    list_filter = ["channel", "status", "template"]
    raw_id_fields = ["recipient"]


@admin.register(ProcedureField)
class ProcedureFieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit"]
    search_fields = ["name"]
    autocomplete_fields = ["unit"]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    """Read-only: rows are written by the workers themselves (core/heartbeat.py)."""

    list_display = ["name", "instance", "started_at", "beat_at"]
    ordering = ["name", "instance"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
