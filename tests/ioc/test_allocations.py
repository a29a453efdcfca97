"""Allocation budgets of the operations centre's hot paths (tests/allocations.py)."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.allocations import peak_bytes, per_row
from tests.conftest import grant, make_user, official_client
from tinhso.accounts.choices import Role
from tinhso.core.models import AdminUnit
from tinhso.ioc import mqtt
from tinhso.ioc.ingest import ingest
from tinhso.ioc.models import Observation, Station

# Each call sends readings older than the last, so no two calls send the same moment.
minutes = itertools.count(0, 1000)


def readings(count: int) -> list[dict]:
    start = timezone.localtime().replace(second=0, microsecond=0)
    first = next(minutes)
    return [
        {
            "indicator": "pm25",
            "area": "01001",
            "time": (start - dt.timedelta(minutes=first + n)).isoformat(),
            "value": 10 + n % 30,
        }
        for n in range(count)
    ]


def test_the_push_api_per_observation(source):
    """Memory held per observation, measured when set: 2.0 KB on PostgreSQL, 3.1 KB on
    SQLite (the JSON text, the parsed rows, the checked rows, the statement's
    parameters)."""

    def push(count: int) -> None:
        response = Client().post(
            "/api/v1/ioc/observations",
            {"observations": readings(count)},
            content_type="application/json",
            HTTP_X_API_KEY=source.key,
        )
        assert response.json()["created"] == count

    assert (
        per_row(push, few=50, more=550) < {"postgresql": 3_000, "sqlite": 4_700}[connection.vendor]
    )


def test_the_mqtt_worker_per_message(pm25, places):
    """Memory held per message, measured when set: 1.4 KB on PostgreSQL, 2.5 KB on
    SQLite (the payload, the parsed reading, the checked row)."""
    Station.objects.create(
        code="qt-an", name="Trạm An", area=AdminUnit.objects.get(code="01001"), latitude=1,
        longitude=1,
    )  # fmt: skip

    def take(count: int) -> None:
        messages = [
            (
                "tinhso/stations/qt-an/observations",
                json.dumps({"station": "qt-an", "time": r["time"], "pm25": r["value"]}).encode(),
            )
            for r in readings(count)
        ]
        mqtt.take(messages)

    before = Observation.objects.count()
    assert (
        per_row(take, few=50, more=550) < {"postgresql": 2_100, "sqlite": 3_800}[connection.vendor]
    )
    assert Observation.objects.count() - before == 50 + 50 + 550  # each message stored


@pytest.mark.parametrize("observations", [2_000])
def test_the_board_does_not_grow_with_the_observations_it_sums(pm25, places, observations):
    """The board reads roll-ups and the latest value, never the raw rows: 2,000 more
    observations add almost nothing to what it allocates (measured: no growth when set;
    loading the rows would add hundreds of KB)."""
    viewer = grant(make_user("+84901000932", "Lãnh Đạo"), places["ubnd"], Role.IOC_VIEWER)
    client = official_client(viewer)

    def board() -> None:
        assert client.get("/console/ioc/").status_code == 200

    ingest(readings(10), source_name="t")
    board()
    small = peak_bytes(board)
    ingest(readings(observations), source_name="t")
    board()
    large = peak_bytes(board)
    assert large - small < 40_000, (small, large)
