from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tinhso.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    """Read-only here: roles change in the console, where each change is audited."""

    model = Membership
    fk_name = "user"
    extra = 0
    fields = ("org_unit", "role", "granted_by", "created_at")
    readonly_fields = ("org_unit", "role", "granted_by", "created_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["full_name", "phone", "email", "kind", "is_active", "date_joined"]
    list_filter = ["kind", "is_active", "is_staff"]
    search_fields = ["full_name", "phone", "email"]
    fields = [
        "full_name",
        "phone",
        "email",
        "citizen_id",
        "kind",
        "language",
        "is_active",
        "is_staff",
        "date_joined",
        "phone_verified_at",
        "last_login",
    ]
    readonly_fields = ["date_joined", "phone_verified_at", "last_login", "kind"]
    inlines = [MembershipInline]
