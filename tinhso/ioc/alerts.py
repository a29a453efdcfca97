"""Alert rules: threshold (warning/critical by the indicator's direction), change
against the previous value, and missing data. An alert stays one alert while it is
open or acknowledged (a database constraint): a new breach updates it, never repeats it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.choices import Role
from tinhso.accounts.staff import MAX_RECIPIENTS, staff_anywhere, staff_in
from tinhso.core import derived
from tinhso.core.audit import write_audit
from tinhso.core.choices import Channel
from tinhso.core.models import AdminUnit
from tinhso.core.notify import notify
from tinhso.core.text import format_number
from tinhso.ioc import dashboard
from tinhso.ioc.choices import SEVERITY, AlertStatus, Level, Period, RuleKind, Sector
from tinhso.ioc.models import Alert, AlertRule, Indicator, Observation
from tinhso.ioc.rollups import bucket_start

OPEN = (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED)


def _people_to_tell(indicator: Indicator) -> Any:
    people = staff_anywhere([Role.IOC_VIEWER])
    if indicator.sector == Sector.SYSTEM:  # the people who can restart a worker
        people += [p for p in staff_anywhere([Role.SYSTEM_ADMIN]) if p not in people]
    if indicator.owner is not None:
        owners = staff_in(indicator.owner, (Role.APPROVER, Role.SPECIALIST, Role.UNIT_ADMIN))
        people += [p for p in owners if p not in people]
    return people[:MAX_RECIPIENTS]


def raise_alert(
    rule: AlertRule,
    area: AdminUnit,
    level: str,
    message: str,
    value: float | None = None,
    observed_at: dt.datetime | None = None,
) -> Alert | None:
    """Open an alert, or update the open one (a worse level, the latest value)."""
    current = (
        Alert.objects.select_for_update().filter(rule=rule, area=area, status__in=OPEN).first()
    )
    if current is not None:
        if SEVERITY[level] > SEVERITY[current.level]:
            current.level, current.message = level, message
        current.value, current.observed_at = value, observed_at
        current.save(update_fields=["level", "message", "value", "observed_at"])
        return None
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                rule=rule,
                indicator=rule.indicator,
                area=area,
                level=level,
                message=message[:300],
                value=value,
                observed_at=observed_at,
            )
    except IntegrityError:  # another process opened it a moment ago
        return None
    write_audit("ioc.alert_opened", actor=None, obj=alert, data={"level": level})
    for person in _people_to_tell(rule.indicator):
        notify(
            person,
            "ioc_alert",
            {"alert": alert},
            channels=[Channel.INBOX],
            link=reverse("ioc:alert", args=[alert.pk]),
        )
    return alert


def settle(rule: AlertRule, area: AdminUnit, note: str) -> None:
    """Back to normal: the open alert resolves itself, saying so."""
    with transaction.atomic():
        for alert in Alert.objects.select_for_update().filter(
            rule=rule, area=area, status__in=OPEN
        ):
            alert.status, alert.resolved_at = AlertStatus.RESOLVED, timezone.now()
            alert.resolve_note = note[:500]
            alert.save(update_fields=["status", "resolved_at", "resolve_note"])
            write_audit("ioc.alert_settled", actor=None, obj=alert)


def _rules(indicator_ids: set[int]) -> dict[int, list[AlertRule]]:
    rules: dict[int, list[AlertRule]] = {}
    for rule in AlertRule.objects.filter(
        indicator_id__in=indicator_ids,
        is_active=True,
        kind__in=(RuleKind.THRESHOLD, RuleKind.CHANGE),
    ).select_related("indicator", "indicator__owner"):
        rules.setdefault(rule.indicator_id, []).append(rule)
    return rules


def evaluate(observations: Iterable[Observation]) -> None:
    """Threshold and change rules on the newest stored value of each indicator and area
    (a back-filled old value raises nothing)."""
    newest: dict[tuple[int, int], Observation] = {}
    for o in observations:
        key = (o.indicator_id, o.area_id)
        if key not in newest or o.at > newest[key].at:
            newest[key] = o
    rules = _rules({k[0] for k in newest})
    if not rules:
        return
    for (indicator_id, area_id), obs in newest.items():
        applicable = [r for r in rules.get(indicator_id, []) if r.area_id in (None, area_id)]
        if not applicable:
            continue
        later = Observation.objects.filter(
            indicator_id=indicator_id, area_id=area_id, at__gt=obs.at
        ).exists()
        if later:
            continue
        for rule in applicable:
            _check(rule, obs)


def _check(rule: AlertRule, obs: Observation) -> None:
    indicator, area = rule.indicator, obs.area
    if rule.kind == RuleKind.THRESHOLD:
        _check_threshold(rule, area, obs.value, indicator.level_of(obs.value), obs.at)
        return
    previous = (
        Observation.objects.filter(indicator=indicator, area=area, at__lt=obs.at)
        .order_by("-at")
        .values_list("value", flat=True)
        .first()
    )
    if previous is None or previous == 0 or rule.change_percent is None:
        return
    change = (obs.value - previous) / abs(previous) * 100
    if abs(change) < rule.change_percent:
        settle(rule, area, _("Thay đổi trong giới hạn: %(c)s%%") % {"c": format_number(change)})
        return
    level = Level.CRITICAL if abs(change) >= 2 * rule.change_percent else Level.WARNING
    raise_alert(
        rule,
        area,
        level,
        _("%(name)s tại %(area)s thay đổi %(c)s%% so với kỳ trước")
        % {"name": indicator.name, "area": area.name, "c": format_number(change)},
        obs.value,
        obs.at,
    )


def _check_threshold(
    rule: AlertRule, area: AdminUnit, value: float, level: str, at: dt.datetime
) -> Alert | None:
    """Open (or worsen) the rule's alert for a value past a threshold, settle it for
    one back within; the alert when one was opened."""
    indicator = rule.indicator
    if level == Level.OK:
        settle(rule, area, _("Trở lại bình thường: %(v)s") % {"v": format_number(value)})
        return None
    limit = indicator.critical if level == Level.CRITICAL else indicator.warning
    return raise_alert(
        rule,
        area,
        level,
        _("%(name)s tại %(area)s: %(v)s %(unit)s (ngưỡng %(limit)s)")
        % {
            "name": indicator.name,
            "area": area.name,
            "v": format_number(value),
            "unit": indicator.unit,
            "limit": format_number(limit or 0),
        },
        value,
        at,
    )


@transaction.atomic
def check_derived(now: dt.datetime | None = None) -> int:
    """Threshold rules on derived indicators (figures computed from the platform's
    tables, which no ingest passes through): the value now, for the rule's area or, for
    a rule without one, each top-level area. Run every minute with check_missing.
    Returns the alerts opened."""
    now = now or timezone.now()
    opened = 0
    tops = list(AdminUnit.objects.filter(parent=None, is_active=True))
    for rule in (
        AlertRule.objects.filter(kind=RuleKind.THRESHOLD, is_active=True, indicator__is_active=True)
        .exclude(indicator__derived="")
        .select_related("indicator", "area")
    ):
        for area in [rule.area] if rule.area else tops:
            since = bucket_start(now, Period.MONTH)
            value = derived.value(rule.indicator.derived, area, since, now)
            if value is None:
                continue
            level = dashboard.level_at(rule.indicator, area, value)
            opened += _check_threshold(rule, area, value, level, now) is not None
    return opened


@transaction.atomic
def check_missing(now: dt.datetime | None = None) -> int:
    """Missing-data rules: an area silent for longer than the rule allows. Run every
    minute (`manage.py check_ioc_alerts`). Returns the alerts opened."""
    now = now or timezone.now()
    opened = 0
    for rule in AlertRule.objects.filter(kind=RuleKind.MISSING, is_active=True).select_related(
        "indicator", "indicator__owner"
    ):
        latest = Observation.objects.filter(indicator=rule.indicator)
        if rule.area_id:
            latest = latest.filter(area_id=rule.area_id)
        limit = dt.timedelta(minutes=rule.missing_minutes or 60)
        for area_id, last_at in (
            latest.values("area").annotate(last=Max("at")).values_list("area", "last")
        ):
            area = AdminUnit.objects.get(pk=area_id)
            if now - last_at > limit:
                minutes = int((now - last_at).total_seconds() // 60)
                opened += bool(
                    raise_alert(
                        rule,
                        area,
                        Level.WARNING,
                        _("%(name)s tại %(area)s: không có dữ liệu %(m)d phút")
                        % {"name": rule.indicator.name, "area": area.name, "m": minutes},
                        observed_at=last_at,
                    )
                )
            else:
                settle(rule, area, _("Đã có dữ liệu trở lại"))
    return opened
