"""The NGSI-LD subset: requests as an NGSI-LD client sends them, ProblemDetails errors,
AirQualityObserved becoming observations, subscriptions notifying a real HTTP endpoint."""

import datetime as dt
import http.server
import json
import threading

import pytest
from django.test import Client
from django.utils import timezone

from tests.ioc.conftest import air_indicator
from tinhso.core.models import AdminUnit
from tinhso.ioc.models import Alert, NgsiEntity, Observation, Station

BASE = "/ngsi-ld/v1"
pytestmark = pytest.mark.django_db(transaction=True)  # notifications go out after commit


@pytest.fixture
def api(source, places):
    no2 = air_indicator("no2", "NO2")
    source.indicators.add(no2)
    Station.objects.create(
        code="qt-an",
        name="Trạm An",
        area=AdminUnit.objects.get(code="01001"),
        latitude=1,
        longitude=1,
    )
    client = Client(HTTP_X_API_KEY=source.key)
    client.source = source
    return client


def aq(entity_id="urn:ngsi-ld:AirQualityObserved:qt-an", pm25=20.5, no2=31, minutes_ago=0, **extra):
    at = (timezone.now() - dt.timedelta(minutes=minutes_ago)).isoformat()
    return {
        "id": entity_id,
        "type": "AirQualityObserved",
        "dateObserved": {"type": "Property", "value": at},
        "pm25": {"type": "Property", "value": pm25, "unitCode": "GQ", "observedAt": at},
        "no2": {"type": "Property", "value": no2, "unitCode": "GQ", "observedAt": at},
        "@context": "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld",
        **extra,
    }


def post(client, path, body):
    return client.post(BASE + path, json.dumps(body), content_type="application/ld+json")


def test_create_retrieve_and_the_observations_it_makes(api):
    response = post(api, "/entities", aq())
    assert response.status_code == 201
    assert response["Location"] == f"{BASE}/entities/urn:ngsi-ld:AirQualityObserved:qt-an"
    got = api.get(BASE + "/entities/urn:ngsi-ld:AirQualityObserved:qt-an").json()
    assert got["type"] == "AirQualityObserved" and got["pm25"]["value"] == 20.5
    assert "@context" not in got
    simple = api.get(
        BASE + "/entities/urn:ngsi-ld:AirQualityObserved:qt-an?options=keyValues&attrs=no2"
    )
    assert simple.json() == {
        "id": "urn:ngsi-ld:AirQualityObserved:qt-an",
        "type": "AirQualityObserved",
        "no2": 31,
    }
    values = dict(Observation.objects.values_list("indicator__code", "value"))
    assert values == {"pm25": 20.5, "no2": 31}
    again = post(api, "/entities", aq())
    assert again.status_code == 409 and again.json()["type"].endswith("/AlreadyExists")


def test_full_uri_attribute_names_are_read_through_the_bundled_context(api):
    entity = aq()
    entity["https://smartdatamodels.org/dataModel.Environment/pm25"] = entity.pop("pm25")
    entity["type"] = "https://smartdatamodels.org/dataModel.Environment/AirQualityObserved"
    assert post(api, "/entities", entity).status_code == 201
    assert NgsiEntity.objects.get().type == "AirQualityObserved"
    assert Observation.objects.filter(indicator__code="pm25").exists()
    assert api.get(BASE + "/jsonldContexts/core")["Content-Type"] == "application/ld+json"


@pytest.mark.parametrize(
    "change, kind, words",
    [
        ({"id": "not a uri"}, "BadRequestData", "must be a URI"),
        ({"type": "has spaces in it"}, "BadRequestData", "type must be a name"),
        ({"pm25": {"value": 3}}, "BadRequestData", "Property"),
        ({"pm25": {"type": "Property"}}, "BadRequestData", "needs a value"),
        ({"pm25": {"type": "Property", "value": "cao"}}, "BadRequestData", "không phải là số"),
        ({"id": "urn:ngsi-ld:AirQualityObserved:nowhere"}, "BadRequestData", "Cannot place"),
    ],
)
def test_bad_entities_get_problem_details_and_store_nothing(api, change, kind, words):
    response = post(api, "/entities", {**aq(), **change})
    assert response.status_code == 400
    problem = response.json()
    assert (
        problem["type"] == f"https://uri.etsi.org/ngsi-ld/errors/{kind}"
        and words in problem["detail"]
    )
    assert not NgsiEntity.objects.exists() and not Observation.objects.exists()


