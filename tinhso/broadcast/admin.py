from django.contrib import admin

from tinhso.broadcast.models import SourceSystem
from tinhso.core.admin import KeyHolderAdmin


@admin.register(SourceSystem)
class SourceSystemAdmin(KeyHolderAdmin):
    """Central and provincial source systems: their key (shown once), area and scopes."""

    list_display = [
        "name", "area", "may_send_normal", "may_send_priority", "may_send_emergency",
        "key_prefix", "is_active",
    ]  # fmt: skip
    readonly_fields = ["key_prefix"]
    raw_id_fields = ["area"]
