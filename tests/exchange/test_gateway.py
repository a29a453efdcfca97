"""The gateway: a granted system reads through it; everything else is refused with a
clear answer, reaches nothing and is logged."""

from __future__ import annotations

import threading

import pytest
from django.test import Client
from oauth2_provider.models import AccessToken

from tests.exchange.conftest import CITIZEN, received
from tests.loopback import serve
from tinhso.exchange import actions
from tinhso.exchange.models import Exchange

pytestmark = pytest.mark.django_db


def call(axis, path, token=None, method="get", **extra):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token or axis.token()}", **extra}
    return getattr(Client(), method)(axis.url(path), **headers)


def arrivals(axis, path):
    return [r for r in received(axis.provider_url) if r["path"] == path]


def test_a_granted_system_reads_a_citizen_through_the_axis(axis):
    response = call(axis, f"/citizens/{CITIZEN}", HTTP_COOKIE="sessionid=abc")
    assert response.status_code == 200, response.content
    assert response.json()["full_name"] == "Nguyễn Văn An"
    message_id = response["X-Road-Id"]
    # The provider knows who calls, as the axis verified it — and sees neither the
    # caller's token nor its cookies.
    got = [r for r in arrivals(axis, f"/citizens/{CITIZEN}") if r["message_id"] == message_id]
    assert len(got) == 1
    assert got[0]["client"] == str(axis.desk.identifier)
    assert got[0]["authorization"] == "" and got[0]["cookie"] == ""
    row = Exchange.objects.get(message_id=message_id)
    assert (row.client, row.status, row.method) == (str(axis.desk.identifier), 200, "GET")
    assert row.service == str(axis.population.identifier)
    assert row.response_bytes == len(response.content)


def test_the_providers_not_found_comes_back_as_it_is(axis):
    response = call(axis, "/citizens/099000000000")
    assert response.status_code == 404
    assert "X-Road-Error" not in response  # the provider's answer, not the axis's refusal


@pytest.mark.parametrize(
    ("case", "status", "kind"),
    [
        ("no token", 401, "Client.Unauthenticated"),
        ("expired token", 401, "Client.Unauthenticated"),
        ("not granted path", 403, "Client.AccessDenied"),
        ("not granted method", 403, "Client.AccessDenied"),
        ("revoked", 403, "Client.AccessDenied"),
        ("claims another client", 403, "Client.AccessDenied"),
        ("unknown service", 404, "Client.UnknownService"),
    ],
)
def test_refusals_are_clear_and_reach_nothing(axis, province_admin, case, status, kind):
    token = axis.token()
    path, method, extra = f"/citizens/{CITIZEN}", "get", {}
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if case == "no token":
        headers = {}
    elif case == "expired token":
        AccessToken.objects.update(expires="2020-01-01T00:00:00Z")
    elif case == "not granted path":
        path = "/received"
    elif case == "not granted method":
        method = "post"
    elif case == "revoked":
        actions.do_revoke_access(axis.population.rights.get(), acting_user=province_admin)
    elif case == "claims another client":
        extra = {"HTTP_X_ROAD_CLIENT": str(axis.police.identifier)}
    before = len(received(axis.provider_url))
    url = axis.url(path)
    if case == "unknown service":
        url = url.replace("/population/", "/nothing/")
    response = getattr(Client(), method)(url, **headers, **extra)
    assert response.status_code == status, response.content
    assert response["X-Road-Error"] == kind
    assert response.json()["type"] == kind and response.json()["message"]
    assert len(received(axis.provider_url)) == before  # nothing reached the provider


def test_a_person_s_token_is_not_a_system_s(axis, citizen):
    from oauth2_provider.models import Application

    app = Application.objects.create(
        name="app",
        client_type=Application.CLIENT_PUBLIC,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
    )
    token = AccessToken.objects.create(
        user=citizen, application=app, token="person-token-0123456789", scope="openid",
        expires="2099-01-01T00:00:00Z",
    )  # fmt: skip
    response = call(axis, f"/citizens/{CITIZEN}", token=token.token)
    assert response.status_code == 403
    assert response["X-Road-Error"] == "Client.AccessDenied"


@pytest.mark.parametrize(
    "tail",
    [
        "",  # no service at all
        "/../received",
        "/citizens/%2e%2e/%2e%2e/received",
        "/citizens/..%2Freceived",
        "/citizens/a%5Cb",
        "/citizens/a%00b",
    ],
)
def test_paths_that_could_escape_are_refused(axis, tail):
    token = axis.token()
    base = f"/exchange/r1/{axis.population.identifier}"
    url = base.rsplit("/", 1)[0] if tail == "" else base + tail
    response = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400, (tail, response.content)
    assert response["X-Road-Error"] == "Client.BadRequest"
    assert not [r for r in received(axis.provider_url) if r["path"] == "/received"]


def test_a_body_over_the_limit_is_refused(axis, settings):
    settings.EXCHANGE_MAX_REQUEST_BYTES = 1000
    response = Client().post(
        axis.url("/citizens/x"),
        data=b"x" * 2000,
        content_type="application/octet-stream",
        HTTP_AUTHORIZATION=f"Bearer {axis.token()}",
    )
    assert response.status_code == 413
    assert response["X-Road-Error"] == "Client.BodyTooLarge"


