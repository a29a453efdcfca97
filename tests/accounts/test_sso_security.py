"""The SSO provider as an attacker would probe it (issue 11, findings 1, 2, 4, 18)."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import timedelta
from html import unescape
from io import StringIO
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from oauth2_provider.models import AccessToken, Application

from tests.conftest import citizen_client, official_client
from tinhso.accounts.models import SsoAuthorization, SsoToken

CALLBACK = "https://app.example.gov.vn/cb"
VERIFIER = "v" * 64


def register(*extra: str, name: str = "Cổng dữ liệu ngành Y tế") -> tuple[str, str]:
    out = StringIO()
    call_command(
        "register_oidc_client", "--name", name, "--redirect-uri", CALLBACK, *extra, stdout=out
    )
    values = dict(re.findall(r"(client_id|client_secret)=(\S+)", out.getvalue()))
    return values["client_id"], values["client_secret"]


def authorize_url(client_id: str, scope: str, **extra: str) -> str:
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).rstrip(b"=").decode()
    )
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": CALLBACK,
        "scope": scope,
        "state": "s1",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        **extra,
    }
    return "/o/authorize/?" + urlencode(query)


def consent(browser: Client, url: str) -> str:
    """Open the authorize URL, allow, and return where the browser is sent."""
    page = browser.get(url)
    if page.status_code == 302:
        return page["Location"]
    assert page.status_code == 200, page.content[:300]
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page.text))
    fields = {k: unescape(v) for k, v in fields.items()}
    fields["allow"] = "1"
    response = browser.post("/o/authorize/", fields)
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def exchange(code: str, client_id: str, secret: str):
    return Client().post(
        "/o/token/",
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": CALLBACK,
            "client_id": client_id,
            "client_secret": secret,
            "code_verifier": VERIFIER,
        },
    )


def token_for(browser: Client, client_id: str, secret: str, scope: str) -> str:
    callback = consent(browser, authorize_url(client_id, scope))
    code = parse_qs(urlsplit(callback).query)["code"][0]
    response = exchange(code, client_id, secret)
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


# --- 1. Only an administrator registers apps; our consent page ------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/o/applications/",
        "/o/applications/register/",
        "/o/authorized_tokens/",
        "/o/register/",
        "/o/device/",
        "/o/device-authorization/",
    ],
)
def test_it_mounts_no_management_or_registration_pages(citizen, path):
    browser = citizen_client(citizen)
    assert browser.get(path).status_code == 404
    assert browser.post(path, {"name": "Cổng Dịch vụ công Quốc gia"}).status_code in (404, 405)
    assert not Application.objects.exists()


def test_the_consent_page_names_the_app_its_unit_and_what_it_gets(citizen, places):
    client_id, _secret = register("--unit", "000.01.00.H01")
    page = citizen_client(citizen).get(authorize_url(client_id, "openid profile phone"))
    assert page.status_code == 200
    text = page.text
    assert "Cổng dữ liệu ngành Y tế" in text and "UBND phường An" in text
    assert "Số điện thoại của bạn" in text and "Họ tên" in text
    assert "Thư điện tử của bạn" not in text  # not asked for, not shown


def test_a_trusted_first_party_app_skips_the_consent_page(citizen):
    client_id, _secret = register("--trusted")
    response = citizen_client(citizen).get(authorize_url(client_id, "openid"))
    assert response.status_code == 302 and response["Location"].startswith(CALLBACK + "?code=")


def test_an_app_cannot_get_an_api_scope_it_was_not_allowed(citizen):
    client_id, _secret = register()
    response = citizen_client(citizen).get(authorize_url(client_id, "openid desk"))
    assert response.status_code == 302
    assert "error=invalid_scope" in response["Location"]
    assert not SsoAuthorization.objects.exists()


def test_register_refuses_an_unknown_scope_or_unit(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Unknown API scope"):
        register("--scope", "everything")
    with pytest.raises(CommandError, match="No organisation unit"):
        register("--unit", "999.99.99.H99")
    assert not Application.objects.exists()


# --- 2. Tokens carry scopes, and desk actions need a TOTP sign-in -------------------------


def test_an_openid_token_identifies_but_reaches_no_dossier(citizen):
    client_id, secret = register("--scope", "dossiers:read")
    token = token_for(citizen_client(citizen), client_id, secret, "openid")
    api = Client()
    assert api.get("/api/v1/me", **bearer(token)).json()["full_name"] == citizen.full_name
    response = api.get("/api/v1/dossiers", **bearer(token))
    assert response.status_code == 403 and "dossiers:read" in response.json()["detail"]
    assert api.get("/api/v1/dossiers/X-1/portal-sync", **bearer(token)).status_code == 403


def test_a_dossiers_read_token_lists_but_does_not_act(citizen):
    client_id, secret = register("--scope", "dossiers:read")
    token = token_for(citizen_client(citizen), client_id, secret, "openid dossiers:read")
    api = Client()
    assert api.get("/api/v1/dossiers", **bearer(token)).status_code == 200
    response = api.post(
        "/api/v1/dossiers/X-1/actions/receive",
        '{"note": ""}',
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 403


def test_an_officials_token_records_the_totp_sign_in_and_reaches_desk(receptionist):
    client_id, secret = register("--scope", "desk")
    token = token_for(official_client(receptionist), client_id, secret, "openid desk")
    assert SsoToken.objects.get().authorization.mfa is True
    response = Client().get("/api/v1/dossiers/NO-SUCH/portal-sync", **bearer(token))
    assert response.status_code == 404  # past the scope and MFA checks: no such dossier


def test_a_desk_token_from_a_sign_in_without_totp_is_refused(receptionist):
    client_id, secret = register("--scope", "desk")
    token = token_for(official_client(receptionist), client_id, secret, "openid desk")
    SsoAuthorization.objects.update(mfa=False)  # as if the sign-in had skipped TOTP
    response = Client().get("/api/v1/dossiers/NO-SUCH/portal-sync", **bearer(token))
    assert response.status_code == 403 and "TOTP" in response.json()["detail"]


def test_the_id_token_says_how_the_person_signed_in(receptionist, citizen):
    from authlib.jose import jwt

    client_id, secret = register()
    callback = consent(official_client(receptionist), authorize_url(client_id, "openid"))
    code = parse_qs(urlsplit(callback).query)["code"][0]
    id_token = exchange(code, client_id, secret).json()["id_token"]
    claims = jwt.decode(id_token, _jwks())
    assert claims["amr"] == ["pwd", "otp"] and claims["acr"].endswith(":mfa")

    callback = consent(citizen_client(citizen), authorize_url(client_id, "openid"))
    code = parse_qs(urlsplit(callback).query)["code"][0]
    claims = jwt.decode(exchange(code, client_id, secret).json()["id_token"], _jwks())
    assert claims["amr"] == ["pwd"]


def _jwks():
    from authlib.jose import JsonWebKey

    return JsonWebKey.import_key_set(Client().get("/o/.well-known/jwks.json").json())


def test_a_token_without_a_person_is_refused_not_an_error(db):
    app = Application.objects.create(
        name="máy",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
    )
    AccessToken.objects.create(
        user=None,
        application=app,
        token="machine-token-123",
        expires=timezone.now() + timedelta(hours=1),
        scope="openid dossiers:read desk",
    )
    api = Client()
    for path in ("/api/v1/me", "/api/v1/dossiers", "/api/v1/dossiers/X/portal-sync"):
        assert api.get(path, **bearer("machine-token-123")).status_code in (401, 403), path


# --- 4. Never redirect to an unregistered URI -------------------------------------------


@pytest.mark.parametrize("signed_in", [True, False])
def test_a_bogus_request_never_redirects_to_an_unregistered_uri(citizen, signed_in):
    client_id, _secret = register()
    query = urlencode(
        {
            "response_type": "bogus",
            "client_id": client_id,
            "redirect_uri": "https://evil.example/cb",
            "scope": "openid",
        }
    )
    browser = citizen_client(citizen) if signed_in else Client()
    response = browser.get(f"/o/authorize/?{query}")
    if not signed_in:  # the log-in page first, then the same request once signed in
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        browser = citizen_client(citizen)
        response = browser.get(f"/o/authorize/?{query}")
    assert response.status_code == 400
    assert "evil.example" not in response.get("Location", "")
    assert "Không thể tiếp tục đăng nhập" in response.text


def test_a_bogus_response_type_goes_back_to_a_registered_uri_with_the_error(citizen):
    client_id, _secret = register()
    url = authorize_url(client_id, "openid", response_type="bogus")
    response = citizen_client(citizen).get(url)
    assert response.status_code == 302 and response["Location"].startswith(CALLBACK)
    assert "error=" in response["Location"]


# --- 18. A replayed code revokes what its first use issued ---------------------------------


def test_a_replayed_code_revokes_the_tokens_of_its_first_use(citizen):
    client_id, secret = register()
    callback = consent(citizen_client(citizen), authorize_url(client_id, "openid"))
    code = parse_qs(urlsplit(callback).query)["code"][0]
    first = exchange(code, client_id, secret).json()
    api = Client()
    assert api.get("/api/v1/me", **bearer(first["access_token"])).status_code == 200

    replay = exchange(code, client_id, secret)
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
    assert api.get("/api/v1/me", **bearer(first["access_token"])).status_code == 401
    refreshed = Client().post(
        "/o/token/",
        {
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
            "client_id": client_id,
            "client_secret": secret,
        },
    )
    assert refreshed.status_code == 400
    assert SsoAuthorization.objects.get().replayed_at is not None


def test_a_refreshed_token_keeps_the_sign_in_it_came_from(receptionist):
    client_id, secret = register("--scope", "desk")
    callback = consent(official_client(receptionist), authorize_url(client_id, "openid desk"))
    code = parse_qs(urlsplit(callback).query)["code"][0]
    first = exchange(code, client_id, secret).json()
    refreshed = (
        Client()
        .post(
            "/o/token/",
            {
                "grant_type": "refresh_token",
                "refresh_token": first["refresh_token"],
                "client_id": client_id,
                "client_secret": secret,
            },
        )
        .json()
    )
    response = Client().get(
        "/api/v1/dossiers/NO-SUCH/portal-sync", **bearer(refreshed["access_token"])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("response_type", ["bogus", "code", "token"])
def test_a_tampered_consent_form_never_redirects_to_an_unregistered_uri(citizen, response_type):
    client_id, _secret = register()
    response = citizen_client(citizen).post(
        "/o/authorize/",
        {
            "client_id": client_id,
            "redirect_uri": "https://evil.example/cb",
            "response_type": response_type,
            "scope": "openid",
            "allow": "1",
            "code_challenge": "x" * 43,
            "code_challenge_method": "S256",
        },
    )
    assert response.status_code == 400
    assert "evil.example" not in response.get("Location", "")


def test_only_the_code_grant_issues_tokens_whatever_the_admin_chose(db):
    """Finding 1: the citizen-made clients had client-credentials and password grants."""
    from django.contrib.auth.hashers import make_password

    app = Application.objects.create(
        name="máy",
        client_id="machine",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=make_password("s3cret-of-the-machine"),
        hash_client_secret=False,
    )
    response = Client().post(
        "/o/token/",
        {
            "grant_type": "client_credentials",
            "client_id": app.client_id,
            "client_secret": "s3cret-of-the-machine",
        },
    )
    assert response.status_code in (400, 401) and not AccessToken.objects.exists()
