from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tinhso.accounts.models import Membership, SsoClient, User


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


# Client apps of the single sign-on: registered by a system administrator only (the
# admin requires a superuser or the oauth2_provider permissions). The policy inline
# names the unit that runs the app and the API scopes it may ask for.
class SsoClientInline(admin.StackedInline):
    model = SsoClient
    can_delete = False
    extra = 1
    max_num = 1


def _register_application_admin() -> None:
    from oauth2_provider.admin import ApplicationAdmin
    from oauth2_provider.models import get_application_model

    application = get_application_model()
    if admin.site.is_registered(application):
        admin.site.unregister(application)

    class PolicyApplicationAdmin(ApplicationAdmin):
        inlines = [SsoClientInline]

    admin.site.register(application, PolicyApplicationAdmin)


_register_application_admin()
