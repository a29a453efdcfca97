from django.contrib import admin

from tinhso.core.admin import KeyHolderAdmin, ReadOnlyAdmin
from tinhso.ioc.keys import do_issue_key
from tinhso.ioc.models import Alert, AlertRule, DataSource, Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sector", "frequency", "unit", "target", "is_active"]
    list_filter = ["sector", "frequency", "is_active"]
    search_fields = ["code", "name", "name_en"]
    raw_id_fields = ["owner", "numerator", "denominator"]


@admin.register(DataSource)
class DataSourceAdmin(KeyHolderAdmin):
    list_display = ["name", "key_prefix", "is_active", "last_seen_at"]
    readonly_fields = ["key_prefix", "last_seen_at"]
    filter_horizontal = ["indicators"]
    issue_key = do_issue_key


@admin.register(AlertRule)
class AlertRuleAdmin(admin.ModelAdmin):
    list_display = ["indicator", "kind", "area", "change_percent", "missing_minutes", "is_active"]
    list_filter = ["kind", "is_active"]
    raw_id_fields = ["area"]


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    """Alerts change through acknowledge/resolve on the IOC pages (who and when)."""

    list_display = ["message", "level", "status", "opened_at", "resolved_at"]
    list_filter = ["level", "status"]
