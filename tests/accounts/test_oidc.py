"""Another app of the province signs a person in through our OpenID Connect provider.

The client side is Authlib (a real, independent OIDC client library) and the
person's browser is a `requests` session: nothing here calls our internals.
"""

import re
from html import unescape
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, jwt
from authlib.oidc.core import CodeIDToken
from django.core.management import call_command

from tests.conftest import PASSWORD, enrol_totp, totp_token

CALLBACK = "http://127.0.0.1:8765/callback"
AFTER_LOGOUT = "http://127.0.0.1:8765/bye"

pytestmark = pytest.mark.django_db(transaction=True)


def register_client() -> tuple[str, str]:
    out = StringIO()
    call_command(
        "register_oidc_client",
        "--name",
        "Cổng dữ liệu ngành Y tế",
        "--redirect-uri",
        CALLBACK,
        "--post-logout-redirect-uri",
        AFTER_LOGOUT,
        stdout=out,
    )
    values = dict(re.findall(r"(client_id|client_secret)=(\S+)", out.getvalue()))
    return values["client_id"], values["client_secret"]


def browser_sign_in(base: str, phone: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{base}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = browser.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": phone, "password": PASSWORD},
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    return browser


def approve_consent(browser: requests.Session, base: str, url: str) -> str:
    """Open the authorize URL, press "Authorize", return the redirect to the client."""
    page = browser.get(url, allow_redirects=False)
    if page.status_code == 302:
        return page.headers["Location"]
    assert page.status_code == 200, page.text[:500]
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page.text))
    fields = {k: unescape(v) for k, v in fields.items()}
    fields["allow"] = "Authorize"
    response = browser.post(
        f"{base}/o/authorize/", data=fields, headers={"Referer": url}, allow_redirects=False
    )
    assert response.status_code == 302, response.text[:500]
    return response.headers["Location"]


def test_a_client_app_signs_an_official_in_with_code_flow_and_pkce(live_server, province_admin):
    base = live_server.url
    client_id, secret = register_client()
    discovery = requests.get(f"{base}/o/.well-known/openid-configuration", timeout=10).json()
    assert "S256" in discovery["code_challenge_methods_supported"]
    assert "RS256" in discovery["id_token_signing_alg_values_supported"]

    # The official signs in with password and TOTP: SSO never skips MFA.
    device = enrol_totp(province_admin)
    browser = browser_sign_in(base, "0901000104")
    app = OAuth2Session(
        client_id,
        secret,
        scope="openid profile phone roles",
        redirect_uri=CALLBACK,
        code_challenge_method="S256",
    )
    verifier = "v" * 64
    auth_url, state = app.create_authorization_url(
        discovery["authorization_endpoint"], code_verifier=verifier, nonce="n-0S6_WzA2Mj"
    )
    response = browser.get(auth_url, allow_redirects=False)
    assert response.status_code == 302 and "/accounts/mfa/verify/" in response.headers["Location"]
    page = browser.get(f"{base}{response.headers['Location']}")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    next_url = unescape(re.search(r'name="next" value="([^"]*)"', page.text).group(1))
    browser.post(
        f"{base}/accounts/mfa/verify/",
        data={"csrfmiddlewaretoken": csrf, "token": totp_token(device), "next": next_url},
        headers={"Referer": f"{base}/accounts/mfa/verify/"},
        allow_redirects=False,
    )
    callback = approve_consent(browser, base, auth_url)
    assert callback.startswith(CALLBACK)
    assert parse_qs(urlsplit(callback).query)["state"] == [state]

    token = app.fetch_token(
        discovery["token_endpoint"], authorization_response=callback, code_verifier=verifier
    )
    keys = JsonWebKey.import_key_set(requests.get(discovery["jwks_uri"], timeout=10).json())
    claims = jwt.decode(
        token["id_token"],
        keys,
        claims_cls=CodeIDToken,
        claims_options={"iss": {"value": discovery["issuer"]}, "aud": {"value": client_id}},
        claims_params={"nonce": "n-0S6_WzA2Mj"},
    )
    claims.validate()
    assert claims["sub"] == str(province_admin.pk)
    assert claims["name"] == "Võ Văn Tỉnh"
    assert set(claims["roles"]) == {"unit_admin", "system_admin"}
    assert claims["org_units"][0]["id"] == "000.00.00.H01"
    assert claims["phone_number"] == "+84901000104"

    userinfo = app.get(discovery["userinfo_endpoint"]).json()
    assert userinfo["sub"] == str(province_admin.pk) and "roles" in userinfo
    me = app.get(f"{base}/api/v1/me").json()
    assert me["full_name"] == "Võ Văn Tỉnh"

    # RP-initiated logout ends the session at the provider too.
    response = browser.get(
        discovery["end_session_endpoint"],
        params={"id_token_hint": token["id_token"], "post_logout_redirect_uri": AFTER_LOGOUT},
        allow_redirects=False,
    )
    assert response.status_code == 302 and response.headers["Location"].startswith(AFTER_LOGOUT)
    assert browser.get(f"{base}/my/", allow_redirects=False).status_code == 302


def test_a_flow_without_pkce_or_with_a_wrong_verifier_is_refused(live_server, citizen):
    base = live_server.url
    client_id, secret = register_client()
    browser = browser_sign_in(base, "0912000101")
    plain = OAuth2Session(client_id, secret, scope="openid", redirect_uri=CALLBACK)
    url, _state = plain.create_authorization_url(f"{base}/o/authorize/")
    response = browser.get(url, allow_redirects=False)
    location = response.headers.get("Location", "")
    assert "error=" in location or response.status_code == 400 or "error" in response.text.lower()

    app = OAuth2Session(
        client_id, secret, scope="openid", redirect_uri=CALLBACK, code_challenge_method="S256"
    )
    url, _state = app.create_authorization_url(f"{base}/o/authorize/", code_verifier="a" * 64)
    callback = approve_consent(browser, base, url)
    with pytest.raises(Exception, match="invalid_grant"):
        app.fetch_token(f"{base}/o/token/", authorization_response=callback, code_verifier="b" * 64)


def test_an_unknown_redirect_uri_is_refused(live_server, citizen):
    base = live_server.url
    client_id, _secret = register_client()
    browser = browser_sign_in(base, "0912000101")
    app = OAuth2Session(
        client_id,
        scope="openid",
        redirect_uri="https://evil.example/cb",
        code_challenge_method="S256",
    )
    url, _ = app.create_authorization_url(f"{base}/o/authorize/", code_verifier="c" * 64)
    response = browser.get(url, allow_redirects=False)
    assert not response.headers.get("Location", "").startswith("https://evil.example")


def test_register_oidc_client_refuses_a_duplicate_name(db):
    register_client()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="already exists"):
        register_client()
