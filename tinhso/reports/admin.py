from django.contrib import admin

from tinhso.core.admin import KeyHolderAdmin, ReadOnlyAdmin
from tinhso.reports.models import ApiClient, Ban, Category, Question, Report


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


@admin.register(ApiClient)
class ApiClientAdmin(KeyHolderAdmin):
    list_display = ["name", "key_prefix", "is_active", "hold_for_moderation", "created_at"]
    readonly_fields = ["key_prefix", "created_at"]


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    list_display = ["user", "ip_address", "reason", "until", "created_at"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_by"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "status", "is_published", "created_at", "due_at"]
    list_filter = ["status", "is_published"]
    search_fields = ["title"]
