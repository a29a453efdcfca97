"""The bad-input corpus, sent to every URL pattern and every API operation.

The URL resolver and the OpenAPI document are walked, so an endpoint added later is
covered without anyone remembering to add it here. Every answer must be a 4xx or a
normal page — never a 5xx — and the inputs that are invalid everywhere (lone
surrogates, control characters, 100,000-deep JSON, NaN, wrong content types,
oversized bodies) must change no row.

Issue 11, "make the class impossible".
"""

from __future__ import annotations

import itertools
import json
import re
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import citizen_client, official_client

# --- the corpus ----------
# Values for query strings and form fields (sent raw, percent-encoded where needed).
BAD_VALUES = [
    "-1",
    "99999999999999999999999999",
    "1e308",
    "NaN",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "²",
    "𝟙𝟚",  # mathematical digits
    "%ED%A0%80",  # a lone surrogate, as UTF-8 bytes
    "A%00B",
    "x" * 5000,
]
# Invalid everywhere: these must change nothing at all.
POISON_VALUES = ["%ED%A0%80", "A%00B", "%01%02"]

PARAM_NAMES = [
    "q", "page", "page_size", "since", "until", "start_date", "end_date", "status",
    "service_request_id", "service_code", "lat", "long", "bbox", "date", "month", "year",
    "code", "secret", "plate", "colour", "type", "attrs", "options", "limit", "offset",
    "timeAt", "endTimeAt", "timerel", "id", "category", "unit", "area", "indicator", "range",
    "period", "kind", "camera", "sort", "field", "level", "parent", "search", "from", "to",
]  # fmt: skip

# Path parameters: values that match the converter but name nothing, or are hostile.
PATH_VALUES = {
    "int": ["0", "99999999999999999999"],
    "str": ["²", "%ED%A0%80", "x" * 300],
    "slug": ["khong-co", "x" * 300],
    "uuid": [str(uuid.UUID(int=7))],
    "path": ["x/../..", "%00"],
}
REGEX_VALUES = ["1", "²", "99999999999999999999", "json", "xml", "x"]

DEEP_JSON = "[" * 100_000
BODIES = [
    ("application/json", DEEP_JSON),
    ("application/json", '{"a": ' * 5000 + "1" + "}" * 5000),
    ("application/json", '{"value": NaN, "x": Infinity}'),
    ("application/json", '{"text": "A\\ud800B", "\\udfff": 1}'),
    ("application/json", '{"text": "A\\u0000B"}'),
    ("application/ld+json", DEEP_JSON),
    ("application/ld+json", '[{"id": "urn:x:\\ud800", "type": "T"}]'),
    ("text/plain", "not json at all"),
    ("application/xml", "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>"),
    ("application/json", '{"pad": "' + "x" * 3_000_000 + '"}'),  # over the body limit
]

# POSTs that would end the session under test rather than test input.
SKIP_POST = ("/accounts/logout/", "/o/logout/")
BOOKKEEPING = {
    "sessions.session",
    "core.ratecounter",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}


# --- walking the URL resolver ----------
def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")
GROUP = re.compile(r"\(\?P<\w+>[^)]*\)")


def _fill_route(route: str) -> list[str]:
    if route.startswith("^") or GROUP.search(route) or "\\" in route:
        return _fill_regex(route)
    kinds = [m.group("kind") or "str" for m in CONVERTER.finditer(route)]
    choices = [PATH_VALUES.get(kind, PATH_VALUES["str"]) for kind in kinds]
    paths = []
    for combo in itertools.islice(itertools.product(*choices), 6):
        values = iter(combo)
        paths.append("/" + CONVERTER.sub(lambda _m, v=values: next(v), route))
    return paths


def _fill_regex(route: str) -> list[str]:
    body = route.lstrip("^").rstrip("$")
    groups = GROUP.findall(body)
    paths = set()
    for combo in itertools.islice(itertools.product(REGEX_VALUES, repeat=len(groups)), 40):
        text = body
        for group, value in zip(groups, combo, strict=True):
            text = text.replace(group, value, 1)
        text = text.replace("^", "").replace("/?", "/").replace("\\.", ".").replace("\\", "")
        text = re.sub(r"\(\?:([^)|]*)[^)]*\)\??", r"\1", text)
        if not re.search(r"[()\[\]?*+^$|]", text):
            paths.add("/" + text)
    return sorted(paths)


def every_path() -> list[str]:
    paths = []
    for route, _pattern in _patterns(get_resolver()):
        if route.startswith(("admin/", "static/", "media/")):
            continue  # Django's own admin: staff only, tested by Django
        paths.extend(_fill_route(route))
    return sorted(set(paths))


