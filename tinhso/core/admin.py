from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tinhso.core.models import AdminUnit, AuditEntry, CalendarDay, Notification, OrgUnit


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