def test_an_injected_header_does_not_reach_the_provider(axis):
    response = call(
        axis,
        f"/citizens/{CITIZEN}",
        HTTP_X_NOTE="a\r\nX-Road-Client: TINHSO/GOV/evil/EVIL",
        HTTP_X_ROAD_ID="chosen-by-the-caller",
    )
    assert response.status_code == 200
    got = [
        r
        for r in arrivals(axis, f"/citizens/{CITIZEN}")
        if r["message_id"] == response["X-Road-Id"]
    ]
    assert got and got[0]["client"] == str(axis.desk.identifier)
    assert response["X-Road-Id"] != "chosen-by-the-caller"


def test_a_provider_that_is_down_is_a_clear_502(axis, province_admin):
    from bench.common import free_port

    gone = actions.do_register_service(
        axis.police, code="gone", name="gone", base_url=f"http://127.0.0.1:{free_port()}",
        timeout_seconds=2, acting_user=province_admin,
    )  # fmt: skip
    actions.do_grant_access(gone, axis.desk, acting_user=province_admin)
    response = Client().get(
        axis.url("/x", service=gone), HTTP_AUTHORIZATION=f"Bearer {axis.token()}"
    )
    assert response.status_code == 502
    assert response["X-Road-Error"] == "Server.ProviderUnreachable"
    assert Exchange.objects.get(message_id=response["X-Road-Id"]).status == 502


def test_a_slow_provider_is_a_504_with_a_clear_body(axis, province_admin):
    release = threading.Event()

    def slow(path):
        release.wait(5)
        return 200, {"Content-Type": "text/plain"}, b"late"

    with serve(slow) as (port, _seen):
        service = actions.do_register_service(
            axis.police, code="slow", name="slow", base_url=f"http://127.0.0.1:{port}",
            timeout_seconds=1, acting_user=province_admin,
        )  # fmt: skip
        actions.do_grant_access(service, axis.desk, acting_user=province_admin)
        response = Client().get(
            axis.url("/x", service=service), HTTP_AUTHORIZATION=f"Bearer {axis.token()}"
        )
        release.set()
    assert response.status_code == 504
    assert response["X-Road-Error"] == "Server.ProviderTimeout"
    assert "1" in response.json()["message"]  # the service's own timeout, said
    # (the provider answers after 5 s: a gateway that waited would have passed on "late")


def test_a_provider_may_not_point_at_the_axis_or_use_a_reserved_code(
    axis, province_admin, settings
):
    from tinhso.core.errors import ActionError

    settings.ALLOWED_HOSTS = ["tinhso.example.vn"]
    with pytest.raises(ActionError):
        actions.do_register_service(
            axis.police, code="loop", name="loop", base_url="https://tinhso.example.vn/exchange/",
            acting_user=province_admin,
        )  # fmt: skip
    with pytest.raises(ActionError):
        actions.do_register_service(
            axis.police, code="listMethods", name="x", base_url=axis.provider_url,
            acting_user=province_admin,
        )  # fmt: skip


def test_only_the_providers_administrators_grant_access(axis, outsider):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.do_grant_access(axis.population, axis.desk, acting_user=outsider)
    with pytest.raises(PermissionDenied):
        actions.do_issue_credentials(axis.desk, acting_user=outsider)


def test_new_credentials_end_the_old_ones(axis, province_admin):
    old = axis.token()
    actions.do_issue_credentials(axis.desk, acting_user=province_admin)
    response = call(axis, f"/citizens/{CITIZEN}", token=old)
    assert response.status_code == 401


def test_bad_input_through_the_gateway_is_never_a_server_error(axis, province_admin):
    """The URL-walk corpus (tests/test_bad_input.py) reaches the gateway without a
    token only; here every bad value goes in as a path, a query, a header and a body
    with a valid token, as far as the provider."""
    from urllib.parse import quote

    from tests.test_bad_input import BAD_VALUES, BODIES, PATH_VALUES

    actions.do_grant_access(axis.population, axis.desk, acting_user=province_admin)
    token = axis.token()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client = Client()
    answers = []
    for value in [*BAD_VALUES, *PATH_VALUES["str"]]:
        encoded = quote(value, safe="")
        answers.append(client.get(axis.url(f"/citizens/{encoded}"), **auth))
        answers.append(client.get(axis.url("/citizens/1"), {"q": value}, **auth))
        answers.append(client.get(axis.url("/citizens/1"), HTTP_X_NOTE=value, **auth))
        answers.append(client.get(axis.url("/citizens/1"), HTTP_X_ROAD_CLIENT=value, **auth))
        answers.append(client.get(f"/exchange/r1/{encoded}/x/y/z/w/v", **auth))
    for content_type, body in BODIES:
        answers.append(client.post(axis.url("/messages"), body, content_type=content_type, **auth))
    assert [r.status_code for r in answers if r.status_code >= 500 and r.status_code != 502] == []
    assert all(r.status_code < 500 or r["X-Road-Error"] for r in answers)


def test_a_revoked_right_and_a_new_secret_stop_at_once(axis, province_admin):
    """The gateway keeps the registry and validated tokens in the process
    (exchange/registry.py): a change made here reaches it at once."""
    token = axis.token()
    assert call(axis, f"/citizens/{CITIZEN}", token=token).status_code == 200
    actions.do_revoke_access(axis.population.rights.get(), acting_user=province_admin)
    assert call(axis, f"/citizens/{CITIZEN}", token=token).status_code == 403
    actions.do_grant_access(axis.population, axis.desk, acting_user=province_admin)
    assert call(axis, f"/citizens/{CITIZEN}", token=token).status_code == 200
    actions.do_issue_credentials(axis.desk, acting_user=province_admin)
    assert call(axis, f"/citizens/{CITIZEN}", token=token).status_code == 401
