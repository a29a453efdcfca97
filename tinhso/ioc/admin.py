from django.contrib import admin

from tinhso.core.admin import KeyHolderAdmin, ReadOnlyAdmin
from tinhso.ioc.models import (
    Alert,
    AlertRule,
    DataSource,
    Indicator,
    IngestProblem,
    NgsiEntity,
    PullSource,
    Station,
)


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


@admin.register(PullSource)
class PullSourceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "url",
        "format",
        "every_minutes",
        "last_ok_at",
        "last_error",
        "is_active",
    ]
    readonly_fields = ["last_run_at", "last_ok_at", "last_error"]


@admin.register(IngestProblem)
class IngestProblemAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "connector", "detail"]
    list_filter = ["connector"]


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "area", "latitude", "longitude", "is_active"]
    raw_id_fields = ["area"]


@admin.register(NgsiEntity)
class NgsiEntityAdmin(admin.ModelAdmin):
    """Where an administrator lets another data source write an entity it did not create."""

    list_display = ["entity_id", "type", "owner", "modified_at"]
    list_filter = ["type"]
    search_fields = ["entity_id"]
    fields = ["entity_id", "type", "owner", "writers", "area", "attributes"]
    readonly_fields = ["entity_id", "type", "owner", "area", "attributes"]
    filter_horizontal = ["writers"]
