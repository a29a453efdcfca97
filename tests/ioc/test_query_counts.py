"""The operations centre's lists cost the same queries for 2 indicators or alerts as for 8."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import grant, make_user, official_client
from tests.ioc.conftest import air_indicator
from tests.queries import assert_constant_queries
from tinhso.accounts.choices import Role
from tinhso.core.models import AdminUnit
from tinhso.ioc.choices import Level
from tinhso.ioc.ingest import ingest
from tinhso.ioc.models import Alert, AlertRule

numbers = itertools.count(1)


@pytest.fixture
def viewer(places):
    return grant(make_user("+84901000931", "Lãnh Đạo Tỉnh"), places["ubnd"], Role.IOC_VIEWER)


def add_indicators(source=None):
    """Indicators with a reading each (and given to the source, if one is named)."""

    def add(count: int) -> None:
        for _ in range(count):
            n = next(numbers)
            indicator = air_indicator(f"chi-so-{n}", f"Chỉ số {n}", warning=50, critical=100)
            if source is not None:
                source.indicators.add(indicator)
            at = timezone.localtime().isoformat()
            ingest(
                [{"indicator": indicator.code, "area": "01001", "time": at, "value": n}],
                source_name="t",
            )

    return add


def add_alerts(count: int) -> None:
    area = AdminUnit.objects.get(code="01001")
    for _ in range(count):
        n = next(numbers)
        indicator = air_indicator(f"canh-bao-{n}", f"Chỉ số cảnh báo {n}")
        rule = AlertRule.objects.create(indicator=indicator)
        Alert.objects.create(
            rule=rule,
            indicator=indicator,
            area=area,
            level=Level.WARNING,
            message=f"Vượt ngưỡng {n}",
            value=n,
            observed_at=timezone.now(),
        )


def test_the_board(places, viewer):
    client = official_client(viewer)
    assert_constant_queries(lambda: client.get("/console/ioc/"), add_indicators())


def test_the_alert_list(places, viewer):
    client = official_client(viewer)
    assert_constant_queries(lambda: client.get("/console/ioc/alerts/"), add_alerts)


def test_a_sources_indicator_list(source):
    client = Client(HTTP_X_API_KEY=source.key)
    assert_constant_queries(lambda: client.get("/api/v1/ioc/indicators"), add_indicators(source))


def add_communes(indicator):
    """Communes, each with a reading of the commune-level indicator on the board's map."""
    province = AdminUnit.objects.get(code="01")

    def add(count: int) -> None:
        for _ in range(count):
            n = next(numbers)
            commune = AdminUnit.objects.create(
                code=f"9{n:04d}", name=f"Xã Mới {n}", kind="commune", parent=province
            )
            at = timezone.localtime().isoformat()
            ingest(
                [{"indicator": indicator.code, "area": commune.code, "time": at, "value": n}],
                source_name="t",
            )

    return add


def test_the_board_map_of_communes(places, viewer):
    indicator = air_indicator("sot-xuat-huyet", "Ca sốt xuất huyết", level="commune")
    client = official_client(viewer)
    url = f"/console/ioc/?map={indicator.code}"
    assert_constant_queries(lambda: client.get(url), add_communes(indicator))


def test_an_mqtt_batch_costs_the_same_queries_for_ten_messages_as_for_a_hundred(pm25, places):
    """The worker's batch: stations looked up once, one statement for the new rows."""
    import datetime as dt
    import json

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tinhso.ioc import mqtt
    from tinhso.ioc.models import Observation, Station

    Station.objects.create(
        code="qt-an", name="Trạm An", area=AdminUnit.objects.get(code="01001"), latitude=1,
        longitude=1,
    )  # fmt: skip
    now = timezone.now().replace(second=0, microsecond=0)

    def messages(count, first_minute):
        return [
            (
                "tinhso/stations/qt-an/observations",
                json.dumps(
                    {
                        "station": "qt-an",
                        "time": (now - dt.timedelta(minutes=first_minute + i)).isoformat(),
                        "pm25": 10 + i % 30,
                    }
                ).encode(),
            )
            for i in range(count)
        ]

    # Each batch newer than the last, so the alert rules look at both alike.
    with CaptureQueriesContext(connection) as ten:
        mqtt.take(messages(10, 200))
    with CaptureQueriesContext(connection) as hundred:
        mqtt.take(messages(100, 0))
    assert Observation.objects.count() == 110
    assert len(hundred) == len(ten), [q["sql"][:80] for q in hundred.captured_queries]
