"""The IOC's data: indicators, their observations (with revision history), the
roll-ups kept on ingest so dashboards never scan raw rows, data sources with keys,
and alert rules with alerts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tinhso.core.choices import AdminUnitKind
from tinhso.core.models import AdminUnit, KeyHolder, OrgUnit
from tinhso.ioc.choices import (
    Aggregation,
    AlertStatus,
    Direction,
    Frequency,
    Level,
    Period,
    Quality,
    RuleKind,
    Sector,
)

ABSOLUTE_LIMIT = 1e15


class Indicator(models.Model):
    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200)
    description = models.TextField(_("mô tả"), blank=True)
    sector = models.CharField(_("lĩnh vực"), max_length=20, choices=Sector.choices)
    unit = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    frequency = models.CharField(_("tần suất"), max_length=10, choices=Frequency.choices)
    time_aggregation = models.CharField(
        _("gộp theo thời gian"), max_length=10, choices=Aggregation.choices
    )
    area_aggregation = models.CharField(
        _("gộp theo địa bàn"), max_length=10, choices=Aggregation.choices
    )
    # A ratio indicator is numerator ÷ denominator (× 100 for percentages), each
    # aggregated its own way first: never a mean of ratios.
    numerator = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ratio_scale = models.FloatField(_("hệ số tỉ lệ"), default=100)
    level = models.CharField(
        _("cấp báo cáo"), max_length=20, choices=AdminUnitKind.choices, default="commune"
    )
    # The values that can be true (PM2.5 cannot be negative or 10^6 µg/m³): outside
    # them an observation is refused with the reason, never stored and rolled up.
    valid_min = models.FloatField(_("giá trị nhỏ nhất hợp lý"), null=True, blank=True)
    valid_max = models.FloatField(_("giá trị lớn nhất hợp lý"), null=True, blank=True)
    target = models.FloatField(_("chỉ tiêu"), null=True, blank=True)
    warning = models.FloatField(_("ngưỡng cảnh báo"), null=True, blank=True)
    critical = models.FloatField(_("ngưỡng nghiêm trọng"), null=True, blank=True)
    direction = models.CharField(
        _("chiều tốt"), max_length=15, choices=Direction.choices, default=Direction.HIGHER_BETTER
    )
    owner = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị chủ quản"),
    )
    source = models.CharField(_("nguồn"), max_length=200, blank=True)
    # Computed live from the platform's own tables, never pushed: the key of an
    # indicator an app registers in core/derived.py (each app's derived.py).
    derived = models.CharField(_("tính từ dữ liệu nền tảng"), max_length=60, blank=True)
    in_monthly_report = models.BooleanField(_("đưa vào báo cáo tháng"), default=False)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("chỉ số")
        verbose_name_plural = _("chỉ số")
        ordering = ["sector", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") else self.name

    def refuses(self, value: float) -> str:
        """Why this value cannot be an observation of this indicator ("" when it can).

        Besides the indicator's own range, no value beyond ±10^15 is accepted at all:
        sums of a month of such values stay finite, so roll-ups and charts never
        become inf (a value of 1.7e308 once did)."""
        low, high = self.valid_min, self.valid_max
        if (
            abs(value) > ABSOLUTE_LIMIT
            or (low is not None and value < low)
            or (high is not None and value > high)
        ):
            return str(
                _("Giá trị %(value)s ngoài khoảng hợp lý của chỉ số %(code)s (%(low)s – %(high)s).")
                % {
                    "value": f"{value:g}",
                    "code": self.code,
                    "low": "−∞" if low is None else f"{low:g}",
                    "high": "∞" if high is None else f"{high:g}",
                }
            )
        return ""

    def level_of(self, value: float | None) -> str:
        """ok / warning / critical for a value, by the thresholds and the direction."""
        if value is None:
            return Level.OK
        worse = (
            (lambda limit: value <= limit)
            if self.direction == Direction.HIGHER_BETTER
            else (lambda limit: value >= limit)
        )
        if self.critical is not None and worse(self.critical):
            return Level.CRITICAL
        if self.warning is not None and worse(self.warning):
            return Level.WARNING
        return Level.OK


class Observation(models.Model):
    """One value of an indicator for an area at a time. A re-sent value with the same
    (indicator, area, time) replaces it; the old one goes to the history."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="observations")
    area = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    value = models.FloatField()
    source = models.CharField(max_length=100)
    quality = models.CharField(max_length=12, choices=Quality.choices, default=Quality.GOOD)
    revision = models.PositiveIntegerField(default=0)
    received_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area", "at"], name="one_value_per_time")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.area_id}@{self.at:%Y-%m-%d %H:%M}={self.value}"


