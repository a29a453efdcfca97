import re
import time

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD, citizen_client, enrol_totp, totp_token
from tinhso.core.models import AuditEntry


def sign_in(user_phone: str) -> Client:
    client = Client()
    client.post("/accounts/login/", {"username": user_phone, "password": PASSWORD})
    return client


def test_an_official_without_mfa_is_sent_to_enrol_before_any_official_page(receptionist):
    client = sign_in("0901000101")
    for url in ("/console/", "/console/staff/", "/admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/mfa/setup/")


def test_enrolment_needs_a_correct_code(receptionist):
    client = sign_in("0901000101")
    page = client.get("/accounts/mfa/setup/").content.decode()
    assert "<svg" in page  # the QR code
    device = TOTPDevice.objects.get(user=receptionist, confirmed=False)
    response = client.post("/accounts/mfa/setup/", {"token": "000000"})
    assert "không đúng" in response.content.decode()
    response = client.post("/accounts/mfa/setup/", {"token": "12ab56"})
    assert "6 chữ số" in response.content.decode()
    assert client.get("/console/").status_code == 302
    response = client.post(
        "/accounts/mfa/setup/", {"token": totp_token(device), "next": "/console/"}
    )
    assert response["Location"] == "/console/"
    assert client.get("/console/").status_code == 200
    assert AuditEntry.objects.filter(action="mfa.enrolled", actor=receptionist).exists()


def test_an_enrolled_official_must_enter_a_code_at_each_sign_in(receptionist):
    device = enrol_totp(receptionist)
    client = sign_in("0901000101")
    response = client.get("/console/")
    assert response["Location"].startswith("/accounts/mfa/verify/")
    response = client.post("/accounts/mfa/verify/", {"token": "123456", "next": "/console/"})
    assert "không đúng" in response.content.decode()
    assert AuditEntry.objects.filter(action="mfa.failed").exists()
    # A wrong code slows the next try down (django-otp's throttle), with a clear message.
    response = client.post("/accounts/mfa/verify/", {"token": totp_token(device)})
    assert "chờ" in response.content.decode()
    time.sleep(1.1)
    response = client.post(
        "/accounts/mfa/verify/", {"token": totp_token(device), "next": "/console/"}
    )
    assert response["Location"] == "/console/"
    assert client.get("/console/").status_code == 200


def test_a_used_code_cannot_be_replayed(receptionist):
    device = enrol_totp(receptionist)
    token = totp_token(device)
    first = sign_in("0901000101")
    first.post("/accounts/mfa/verify/", {"token": token})
    second = sign_in("0901000101")
    response = second.post("/accounts/mfa/verify/", {"token": token, "next": "/console/"})
    assert response.status_code == 200 and "không đúng" in response.content.decode()


def test_the_verify_page_does_not_redirect_off_site(receptionist):
    device = enrol_totp(receptionist)
    client = sign_in("0901000101")
    response = client.post(
        "/accounts/mfa/verify/", {"token": totp_token(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/console/"


def test_a_citizen_cannot_open_the_console(citizen):
    response = citizen_client(citizen).get("/console/")
    assert response.status_code == 403
    assert "dành cho cán bộ" in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in(db):
    response = Client().get("/console/")
    assert response.status_code == 302
    assert re.match(r"/accounts/login/\?next=", response["Location"])


def test_before_the_code_an_official_reaches_nothing_but_the_mfa_pages(receptionist):
    enrol_totp(receptionist)
    client = sign_in("0901000101")
    for url in ("/", "/my/", "/inbox/", "/accounts/profile/", "/o/authorize/?client_id=x"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/mfa/verify/"), url
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert client.get("/accounts/mfa/verify/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
