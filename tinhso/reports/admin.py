from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.core.admin import ReadOnlyAdmin
from tinhso.reports.keys import do_issue_key
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
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "key_prefix", "is_active", "hold_for_moderation", "created_at"]
    readonly_fields = ["key_prefix", "created_at"]
    actions = ["issue_key"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if not change:
            obj.key_hash = f"pending-{obj.name}"[:64]
            super().save_model(request, obj, form, change)
            self._show_key(request, obj)
        else:
            super().save_model(request, obj, form, change)

    def _show_key(self, request: HttpRequest, client: ApiClient) -> None:
        key = do_issue_key(client, acting_user=request.user)
        messages.warning(
            request,
            _("api_key của %(name)s (chỉ hiện một lần, hãy gửi an toàn cho bên dùng): %(key)s")
            % {"name": client.name, "key": key},
        )

    @admin.action(description=gettext_lazy("Cấp api_key mới (khóa cũ hết hiệu lực)"))
    def issue_key(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset:
            self._show_key(request, client)


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