def test_keys_bodies_and_unknown_ids(api):
    assert Client().get(BASE + "/entities?type=AirQualityObserved").status_code == 401
    broken = api.post(BASE + "/entities", "{", content_type="application/json")
    assert broken.status_code == 400 and broken.json()["type"].endswith("/InvalidRequest")
    missing = api.get(BASE + "/entities/urn:ngsi-ld:X:1")
    assert missing.status_code == 404 and missing.json()["type"].endswith("/ResourceNotFound")
    assert api.get(BASE + "/entities").status_code == 400  # type, attrs or q is required


def test_query_by_type_attribute_and_q(api):
    post(api, "/entities", aq(pm25=20))
    post(
        api,
        "/entities",
        aq(
            "urn:ngsi-ld:AirQualityObserved:khac",
            pm25=80,
            location={
                "type": "GeoProperty",
                "value": {"type": "Point", "coordinates": [106.15, 11.3]},
            },
        ),
    )
    # The second one is placed by its location: outside the test province, so refused.
    assert NgsiEntity.objects.count() == 1
    Station.objects.create(
        code="khac",
        name="Trạm Khác",
        area=AdminUnit.objects.get(code="01004"),
        latitude=0,
        longitude=0,
    )
    post(api, "/entities", aq("urn:ngsi-ld:AirQualityObserved:khac", pm25=80))

    def ids(query):
        response = api.get(BASE + "/entities?" + query)
        assert response.status_code == 200, response.content
        return [e["id"] for e in response.json()]

    assert len(ids("type=AirQualityObserved")) == 2
    assert ids("type=AirQualityObserved&q=pm25>50") == ["urn:ngsi-ld:AirQualityObserved:khac"]
    assert ids("q=pm25<=20;no2==31") == ["urn:ngsi-ld:AirQualityObserved:qt-an"]
    assert ids("type=AirQualityObserved&limit=1&offset=1") == [
        "urn:ngsi-ld:AirQualityObserved:qt-an"
    ]
    bad = api.get(BASE + "/entities?type=AirQualityObserved&q=pm25 ~ 3")
    assert bad.status_code == 400 and "query term" in bad.json()["detail"]


def test_batch_upsert_reports_each_entity(api):
    response = post(
        api, "/entityOperations/upsert", [aq(pm25=10, minutes_ago=2), {"id": "x", "type": "T"}]
    )
    assert response.status_code == 207
    body = response.json()
    assert body["success"] == ["urn:ngsi-ld:AirQualityObserved:qt-an"]
    assert (
        body["errors"][0]["entityId"] == "x"
        and body["errors"][0]["error"]["title"] == "BadRequestData"
    )
    assert post(api, "/entityOperations/upsert", [aq(pm25=12, minutes_ago=1)]).status_code == 204
    assert NgsiEntity.objects.get().attributes["pm25"]["value"] == 12


def test_an_alert_from_ngsi_ld_like_any_station(api):
    post(api, "/entities", aq(pm25=160))
    assert Alert.objects.get().level == "critical"


def test_temporal_history(api):
    for minutes, value in ((30, 10), (20, 11), (10, 12)):
        post(api, "/entityOperations/upsert", [aq(pm25=value, minutes_ago=minutes)])
    since = (timezone.now() - dt.timedelta(minutes=25)).isoformat()
    until = timezone.now().isoformat()
    response = api.get(
        BASE + "/temporal/entities/urn:ngsi-ld:AirQualityObserved:qt-an",
        {"attrs": "pm25", "timerel": "between", "timeAt": since, "endTimeAt": until},
    )
    assert [p["value"] for p in response.json()["pm25"]] == [11, 12]
    assert "no2" not in response.json()
    bad = api.get(BASE + "/temporal/entities/urn:ngsi-ld:AirQualityObserved:qt-an?timerel=between")
    assert bad.status_code == 400


@pytest.fixture
def receiver():
    got = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            got.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/notify", got
    httpd.shutdown()


