"""The exact requests that returned 500 in the outside probe (issue 11, findings 11, 12
and 15); the corpus in test_bad_input.py covers their class."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import official_client


@pytest.mark.parametrize(
    "url",
    [
        "/reports/?since=0001-01-01",
        "/reports/?until=9999-12-31",
        "/reports/map.json?bbox=105,10,107,12&until=9999-12-31",
        "/open311/v2/requests.json?service_request_id=%C2%B2",
        "/open311/v2/requests/%C2%B2.json",
        "/open311/v2/requests/%C2%B2.xml",
        "/open311/v2/requests.json?start_date=9999-12-31",
        "/open311/v2/requests.json?end_date=0001-01-01",
        "/open311/v2/requests.json?page=1000000000000000000",
        "/open311/v2/servicerequestupdates.json?page=1000000000000000000",
        "/open311/v2/servicerequestupdates.json?start_date=9999",
        "/ngsi-ld/v1/entities?type=T",  # anonymous: refused, not a crash
    ],
)
def test_anonymous_requests_that_returned_500(places, url):
    response = Client(raise_request_exception=False).get(url)
    assert 200 <= response.status_code < 500, (url, response.status_code)


@pytest.fixture
def source(places):
    from tests.ioc.conftest import air_indicator
    from tinhso.core.apikeys import new_key
    from tinhso.ioc.models import DataSource

    key, prefix, digest = new_key()
    data_source = DataSource.objects.create(name="Trạm", key_prefix=prefix, key_hash=digest)
    data_source.indicators.add(air_indicator("pm25", "PM2.5", valid_min=0, valid_max=1000))
    data_source.key = key
    return data_source


def push(source, rows, content_type="application/json"):
    body = json.dumps({"observations": rows}) if content_type == "application/json" else rows
    return Client(raise_request_exception=False).post(
        "/api/v1/ioc/observations", body, content_type=content_type, HTTP_X_API_KEY=source.key
    )


def row(**changes):
    return {
        "indicator": "pm25",
        "area": "01001",
        "time": timezone.localtime().replace(second=0, microsecond=0).isoformat(),
        "value": 12,
        **changes,
    }


def test_ioc_times_values_and_codes_that_returned_500(source):
    from tinhso.ioc.models import Observation

    cases = [
        row(time="0001-01-01T00:00:00"),
        row(time="9999-12-31T23:59:59+07:00"),
        row(time="2026-02-30T10:00:00"),
        row(value=1.7e308),  # finding 15: the roll-up became inf
        row(value=-5),  # below the indicator's plausible range
        row(value=1001),
        row(indicator="\ud800"),
    ]
    for case in cases:
        response = push(source, [case])
        assert response.status_code in (200, 400, 422), (case, response.status_code)
        if response.status_code == 200:
            assert response.json()["errors"], case
    refused = push(source, [row(value=1.7e308)]).json()["errors"][0]["message"]
    assert "ngoài khoảng hợp lý" in refused
    csv = "indicator,area,time,value\npm25,01001,0001-01-01T00:00:00,5\n"
    response = push(source, csv, content_type="text/csv")
    assert response.status_code in (200, 400) and Observation.objects.count() == 0
    assert push(source, [row(value=999)]).json()["created"] == 1


def test_ngsi_ld_bodies_and_times_that_returned_500(source):
    client = Client(raise_request_exception=False, HTTP_X_API_KEY=source.key)
    deep = client.post("/ngsi-ld/v1/entities", "[" * 100_000, content_type="application/ld+json")
    assert deep.status_code == 400
    nan = '{"id": "urn:ngsi-ld:T:1", "type": "T", "v": {"type": "Property", "value": NaN}}'
    assert (
        client.post("/ngsi-ld/v1/entities", nan, content_type="application/json").status_code == 400
    )
    year_one = {
        "id": "urn:ngsi-ld:AirQualityObserved:x",
        "type": "AirQualityObserved",
        "pm25": {"type": "Property", "value": 5, "observedAt": "0001-01-01T00:00:00Z"},
        "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [106, 11]}},
    }
    response = client.post(
        "/ngsi-ld/v1/entities", json.dumps(year_one), content_type="application/json"
    )
    assert response.status_code < 500
    for value in ("2026-13-45", "2026-02-30", "0001-01-01", "9999-12-31T00:00:00Z"):
        response = client.get(
            f"/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:AirQualityObserved:x"
            f"?timerel=after&timeAt={value}"
        )
        assert response.status_code in (400, 404), (value, response.status_code)


def test_camera_times_that_returned_500(places):
    from tests.traffic.test_events_api import camera_key as _unused  # noqa: F401
    from tests.traffic.test_events_api import send
    from tinhso.core.apikeys import do_issue_key
    from tinhso.traffic.models import Camera, Violation

    camera = Camera.objects.create(
        code="c", name="C", area=places["ward"], latitude=11.3, longitude=106.1
    )
    key = do_issue_key(camera)
    for value in ("khong-phai-ngay", "0001-01-01T00:00:00+07:00", "2026-02-30T10:00:00+07:00"):
        response = send(key, event_id=f"e-{value}", occurred_at=value)
        assert response.status_code == 400, (value, response.status_code)
    assert not Violation.objects.exists()


def test_open311_update_with_a_unicode_digit_id(places):
    from tinhso.core.apikeys import do_issue_key
    from tinhso.reports.models import ApiClient

    key = do_issue_key(ApiClient.objects.create(name="Đối tác", key_hash="x"))
    response = Client(raise_request_exception=False).post(
        "/open311/v2/servicerequestupdates.json",
        {"api_key": key, "service_request_id": "²", "description": "x"},
    )
    assert response.status_code == 404


def test_the_monthly_report_of_year_one(province_admin):
    response = official_client(province_admin).get("/console/ioc/report/0001-01.pdf")
    assert response.status_code == 404


def test_an_indicator_value_outside_its_range_is_refused_with_the_reason(db):
    from tests.ioc.conftest import air_indicator

    indicator = air_indicator("no2", "NO2", valid_min=0, valid_max=2000)
    assert indicator.refuses(-1) and indicator.refuses(2001) and not indicator.refuses(40)
    assert "ngoài khoảng hợp lý" in indicator.refuses(1e16)


@pytest.mark.parametrize(
    "path",
    [
        "/ngsi-ld/v1/entities/%00",
        "/ngsi-ld/v1/subscriptions/%00",
        "/services/p/A%01B/",
        "/traffic/lookup/%00/",
    ],
)
def test_a_control_character_in_the_path_is_refused_at_the_door(places, path):
    """Found by the corpus on PostgreSQL, which refuses NUL in any text it compares."""
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code in (400, 404)
