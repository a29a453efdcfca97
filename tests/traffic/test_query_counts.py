"""The officers' lists cost the same queries for 2 violations or cameras as for 8."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from tests.conftest import official_client
from tests.queries import assert_constant_queries
from tests.traffic.test_violations import officer  # noqa: F401
from tinhso.traffic import actions
from tinhso.traffic.models import Camera

numbers = itertools.count(1)


def add_violations(places):
    camera = Camera.objects.create(
        code="nga-tu-q", name="Ngã tư Q", area=places["ward"], latitude=11.3, longitude=106.1
    )

    def add(count: int) -> None:
        for _ in range(count):
            n = next(numbers)
            actions.do_record_event(
                camera,
                event_id=f"q-{n}",
                kind="red_light",
                plate_read=f"51F-{100 + n}.45",
                occurred_at=timezone.now() - dt.timedelta(minutes=n),
                confidence=0.9,
            )

    return add


def add_cameras(places):
    def add(count: int) -> None:
        for _ in range(count):
            n = next(numbers)
            Camera.objects.create(
                code=f"cam-{n}", name=f"Camera {n}", area=places["ward"], latitude=11, longitude=106
            )

    return add


@pytest.mark.parametrize("url", ["/console/traffic/", "/console/traffic/?status=detected"])
def test_the_review_queue(url, places, officer):  # noqa: F811
    desk = official_client(officer)
    assert_constant_queries(lambda: desk.get(url), add_violations(places))


def test_the_camera_list(places, officer):  # noqa: F811
    desk = official_client(officer)
    assert_constant_queries(lambda: desk.get("/console/traffic/cameras/"), add_cameras(places))
