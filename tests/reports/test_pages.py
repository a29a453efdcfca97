"""The citizen's and the public's pages: report from the phone, the map, privacy."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.conftest import citizen_client, make_user, official_client
from tests.reports.conftest import BINH_AN, HANOI, jpeg
from tinhso.accounts.choices import UserKind
from tinhso.reports import actions
from tinhso.reports.choices import ReportStatus as R
from tinhso.reports.models import Category, Report, ReportPhoto


@pytest.fixture
def form_values():
    return {
        "category": "den-duong",
        "lat": str(BINH_AN[0]),
        "lon": str(BINH_AN[1]),
        "address": "12 Lê Lợi",
        "description": "Đèn đường trước nhà số 12 không sáng.",
    }


def test_a_citizen_reports_with_a_photo_and_its_gps_is_stripped(province, citizen, form_values):
    client = citizen_client(citizen)
    photo = jpeg(gps=BINH_AN)
    response = client.post("/reports/new/", {**form_values, "photos": [photo]})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.public_id}/"
    assert report.reporter == citizen and report.commune.name == "Phường Bình An"
    stored = Image.open(report.photos.get().image.open("rb"))
    assert not stored.getexif()  # no GPS, no camera model: nothing but pixels
    page = client.get(response["Location"]).content.decode()
    assert "Đèn đường trước nhà số 12 không sáng." in page
    assert "Đơn vị xử lý" in page and "Ủy ban nhân dân phường Bình An" in page


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"lat": "", "lon": ""}, "Vị trí không hợp lệ"),
        ({"lat": str(HANOI[0]), "lon": str(HANOI[1])}, "ngoài địa bàn tỉnh"),
        ({"category": "o-ga-mat-duong", "attribute[size]": "small"}, "cần ít nhất một ảnh"),
        ({"category": "o-ga-mat-duong"}, "Thiếu thông tin bắt buộc"),
        ({"category": "khong-co"}, "Select a valid choice|Hãy chọn một lựa chọn hợp lệ"),
        ({"description": ""}, "This field is required|Trường này là bắt buộc"),
        ({"description": "x" * 5001}, "5000"),
    ],
)
def test_bad_forms_say_why_and_store_nothing(province, citizen, form_values, changes, message):
    response = citizen_client(citizen).post("/reports/new/", {**form_values, **changes})
    assert response.status_code == 200
    import re

    assert re.search(message, response.content.decode())
    assert not Report.objects.exists() and not ReportPhoto.objects.exists()


def test_a_renamed_file_and_a_huge_upload_are_refused(province, citizen, form_values, settings):
    client = citizen_client(citizen)
    fake = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00 not an image at all", "image/jpeg")
    response = client.post("/reports/new/", {**form_values, "photos": [fake]})
    assert "không phải ảnh đọc được" in response.content.decode()
    settings.REPORT_PHOTO_MAX_BYTES = 1_048_576
    big = SimpleUploadedFile("to.jpg", b"\xff\xd8" + b"0" * 1_200_000, "image/jpeg")
    response = client.post("/reports/new/", {**form_values, "photos": [big]})
    assert "lớn hơn 1 MB" in response.content.decode()
    assert not Report.objects.exists() and not ReportPhoto.objects.exists()


def test_six_photos_are_too_many(province, citizen, form_values):
    photos = [jpeg(name=f"{i}.jpg", size=(40, 30)) for i in range(6)]
    response = citizen_client(citizen).post("/reports/new/", {**form_values, "photos": photos})
    assert "Tối đa 5 ảnh" in response.content.decode()
    assert not Report.objects.exists()


def test_script_in_a_description_is_shown_as_text(province, citizen, form_values):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client = citizen_client(citizen)
    client.post("/reports/new/", {**form_values, "description": attack})
    report = Report.objects.get()
    for url in (f"/reports/{report.public_id}/", "/reports/"):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;" in page


def test_the_public_sees_the_name_only_if_chosen_and_never_the_phone(province, citizen):
    category = Category.objects.get(code="den-duong")
    values = dict(category=category, reporter=citizen, latitude=BINH_AN[0], longitude=BINH_AN[1])
    hidden = actions.do_submit_report(**values, description="Một")
    shown = actions.do_submit_report(**values, description="Hai", show_name=True)
    anonymous = citizen_client(make_user("+84912000999", "Người Khác", UserKind.CITIZEN))
    hidden_page = anonymous.get(f"/reports/{hidden.public_id}/").content.decode()
    shown_page = anonymous.get(f"/reports/{shown.public_id}/").content.decode()
    assert citizen.full_name not in hidden_page and "ẩn danh" in hidden_page
    assert citizen.full_name in shown_page
    for page in (hidden_page, shown_page):
        assert "912000101" not in page and "dan@example.vn" not in page


def test_map_points_in_a_bounding_box_with_filters(province, citizen):
    category = Category.objects.get(code="den-duong")
    inside = actions.do_submit_report(
        category=category, reporter=citizen, latitude=11.30, longitude=106.15, description="A"
    )
    actions.do_submit_report(
        category=category, reporter=citizen, latitude=11.10, longitude=106.35, description="B"
    )
    client = citizen_client(citizen)
    data = client.get("/reports/map.json?bbox=106.1,11.25,106.2,11.35").json()
    assert [f["properties"]["url"] for f in data["features"]] == [f"/reports/{inside.public_id}/"]
    assert data["features"][0]["geometry"]["coordinates"] == [106.15, 11.3]
    assert (
        client.get("/reports/map.json?bbox=106.1,11.0,106.5,11.4&status=closed").json()["features"]
        == []
    )
    for bad in ("", "1,2,3", "a,b,c,d", "106.5,11,106.1,11.4", "nan,1,2,3", "200,0,210,1"):
        response = client.get(f"/reports/map.json?bbox={bad}")
        assert response.status_code == 400 and "bbox" in response.json()["error"]


def test_list_filters_and_wrong_filter_values(province, citizen):
    category = Category.objects.get(code="den-duong")
    actions.do_submit_report(
        category=category, reporter=citizen, latitude=11.30, longitude=106.15, description="Đèn A"
    )
    client = citizen_client(citizen)
    assert "Đèn A" in client.get("/reports/?category=den-duong&status=open").content.decode()
    assert "Đèn A" not in client.get("/reports/?category=rac-thai").content.decode()
    assert "Đèn A" not in client.get("/reports/?commune=99028").content.decode()
    for junk in ("?status=xyz", "?since=2026-13-45", "?category=<b>", "?page=abc"):
        assert client.get(f"/reports/{junk}").status_code == 200


def test_hidden_and_held_reports_are_not_public(province, citizen, settings, binh_an_staff):
    settings.REPORT_HOLD_WORDS = ["lừa đảo"]
    category = Category.objects.get(code="den-duong")
    held = actions.do_submit_report(
        category=category,
        reporter=citizen,
        latitude=BINH_AN[0],
        longitude=BINH_AN[1],
        description="Ông X lua dao bà con",  # matched without diacritics too
    )
    assert held.is_public is False
    stranger = citizen_client(make_user("+84912000998", "Người Lạ", UserKind.CITIZEN))
    assert stranger.get(f"/reports/{held.public_id}/").status_code == 404
    assert "lua dao" not in stranger.get("/reports/").content.decode()
    assert citizen_client(citizen).get(f"/reports/{held.public_id}/").status_code == 200
    leader = official_client(binh_an_staff["leader"])
    assert held.description in leader.get("/console/reports/moderation/").content.decode()
    leader.post(f"/console/reports/{held.public_id}/publish/")
    assert stranger.get(f"/reports/{held.public_id}/").status_code == 200


def test_nearby_open_reports_of_the_same_category_are_offered(province, citizen):
    category = Category.objects.get(code="den-duong")
    near = actions.do_submit_report(
        category=category, reporter=citizen, latitude=11.3000, longitude=106.1500, description="N"
    )
    actions.do_submit_report(  # 1 km away: not "the same one"
        category=category, reporter=citizen, latitude=11.3090, longitude=106.1500, description="F"
    )
    other = make_user("+84912000997", "Hàng Xóm", UserKind.CITIZEN)
    client = citizen_client(other)
    page = client.get("/reports/new/nearby/?category=den-duong&lat=11.3005&lon=106.1500")
    html = page.content.decode()
    assert f"/reports/{near.public_id}/follow/" in html and html.count("/follow/") == 1
    assert "cách 56 m" in html
    assert (
        "follow"
        not in client.get(
            "/reports/new/nearby/?category=rac-thai&lat=11.3005&lon=106.15"
        ).content.decode()
    )
    assert client.get("/reports/new/nearby/?category=den-duong&lat=abc").status_code == 200
    client.post(f"/reports/{near.public_id}/follow/")
    assert list(near.followers.all()) == [other]


def test_photo_location_is_offered_without_storing_anything(province, citizen):
    client = citizen_client(citizen)
    data = client.post("/reports/new/photo-location/", {"photo": jpeg(gps=BINH_AN)}).json()
    assert data == {
        "lat": pytest.approx(BINH_AN[0], abs=1e-4),
        "lon": pytest.approx(BINH_AN[1], abs=1e-4),
        "inside": True,
    }
    assert client.post("/reports/new/photo-location/", {"photo": jpeg()}).json()["lat"] is None
    bad = SimpleUploadedFile("a.jpg", b"<?php echo 1; ?>")
    response = client.post("/reports/new/photo-location/", {"photo": bad})
    assert response.status_code == 400 and "không phải ảnh" in response.json()["error"]
    assert not ReportPhoto.objects.exists()


def test_the_reporter_rates_and_others_cannot(province, citizen, binh_an_staff):
    category = Category.objects.get(code="den-duong")
    report = actions.do_submit_report(
        category=category,
        reporter=citizen,
        latitude=BINH_AN[0],
        longitude=BINH_AN[1],
        description="Đ",
    )
    actions.do_set_status(report, R.RESOLVED, acting_user=binh_an_staff["handler"], note="Xong")
    stranger = citizen_client(make_user("+84912000996", "Người Lạ", UserKind.CITIZEN))
    stranger.post(f"/reports/{report.public_id}/rate/", {"rating": "1"})
    client = citizen_client(citizen)
    client.post(f"/reports/{report.public_id}/rate/", {"rating": "9"})
    report.refresh_from_db()
    assert report.rating is None
    client.post(f"/reports/{report.public_id}/rate/", {"rating": "5"})
    report.refresh_from_db()
    assert report.rating == 5


def test_the_communes_layer_and_photos(province, citizen):
    data = json.loads(citizen_client(citizen).get("/reports/communes.geojson").content)
    assert len(data["features"]) == 10
    assert {"Phường Bình An", "Đặc khu Hòn Ngọc"} <= {
        f["properties"]["name"] for f in data["features"]
    }


def test_a_flood_of_reports_is_stopped(
    province, citizen, settings, django_capture_on_commit_callbacks
):
    settings.REPORTS_PER_ACCOUNT_HOUR = 3
    client = citizen_client(citizen)
    for n in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/reports/new/",
                {
                    "category": "den-duong",
                    "lat": "11.30",
                    "lon": "106.15",
                    "description": f"Đèn số {n} tắt",
                },
            )
    assert Report.objects.count() == 3
    assert "quá nhiều trong một giờ" in response.content.decode()


def test_a_banned_account_cannot_report(province, citizen, form_values, binh_an_staff):
    report = actions.do_submit_report(
        category=Category.objects.get(code="den-duong"),
        reporter=citizen,
        latitude=BINH_AN[0],
        longitude=BINH_AN[1],
        description="Nội dung xúc phạm",
    )
    leader = official_client(binh_an_staff["leader"])
    leader.post(f"/console/reports/{report.public_id}/ban/", {"note": "Xúc phạm", "days": "30"})
    response = citizen_client(citizen).post("/reports/new/", form_values)
    assert "đang bị chặn" in response.content.decode()
    assert Report.objects.count() == 1


def test_sending_the_same_report_twice_stores_one(province, citizen, form_values):
    client = citizen_client(citizen)
    client.post("/reports/new/", form_values)
    response = client.post("/reports/new/", form_values)
    assert "vừa gửi phản ánh này" in response.content.decode()
    assert Report.objects.count() == 1


def test_a_50_mb_upload_is_refused_with_a_message(province, citizen, form_values):
    huge = SimpleUploadedFile("anh-goc.jpg", b"\xff\xd8\xff" + bytes(50 * 1_048_576), "image/jpeg")
    response = citizen_client(citizen).post("/reports/new/", {**form_values, "photos": [huge]})
    assert response.status_code == 200
    assert "lớn hơn 15 MB" in response.content.decode()
    assert not Report.objects.exists() and not ReportPhoto.objects.exists()


def test_the_limit_per_address_holds_across_accounts(
    province, settings, form_values, django_capture_on_commit_callbacks
):
    settings.REPORTS_PER_IP_HOUR = 2
    people = [make_user(f"+8491200080{n}", f"Người {n}", UserKind.CITIZEN) for n in range(3)]
    for n, person in enumerate(people):
        with django_capture_on_commit_callbacks(execute=True):
            response = citizen_client(person).post(
                "/reports/new/", {**form_values, "description": f"Đèn {n}"}
            )
    assert Report.objects.count() == 2
    assert "quá nhiều trong một giờ" in response.content.decode()


def test_a_refused_report_keeps_its_photo_for_the_next_try(province, citizen, form_values):
    """A point outside the province was refused after sending, and the photo was
    silently dropped. Now it is kept (re-encoded, for its owner) and sent with the
    corrected report; nobody else can use it."""
    import re

    from tinhso.reports.models import KeptPhoto

    client = citizen_client(citizen)
    outside = {**form_values, "lat": str(HANOI[0]), "lon": str(HANOI[1])}
    page = client.post("/reports/new/", {**outside, "photos": [jpeg(name="den-hong.jpg")]})
    html = page.content.decode()
    assert "ngoài địa bàn" in html and not Report.objects.exists()
    assert "den-hong.jpg" in html and 'name="kept_photo"' in html
    token = re.search(r'name="kept_photo" value="([0-9a-f-]+)" checked', html).group(1)
    stranger = make_user("+84901000999", "Người Lạ")
    citizen_client(stranger).post("/reports/new/", {**form_values, "kept_photo": token})
    assert not ReportPhoto.objects.exists()  # not the stranger's photo to send
    assert KeptPhoto.objects.count() == 1
    Report.objects.all().delete()
    answer = client.post("/reports/new/", {**form_values, "kept_photo": token})
    report = Report.objects.get()
    assert answer.status_code == 302 and report.photos.count() == 1
    assert not KeptPhoto.objects.exists()  # used: gone