def test_subscriptions_notify_an_http_endpoint_when_q_matches(api, receiver, settings):
    url, got = receiver
    settings.NGSI_NOTIFY_HOSTS = ["127.0.0.1"]
    subscription = {
        "type": "Subscription",
        "entities": [{"type": "AirQualityObserved"}],
        "watchedAttributes": ["pm25"],
        "q": "pm25>50",
        "notification": {"endpoint": {"uri": url, "accept": "application/json"}},
    }
    response = post(api, "/subscriptions", subscription)
    assert response.status_code == 201
    location = response["Location"]
    post(api, "/entityOperations/upsert", [aq(pm25=20, minutes_ago=2)])
    assert got == []  # q does not match
    post(api, "/entityOperations/upsert", [aq(pm25=75, minutes_ago=1)])
    (notice,) = got
    assert (
        notice["type"] == "Notification" and notice["subscriptionId"] == location.rsplit("/", 1)[1]
    )
    assert notice["data"][0]["pm25"]["value"] == 75
    listed = api.get(BASE + "/subscriptions").json()
    assert listed[0]["q"] == "pm25>50"
    assert api.delete(BASE + location.removeprefix(BASE)).status_code == 204
    for bad in (
        {"type": "Subscription"},
        {**subscription, "q": "pm25 ~~ 1"},
        {**subscription, "notification": {"endpoint": {"uri": "ftp://x"}}},
    ):
        assert post(api, "/subscriptions", bad).status_code == 400


def test_subscriptions_may_notify_only_allowed_hosts(api, settings):
    settings.NGSI_NOTIFY_HOSTS = ["ngsi.binhan.gov.vn"]
    body = {
        "type": "Subscription",
        "entities": [{"type": "AirQualityObserved"}],
        "notification": {"endpoint": {"uri": "http://169.254.169.254/latest/meta-data"}},
    }
    response = post(api, "/subscriptions", body)
    assert response.status_code == 400 and "not allowed" in response.json()["detail"]


def other_source(name="Sở Giao thông"):
    from tinhso.core.apikeys import new_key
    from tinhso.ioc.models import DataSource

    key, prefix, digest = new_key()
    other = DataSource.objects.create(name=name, key_prefix=prefix, key_hash=digest)
    client = Client(HTTP_X_API_KEY=key)
    client.source = other
    return client


def test_an_entity_belongs_to_the_source_that_created_it(api):
    """Issue 11, finding 7: source B may read A's entity but not overwrite or delete it."""
    entity_id = "urn:ngsi-ld:AirQualityObserved:qt-an"
    assert post(api, "/entities", aq(pm25=20.5)).status_code == 201
    intruder = other_source()
    assert intruder.get(f"{BASE}/entities/{entity_id}").status_code == 200
    response = post(intruder, "/entityOperations/upsert", [aq(pm25=999)])
    assert response.status_code == 207
    assert response.json()["errors"][0]["error"]["title"] == "OperationNotSupported"
    assert intruder.delete(f"{BASE}/entities/{entity_id}").status_code == 403
    entity = NgsiEntity.objects.get(entity_id=entity_id)
    assert entity.attributes["pm25"]["value"] == 20.5 and entity.owner_id == api.source.pk
    # An administrator lets the other source write it (and send its indicators).
    entity.writers.add(intruder.source)
    intruder.source.indicators.set(api.source.indicators.all())
    assert post(intruder, "/entityOperations/upsert", [aq(pm25=21)]).status_code == 204
    assert intruder.delete(f"{BASE}/entities/{entity_id}").status_code == 204


def test_listing_entities_costs_the_same_for_2_or_8(api):
    from tests.queries import assert_constant_queries

    numbers = iter(range(1, 100))
    area = AdminUnit.objects.get(code="01001")

    def add(count):
        for _ in range(count):
            n = next(numbers)
            Station.objects.create(
                code=f"x-{n}", name=f"Trạm {n}", area=area, latitude=1, longitude=1
            )
            entity = aq(f"urn:ngsi-ld:AirQualityObserved:x-{n}", pm25=n)
            assert post(api, "/entities", entity).status_code == 201

    assert_constant_queries(lambda: api.get(f"{BASE}/entities?type=AirQualityObserved"), add)
