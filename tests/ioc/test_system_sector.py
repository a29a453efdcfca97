"""The IOC's "Hệ thống" sector: workers alive or silent and the task queue, on the
board and under alert rules, so that a dead worker is seen and someone is told."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import grant, make_user, official_client
from tinhso.accounts.choices import Role
from tinhso.core import derived
from tinhso.core.models import WorkerHeartbeat
from tinhso.ioc.choices import Aggregation, AlertStatus, Direction, Frequency, RuleKind, Sector
from tinhso.ioc.models import Alert, AlertRule, Indicator


def system_indicator(code, key, **extra):
    values = dict(
        name=code,
        name_en=code,
        sector=Sector.SYSTEM,
        frequency=Frequency.MINUTE,
        time_aggregation=Aggregation.LAST,
        area_aggregation=Aggregation.SUM,
        level="province",
        direction=Direction.LOWER_BETTER,
        derived=key,
    )
    values.update(extra)
    return Indicator.objects.create(code=code, **values)


@pytest.fixture
def silent(places):
    indicator = system_indicator(
        "tien-trinh-im-lang", "system_workers_silent", name="Tiến trình nền im lặng", critical=1
    )
    AlertRule.objects.create(indicator=indicator, kind=RuleKind.THRESHOLD)
    return indicator


def beat(name, seconds_ago):
    at = timezone.now() - dt.timedelta(seconds=seconds_ago)
    WorkerHeartbeat.objects.update_or_create(
        name=name, instance="host:1", defaults={"beat_at": at, "started_at": at}
    )


def check_alerts():
    call_command("check_ioc_alerts", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_a_silent_worker_turns_the_board_red_and_tells_the_admins(places, silent):
    admin = grant(make_user("+84901000931", "Quản Trị"), places["ubnd"], Role.SYSTEM_ADMIN)
    viewer = grant(make_user("+84901000932", "Lãnh Đạo"), places["ubnd"], Role.IOC_VIEWER)
    beat("task_worker", 5)
    beat("mqtt_ingest", 10)
    check_alerts()
    assert not Alert.objects.exists()

    beat("task_worker", 600)  # ten minutes without a beat
    check_alerts()
    alert = Alert.objects.get()
    assert alert.level == "critical" and alert.area == places["province"]
    assert "Tiến trình nền im lặng" in alert.message and alert.value == 1
    for person in (admin, viewer):
        assert person.notifications.filter(template="ioc_alert").count() == 1
    check_alerts()
    assert Alert.objects.count() == 1  # still the same alert, not a new one each minute

    page = official_client(viewer).get("/console/ioc/?sector=system").content.decode()
    assert "Tiến trình nền im lặng" in page and "kpi-critical" in page

    beat("task_worker", 1)  # restarted
    check_alerts()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED


def test_the_queue_figures_count_what_waits_and_for_how_long(places):
    now = timezone.now()
    province, commune = places["province"], places["commune"]
    for minutes_ago in (30, 2):
        task = DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="tinhso.core.tasks.nothing",
            backend_name="default",
            run_after=now - dt.timedelta(minutes=minutes_ago),
        )
        DBTaskResult.objects.filter(pk=task.pk).update(
            enqueued_at=now - dt.timedelta(minutes=minutes_ago)
        )
    DBTaskResult.objects.create(  # not due yet: not waiting
        args_kwargs={}, task_path="x", backend_name="default", run_after=now + dt.timedelta(hours=1)
    )
    DBTaskResult.objects.create(
        args_kwargs={},
        task_path="x",
        backend_name="default",
        run_after=now,
        status="FAILED",
        finished_at=now - dt.timedelta(minutes=1),
    )
    month = now - dt.timedelta(days=30)
    assert derived.value("system_tasks_waiting", province, month, now) == 2
    assert 29.9 <= derived.value("system_oldest_task_minutes", province, month, now) <= 30.5
    assert derived.value("system_tasks_failed", province, month, now) == 1
    # Figures of the installation, not of a commune; and no history to invent.
    assert derived.value("system_tasks_waiting", commune, month, now) is None
    last_year = now - dt.timedelta(days=365)
    assert derived.value("system_tasks_waiting", province, last_year, month) is None


def test_no_worker_at_all_is_critical_too(places):
    """A worker stopped cleanly removes its heartbeat: it is not "silent", it is gone.
    With none running the queue is not served, and that must not look normal."""
    running = system_indicator(
        "tien-trinh-chay", "system_workers_alive", critical=0, direction="higher_better"
    )
    AlertRule.objects.create(indicator=running, kind=RuleKind.THRESHOLD)
    check_alerts()
    assert Alert.objects.get().level == "critical"
    beat("task_worker", 1)
    check_alerts()
    assert Alert.objects.get().status == AlertStatus.RESOLVED