# --- which parameters a view reads ----------
class ReadKeys:
    """Records the names a view reads from request.GET / request.POST (any QueryDict),
    so each can then be sent alone: one bad parameter among good ones is what reaches
    the parsing code, while a request full of bad ones stops at the first refusal."""

    def __init__(self) -> None:
        self.keys: set[str] = set()

    def __enter__(self) -> ReadKeys:
        from django.http import QueryDict

        self._saved = {name: getattr(QueryDict, name) for name in ("__getitem__", "get", "getlist")}
        self._had = {name: name in QueryDict.__dict__ for name in self._saved}
        record = self.keys.add

        def wrap(original):
            def method(self_, key, *args, **kwargs):
                if isinstance(key, str) and not self_._mutable:  # reads, not construction
                    record(key)
                return original(self_, key, *args, **kwargs)

            return method

        for name, original in self._saved.items():
            setattr(QueryDict, name, wrap(original))
        return self

    def __exit__(self, *exc: object) -> None:
        from django.http import QueryDict

        for name, original in self._saved.items():
            if self._had[name]:
                setattr(QueryDict, name, original)
            else:
                delattr(QueryDict, name)


# --- what was sent and what came back ----------
def row_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model.objects.count()
        for model in apps.get_models()
        if model._meta.label_lower not in BOOKKEEPING and model._meta.managed
    }


class Probe:
    def __init__(self, client: Client, headers: dict[str, str], api_key: str) -> None:
        client.raise_request_exception = False  # a 500 is a finding to list, not a crash
        self.client, self.headers, self.api_key = client, headers, api_key
        self.failures: list[str] = []
        self.sent = 0

    def check(self, method: str, path: str, response: Any, what: str) -> None:
        self.sent += 1
        if response.status_code >= 500:
            self.failures.append(f"{method} {path} {what[:80]!r} → {response.status_code}")

    def get(self, path: str, query: str, what: str) -> None:
        url = f"{path}?{query}" if query else path
        self.check("GET", path, self.client.get(url, **self.headers), what)

    def post_form(self, path: str, body: str, what: str) -> None:
        response = self.client.generic(
            "POST", path, body, "application/x-www-form-urlencoded", **self.headers
        )
        self.check("POST", path, response, what)

    def post_raw(self, method: str, path: str, content_type: str, body: str, what: str) -> None:
        response = self.client.generic(method, path, body.encode(), content_type, **self.headers)
        self.check(method, path, response, what)


def _query(names: list[str], value: str, api_key: str) -> str:
    encoded = value if "%" in value else quote(value, safe="")
    return "&".join([f"{name}={encoded}" for name in names] + [f"api_key={api_key}"])


FIELD = re.compile(r'name="([^"]+)"')


def _form_fields(html: str) -> list[str]:
    names = [n for n in FIELD.findall(html) if n not in ("csrfmiddlewaretoken", "next")]
    return sorted(set(names))[:40]


# --- the world the corpus is sent into ----------
@pytest.fixture
def world(places, citizen, province_admin, signing_keys):
    from tinhso.core.apikeys import do_issue_key as issue_camera_key
    from tinhso.core.apikeys import do_issue_key as issue_open311_key
    from tinhso.core.apikeys import new_key
    from tinhso.ioc.models import DataSource
    from tinhso.reports.models import ApiClient
    from tinhso.traffic.models import Camera

    key, prefix, digest = new_key()
    DataSource.objects.create(name="Nguồn thử", key_prefix=prefix, key_hash=digest)
    camera = Camera.objects.create(
        code="nga-tu", name="Ngã tư", area=places["ward"], latitude=11.3, longitude=106.1
    )
    from tinhso.broadcast.models import SourceSystem
    from tinhso.core.apikeys import do_issue_key as issue_broadcast_key

    # A bulletin source that may send everything everywhere: only validation stops it.
    bulletin_source = SourceSystem.objects.create(
        name="Nguồn bản tin thử", area=places["province"], may_send_priority=True,
        may_send_emergency=True,
    )  # fmt: skip
    return {
        "broadcast_key": issue_broadcast_key(bulletin_source),
        "source_key": key,
        "camera_key": issue_camera_key(camera),
        "open311_key": issue_open311_key(ApiClient.objects.create(name="Đối tác", key_hash="x")),
    }


NEUTRAL = "1"
IGNORED_KEYS = {"csrfmiddlewaretoken", "api_key"}


def _read_by(probe: Probe, method: str, path: str, names: list[str]) -> set[str]:
    """The parameters this view reads, learnt from two requests: with none (a view
    then asks for each it knows) and with neutral values (a view may branch on one)."""
    with ReadKeys() as reads:
        for query in ("", _query(names, NEUTRAL, probe.api_key)):
            if method == "GET":
                probe.get(path, query, "neutral")
            else:
                probe.post_form(path, query, "neutral")
    return reads.keys - IGNORED_KEYS


