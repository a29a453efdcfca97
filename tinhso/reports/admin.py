from django.contrib import admin

from tinhso.core.admin import ReadOnlyAdmin
from tinhso.reports.models import Category, Report


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "group", "response_days", "requires_photo", "is_active"]
    list_filter = ["group", "is_active"]
    search_fields = ["code", "name", "keywords"]
    raw_id_fields = ["responsible_unit"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    """Read-only: reports change through the handling actions, which write the timeline."""

    list_display = ["public_id", "category", "commune", "unit", "status", "created_at", "due_at"]
    list_filter = ["status", "category", "source"]
