from django.contrib import admin

from tinhso.broadcast.models import DeviceProblem, SourceSystem
from tinhso.core.admin import KeyHolderAdmin, ReadOnlyAdmin


@admin.register(SourceSystem)
class SourceSystemAdmin(KeyHolderAdmin):
    """Central and provincial source systems: their key (shown once), area and scopes."""

    list_display = [
        "name", "area", "may_send_normal", "may_send_priority", "may_send_emergency",
        "key_prefix", "is_active",
    ]  # fmt: skip
    readonly_fields = ["key_prefix"]
    raw_id_fields = ["area"]


@admin.register(DeviceProblem)
class DeviceProblemAdmin(ReadOnlyAdmin):
    """Reports the platform could not take (docs/loudspeakers.md): for the installer."""

    list_display = ["at", "topic", "detail"]
    search_fields = ["topic", "detail"]
    date_hierarchy = "at"