class ObservationRevision(models.Model):
    """A value that a later one replaced, kept for the record."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="history")
    value = models.FloatField()
    source = models.CharField(max_length=100)
    quality = models.CharField(max_length=12, choices=Quality.choices)
    replaced_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.observation_id}: {self.value}"


class Rollup(models.Model):
    """Count, sum, min, max and last value of an indicator's observations in one
    hour, day or month (local time) for one area; kept up to date on ingest."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=5, choices=Period.choices)
    start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)
    total = models.FloatField(default=0)
    minimum = models.FloatField(null=True)
    maximum = models.FloatField(null=True)
    last_value = models.FloatField(null=True)
    last_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "start"], name="one_rollup_per_bucket"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.area_id} {self.period} {self.start:%Y-%m-%d %H:%M}"

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None


class Station(models.Model):
    """A monitoring station (air quality…): where it is, for the map, and which area
    its observations count for."""

    code = models.SlugField(_("mã trạm"), max_length=60, unique=True)
    name = models.CharField(_("tên trạm"), max_length=200)
    area = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    latitude = models.FloatField(_("vĩ độ"))
    longitude = models.FloatField(_("kinh độ"))
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("trạm quan trắc")
        verbose_name_plural = _("trạm quan trắc")

    def __str__(self) -> str:
        return self.name


class DataSource(KeyHolder):
    """An agency, system or station network that sends observations with its own key."""

    KEY_AUDIT_ACTION = "ioc.key_issued"

    name = models.CharField(_("tên nguồn dữ liệu"), max_length=150, unique=True)
    owner = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="sources", verbose_name=_("được gửi chỉ số")
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("nguồn dữ liệu")
        verbose_name_plural = _("nguồn dữ liệu")

    def __str__(self) -> str:
        return self.name