def _send_corpus(probe: Probe, *, with_posts: bool = True) -> None:
    paths = every_path()
    assert len(paths) > 100, "the URL walk found too few patterns"
    for path in paths:
        page = probe.client.get(path, **probe.headers)
        probe.check("GET", path, page, "")
        html = page.content.decode("utf-8", "replace") if page.status_code == 200 else ""
        fields = _form_fields(html)
        for name in sorted(_read_by(probe, "GET", path, PARAM_NAMES + fields)):
            for value in BAD_VALUES:
                probe.get(path, _query([name], value, probe.api_key), f"{name}={value}")
        if not with_posts or path.startswith(SKIP_POST):
            continue
        for name in sorted(_read_by(probe, "POST", path, fields or PARAM_NAMES)):
            for value in BAD_VALUES:
                probe.post_form(path, _query([name], value, probe.api_key), f"{name}={value}")
        for content_type, body in BODIES:
            probe.post_raw("POST", path, content_type, body, body[:40])


def _client_of(who: str, citizen: Any, official: Any) -> Client:
    if who == "citizen":
        return citizen_client(citizen)
    return official_client(official) if who == "official" else Client()


def _probe(client: Client, world: dict[str, str]) -> Probe:
    headers = {
        "HTTP_X_API_KEY": world["source_key"],
        "HTTP_X_CAMERA_KEY": world["camera_key"],
        "HTTP_X_BROADCAST_KEY": world["broadcast_key"],
    }
    return Probe(client, headers, world["open311_key"])


@pytest.mark.parametrize("who", ["anonymous", "citizen", "official"])
def test_no_url_answers_bad_input_with_a_server_error(world, who, citizen, province_admin):
    client = _client_of(who, citizen, province_admin)
    probe = _probe(client, world)
    _send_corpus(probe, with_posts=who != "citizen")  # citizens' forms: the official's cover them
    assert probe.failures == [], "\n".join(probe.failures[:40])
    assert probe.sent > 2000


def test_poison_changes_no_row(world, province_admin):
    """Lone surrogates, control characters and malformed bodies, POSTed everywhere."""
    probe = _probe(official_client(province_admin), world)
    targets = []
    for path in every_path():
        if path.startswith(SKIP_POST):
            continue
        page = probe.client.get(path, **probe.headers)
        html = page.content.decode("utf-8", "replace") if page.status_code == 200 else ""
        targets.append((path, _form_fields(html) or PARAM_NAMES[:12]))
    before = row_counts()
    for path, fields in targets:
        for value in POISON_VALUES:
            probe.post_form(path, _query(fields, value, probe.api_key), value)
        for content_type, body in BODIES:
            probe.post_raw("POST", path, content_type, body, body[:40])
    assert probe.failures == [], "\n".join(probe.failures[:40])
    after = row_counts()
    assert {k: (before[k], after[k]) for k in before if before[k] != after[k]} == {}


# --- walking the OpenAPI document ----------
def _operations(client: Client) -> Iterator[tuple[str, str, dict[str, Any]]]:
    document = client.get("/api/v1/openapi.json").json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield method.upper(), path, operation


JSON_BAD = [
    -1,
    10**30,
    1e308,
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59",
    "2026-02-30",
    "²",
    "A\ud800B",
    "A\x00B",
    "x" * 100_000,
    [],
    {},
    None,
]


@pytest.mark.parametrize("who", ["anonymous", "citizen", "official"])
def test_every_api_operation_answers_bad_input_with_a_4xx(world, who, citizen, province_admin):
    client = _client_of(who, citizen, province_admin)
    probe = _probe(client, world)
    before = row_counts()
    operations = list(_operations(client))
    assert len(operations) >= 10
    for method, template, operation in operations:
        params = operation.get("parameters", [])
        for raw in ["²", "99999999999999999999", "%ED%A0%80", "0001-01-01"]:
            path = re.sub(r"\{[^}]+\}", raw, template)
            query = "&".join(f"{p['name']}={raw}" for p in params if p.get("in") == "query")
            if method == "GET":
                probe.get(path, query, raw)
                continue
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                for value in JSON_BAD:
                    fields = _fields_of(content["application/json"].get("schema", {}), client)
                    body = json.dumps({name: value for name in fields} or value)
                    probe.post_raw(method, f"{path}?{query}", "application/json", body, body)
            else:
                probe.post_form(f"{path}?{query}", _query(PARAM_NAMES[:12], raw, "x"), raw)
            for content_type, body in BODIES:
                probe.post_raw(method, path, content_type, body, body[:40])
    assert probe.failures == [], "\n".join(probe.failures[:40])
    changed = {k: v for k, v in row_counts().items() if before[k] != v}
    assert changed == {}


def _fields_of(schema: dict[str, Any], client: Client) -> list[str]:
    if "$ref" in schema:
        document = client.get("/api/v1/openapi.json").json()
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return list(schema.get("properties", {}))
