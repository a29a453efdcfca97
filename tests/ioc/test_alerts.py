"""Alert rules and the alert lifecycle."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import grant, make_user
from tinhso.accounts.choices import Role
from tinhso.ioc import actions, alerts
from tinhso.ioc.choices import AlertStatus, RuleKind
from tinhso.ioc.ingest import ingest
from tinhso.ioc.models import Alert, AlertRule


def send(value, minutes_ago=0, area="01001", indicator="pm25"):
    at = timezone.localtime() - dt.timedelta(minutes=minutes_ago)
    return ingest(
        [{"indicator": indicator, "area": area, "time": at.isoformat(), "value": value}],
        source_name="test",
    )


@pytest.fixture
def viewer(places):
    return grant(make_user("+84901000901", "Người Theo Dõi"), places["ubnd"], Role.IOC_VIEWER)


def test_a_threshold_alert_opens_once_rises_to_critical_and_settles(pm25, viewer):
    send(30, 10)
    assert not Alert.objects.exists()
    send(60, 9)
    alert = Alert.objects.get()
    assert alert.level == "warning" and "60" in alert.message and "Phường An" in alert.message
    assert viewer.notifications.filter(template="ioc_alert").count() == 1
    send(70, 8)
    send(120, 7)
    alert.refresh_from_db()
    assert Alert.objects.count() == 1 and alert.level == "critical" and alert.value == 120
    assert viewer.notifications.filter(template="ioc_alert").count() == 1  # no repeat
    send(20, 6)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED and "bình thường" in alert.resolve_note
    send(80, 5)
    assert Alert.objects.filter(status=AlertStatus.OPEN).count() == 1  # a new episode


def test_old_backfilled_values_raise_nothing(pm25):
    send(10, 0)
    send(500, 60)  # an hour ago, arriving late
    assert not Alert.objects.exists()


def test_change_rule(revenue, places):
    rule = AlertRule.objects.create(indicator=revenue, kind=RuleKind.CHANGE, change_percent=30)
    send(100, 60 * 24 * 40, area="01", indicator="thu-ngan-sach")
    send(110, 60 * 24 * 10, area="01", indicator="thu-ngan-sach")
    assert not Alert.objects.exists()
    send(50, 0, area="01", indicator="thu-ngan-sach")
    alert = Alert.objects.get(rule=rule)
    assert alert.level == "warning" and "-54,55%" in alert.message  # critical from -60 %


def test_missing_data_rule(pm25):
    AlertRule.objects.create(indicator=pm25, kind=RuleKind.MISSING, missing_minutes=15)
    send(10, 30)
    call_command("check_ioc_alerts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    alert = Alert.objects.get(rule__kind=RuleKind.MISSING)
    assert "30 phút" in alert.message
    assert alerts.check_missing() == 0  # still open: not opened again
    send(10, 0)
    alerts.check_missing()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED


def test_acknowledge_and_resolve_with_who_and_when(pm25, viewer, outsider):
    send(150)
    alert = Alert.objects.get()
    with pytest.raises(PermissionDenied):
        actions.do_acknowledge(alert, acting_user=outsider)
    alert = actions.do_acknowledge(alert, acting_user=viewer)
    assert alert.status == AlertStatus.ACKNOWLEDGED and alert.acknowledged_by == viewer
    send(160)
    assert Alert.objects.count() == 1  # acknowledged still counts as open
    alert = actions.do_resolve(alert, acting_user=viewer, note="Đã cử đội kiểm tra nguồn thải")
    assert alert.status == AlertStatus.RESOLVED and alert.resolved_by == viewer
    assert alert.resolved_at is not None