class PullSource(models.Model):
    """A REST/JSON or CSV address read on a schedule (`manage.py pull_sources`), its
    fields mapped onto observations. Failures are recorded and reported, never skipped."""

    FORMATS = [("json", "JSON"), ("csv", "CSV")]

    name = models.CharField(_("tên"), max_length=150, unique=True)
    # Either an address read directly, or a service of another member on the
    # data-exchange axis (read as EXCHANGE_IOC_SUBSYSTEM, logged there): a sector
    # database shares its data through the axis, not through a link of its own.
    url = models.URLField(_("địa chỉ"), max_length=500, blank=True)
    axis_service = models.CharField(
        _("dịch vụ trên trục liên thông"),
        max_length=400,
        blank=True,
        help_text=_("INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE; thay cho địa chỉ."),
    )
    axis_path = models.CharField(_("đường dẫn trong dịch vụ"), max_length=500, blank=True)
    format = models.CharField(_("định dạng"), max_length=4, choices=FORMATS, default="json")
    # {"items": "data.rows", "indicator": "=pm25" or a field, "area": field,
    #  "time": field, "value": field}; "=text" is a constant.
    mapping = models.JSONField(_("ánh xạ trường"), default=dict)
    headers = models.JSONField(_("tiêu đề HTTP (vd. Authorization)"), default=dict, blank=True)
    every_minutes = models.PositiveIntegerField(_("mỗi (phút)"), default=60)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_ok_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("nguồn kéo định kỳ")
        verbose_name_plural = _("nguồn kéo định kỳ")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(url="") | ~models.Q(axis_service=""),
                name="pull_source_has_an_address",
                violation_error_message=_("Cần địa chỉ hoặc dịch vụ trên trục liên thông."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class NgsiEntity(models.Model):
    """An NGSI-LD entity as last written (normalised form). AirQualityObserved
    entities also become observations of the matching indicators."""

    entity_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100, db_index=True)
    attributes = models.JSONField(default=dict)
    area = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, null=True, related_name="+")
    # The data source that created it; every source may read it, only the owner and
    # the sources an administrator lists in ``writers`` may change or delete it.
    owner = models.ForeignKey(
        "DataSource",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nguồn tạo ra"),
    )
    writers: models.ManyToManyField[DataSource, Any] = models.ManyToManyField(
        "DataSource", blank=True, related_name="+", verbose_name=_("nguồn khác được ghi")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.entity_id

    def writable_by(self, source: Any) -> bool:
        if self.owner_id is None or source is None or self.owner_id == source.pk:
            return True
        return self.writers.filter(pk=source.pk).exists()


class NgsiSubscription(models.Model):
    """Notify an HTTP endpoint when matching entities change (NGSI-LD subscriptions)."""

    subscription_id = models.CharField(max_length=255, unique=True)
    entity_type = models.CharField(max_length=100)
    watched_attributes = models.JSONField(default=list, blank=True)
    q = models.CharField(max_length=500, blank=True)
    endpoint = models.URLField(max_length=500)
    source = models.ForeignKey("DataSource", on_delete=models.CASCADE, related_name="+")
    is_active = models.BooleanField(default=True)
    last_notification_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.subscription_id


class Forecast(models.Model):
    """The latest forecast of a monthly indicator for an area, with its back-test."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="forecasts")
    area = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now=True)
    method = models.CharField(max_length=30)
    # [{"start": iso, "mean", "lo80", "hi80", "lo95", "hi95"}]
    points = models.JSONField(default=list)
    # {"AutoETS": {"mape": .., "mase": ..}, "AutoARIMA": {...}, "SeasonalNaive": {...}}
    backtest = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area"], name="one_forecast_per_series")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.area_id} {self.method}"

    @property
    def chosen(self) -> dict[str, float]:
        return self.backtest.get(self.method, {})  # type: ignore[no-any-return]

    @property
    def baseline(self) -> dict[str, float]:
        return self.backtest.get("SeasonalNaive", {})  # type: ignore[no-any-return]

    @property
    def worth_trusting(self) -> bool:
        """Better than "same month last year" in the back-test."""
        return bool(self.chosen and self.baseline and self.chosen["mase"] < self.baseline["mase"])


class IngestProblem(models.Model):
    """A message or pull that could not be taken in, kept so nothing fails silently."""

    connector = models.CharField(max_length=40)  # mqtt, pull:<name>, ngsi-ld…
    detail = models.CharField(max_length=500)
    payload = models.TextField(blank=True)  # the first few kilobytes, for diagnosis
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.connector}: {self.detail}"


class AlertRule(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("loại"), max_length=10, choices=RuleKind.choices)
    # Empty: every area the indicator is reported for.
    area = models.ForeignKey(
        AdminUnit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    change_percent = models.FloatField(_("% thay đổi so với kỳ trước"), null=True, blank=True)
    missing_minutes = models.PositiveIntegerField(_("im lặng quá (phút)"), null=True, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("quy tắc cảnh báo")
        verbose_name_plural = _("quy tắc cảnh báo")

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.get_kind_display()}"


class Alert(models.Model):
    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="alerts")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="alerts")
    area = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=10, choices=Level.choices)
    status = models.CharField(
        max_length=15, choices=AlertStatus.choices, default=AlertStatus.OPEN, db_index=True
    )
    message = models.CharField(max_length=300)
    value = models.FloatField(null=True)
    observed_at = models.DateTimeField(null=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True)
    resolve_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            # An alert does not repeat while it stays open.
            models.UniqueConstraint(
                fields=["rule", "area"],
                condition=Q(status__in=["open", "acknowledged"]),
                name="one_open_alert_per_rule_and_area",
            )
        ]

    def __str__(self) -> str:
        return self.message
