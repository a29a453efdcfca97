import json
import re

import pytest
from django.db import connection
from django.test import Client

from tests.conftest import citizen_client, official_client
from tinhso.core.choices import Channel
from tinhso.core.notify import notify


@pytest.mark.django_db
def test_healthz_and_readyz(client, monkeypatch):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_readyz_says_unavailable_when_the_database_is_not(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


@pytest.mark.django_db
def test_the_app_is_installable(client):
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    assert manifest["display"] == "standalone"
    assert manifest["start_url"].startswith("/")
    assert manifest["icons"]
    worker = client.get("/sw.js")
    assert worker["Content-Type"].startswith("application/javascript")
    assert worker["Service-Worker-Allowed"] == "/"
    assert b"/offline/" in worker.content and b"app.css" in worker.content
    assert client.get("/offline/").status_code == 200


@pytest.mark.django_db
def test_home_is_vietnamese_by_default_and_english_on_request(client):
    page = client.get("/").content.decode()
    assert 'lang="vi"' in page and "Đăng nhập" in page
    client.post("/accounts/language/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert 'lang="en"' in page and "Sign in" in page and "Đăng nhập" not in page


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese_until_the_person_switches(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in page


def test_a_signed_in_persons_saved_language_is_used(citizen):
    citizen.language = "en"
    citizen.save()
    page = citizen_client(citizen).get("/").content.decode()
    assert 'lang="en"' in page


@pytest.mark.django_db
def test_switching_language_is_remembered_on_the_account(citizen):
    client = citizen_client(citizen)
    client.post("/accounts/language/", {"language": "en", "next": "/"})
    citizen.refresh_from_db()
    assert citizen.language == "en"


@pytest.mark.django_db
def test_my_items_and_inbox_need_sign_in(client):
    for url in ("/my/", "/inbox/", "/accounts/profile/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_inbox_shows_only_my_messages_and_marks_them_read(citizen, receptionist):
    notify(citizen, "welcome", {"user": citizen}, channels=[Channel.INBOX])
    (theirs,) = notify(receptionist, "welcome", {"user": receptionist}, channels=[Channel.INBOX])
    client = citizen_client(citizen)
    page = client.get("/inbox/").content.decode()
    assert "Chào mừng" in page
    assert client.get(f"/inbox/{theirs.pk}/").status_code == 404
    mine = citizen.notifications.get()
    assert client.get(f"/inbox/{mine.pk}/").status_code == 200
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_the_my_items_page_lists_every_section(citizen):
    page = citizen_client(citizen).get("/my/").content.decode()
    for title in ("Hồ sơ thủ tục hành chính", "Phản ánh hiện trường", "Hỏi đáp trực tuyến"):
        assert title in page


def test_unknown_pages_get_a_friendly_404(db):
    response = Client().get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_audit_log_page_is_for_system_admins_only(province_admin, commune_admin):
    assert official_client(province_admin).get("/console/audit/").status_code == 200
    assert official_client(commune_admin).get("/console/audit/").status_code == 403


def test_console_menu_follows_roles(province_admin, receptionist):
    admin_page = official_client(province_admin).get("/console/").content.decode()
    assert "Cán bộ" in admin_page and "Nhật ký kiểm toán" in admin_page
    desk_page = official_client(receptionist).get("/console/").content.decode()
    assert "Nhật ký kiểm toán" not in desk_page and "/console/staff/" not in desk_page
    assert "Một cửa phường An" in desk_page


def test_one_menu_item_is_current_even_when_addresses_nest(province_admin):
    page = official_client(province_admin).get("/console/reports/questions/").content.decode()
    current = re.findall(r'<li><a href="([^"]+)" aria-current="page">', page)
    assert current == ["/console/reports/questions/"]


def test_every_page_carries_a_strict_content_security_policy(client, db):
    """Issue 11, finding 19 (the browser tests check that no page breaks it)."""
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe" not in directives["script-src"] and directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_trace_and_other_methods_are_refused(client, db):
    """Issue 11, finding 21: TRACE / answered 200."""
    for method in ("TRACE", "CONNECT", "PROPFIND"):
        response = client.generic(method, "/")
        assert response.status_code == 405 and "GET" in response["Allow"]


def test_a_missing_static_file_is_a_404_not_a_500_in_development():
    """Django's finders.find() turned our None into [None], which WhiteNoise then
    stat()ed: a missing file under /static/ was a 500 with DEBUG on (make demo)."""
    from django.contrib.staticfiles import finders

    assert finders.find("core/no-such-file.css") is None
    assert finders.find("core/no-such-file.css", find_all=True) == []
    assert finders.find("plotly/plotly.min.js").endswith("plotly.min.js")
    assert finders.find("core/app.css").endswith("app.css")


def test_the_language_menu_names_each_language_in_itself(client, db):
    page = client.get("/", HTTP_COOKIE="tinhso_language=vi").content.decode()
    assert ">English</option>" in page and "Tiếng Anh" not in page
    assert ">Tiếng Việt</option>" in page


def test_the_front_page_names_the_province(client, places):
    assert "Tỉnh Test" in client.get("/").content.decode()
