from django.contrib import admin

from tinhso.core.admin import KeyHolderAdmin, ReadOnlyAdmin
from tinhso.traffic.models import Camera, Vehicle, Violation


@admin.register(Camera)
class CameraAdmin(KeyHolderAdmin):
    list_display = ["code", "name", "area", "status", "last_frame_at", "is_active"]
    readonly_fields = ["key_prefix", "claimed_by", "claim_expires_at", "last_frame_at"]
    raw_id_fields = ["area"]


@admin.register(Violation)
class ViolationAdmin(ReadOnlyAdmin):
    """Violations change through the review actions (audit, who and when)."""

    list_display = ["occurred_at", "camera", "kind", "plate", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["plate", "event_id"]


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    list_display = ["plate", "plate_colour", "owner_name"]
    search_fields = ["plate", "owner_name"]
    raw_id_fields = ["owner"]
