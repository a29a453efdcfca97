"""Open311 GeoReport v2, checked field by field against the spec
(http://wiki.open311.org/GeoReport_v2) in both formats."""

import datetime as dt
import re
import threading
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image

from tests.loopback import serve
from tests.reports.conftest import BINH_AN, HANOI, jpeg
from tinhso.core.apikeys import do_issue_key
from tinhso.reports import actions
from tinhso.reports.choices import ReportStatus as R
from tinhso.reports.models import ApiClient, Category, Report, ReportUpdate

BASE = "/open311/v2"
OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


@pytest.fixture
def api_key(province):
    client = ApiClient.objects.create(name="Ứng dụng đối tác", key_hash="pending")
    return do_issue_key(client)


@pytest.fixture
def open311():
    return Client()


def xml(response):
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own server's answer)


def post(open311, api_key, fmt="json", **values):
    data = {
        "api_key": api_key,
        "service_code": "den-duong",
        "lat": str(BINH_AN[0]),
        "long": str(BINH_AN[1]),
        "description": "Đèn đường tắt",
        "email": "dan@example.vn",
        "first_name": "Thị Dân",
        "last_name": "Nguyễn",
        **values,
    }
    data = {k: v for k, v in data.items() if v is not None}
    return open311.post(f"{BASE}/requests.{fmt}", data)


def test_discovery(open311, province):
    data = open311.get(f"{BASE}/discovery.json").json()
    assert set(data) == {"changeset", "contact", "key_service", "endpoints"}
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = xml(open311.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]


def test_service_list_in_both_formats(open311, province):
    services = open311.get(f"{BASE}/services.json").json()
    assert len(services) == 11
    lamp = next(s for s in services if s["service_code"] == "den-duong")
    assert lamp == {
        "service_code": "den-duong",
        "service_name": "Đèn đường hỏng, không sáng",
        "description": "",
        "metadata": True,
        "type": "realtime",
        "keywords": "đèn, chiếu sáng, tối",
        "group": "Hạ tầng đô thị",
    }
    root = xml(open311.get(f"{BASE}/services.xml"))
    assert root.tag == "services" and len(root.findall("service")) == 11
    node = next(s for s in root.findall("service") if s.findtext("service_code") == "den-duong")
    assert [child.tag for child in node] == list(lamp)
    assert node.findtext("metadata") == "true" and node.findtext("type") == "realtime"


def test_service_definition_with_attributes_and_values(open311, province):
    data = open311.get(f"{BASE}/services/o-ga-mat-duong.json").json()
    assert data["service_code"] == "o-ga-mat-duong"
    (attribute,) = data["attributes"]
    assert attribute == {
        "variable": True,
        "code": "size",
        "datatype": "singlevaluelist",
        "required": True,
        "datatype_description": "",
        "order": 1,
        "description": "Kích thước",
        "values": [{"key": "small", "name": "Nhỏ (dưới 50 cm)"}, {"key": "large", "name": "Lớn"}],
    }
    root = xml(open311.get(f"{BASE}/services/o-ga-mat-duong.xml"))
    assert root.tag == "service_definition"
    assert root.findtext("attributes/attribute/required") == "true"
    assert [v.findtext("key") for v in root.findall("attributes/attribute/values/value")] == [
        "small",
        "large",
    ]
    missing = open311.get(f"{BASE}/services/khong-co.json")
    assert missing.status_code == 404
    assert missing.json()[0]["code"] == 404 and "khong-co" in missing.json()[0]["description"]


def test_posting_needs_a_valid_api_key(open311, api_key):
    for key, fmt in ((None, "json"), ("", "xml"), ("sai-khoa", "json")):
        response = post(open311, key, fmt)
        assert response.status_code == 403
        if fmt == "json":
            assert response.json()[0]["code"] == 403
        else:
            assert xml(response).findtext("error/code") == "403"
    ApiClient.objects.update(is_active=False)
    assert post(open311, api_key).status_code == 403
    assert not Report.objects.exists()


def test_a_posted_request_goes_through_the_same_actions(open311, api_key):
    response = post(open311, api_key, attribute_pole=None, **{"attribute[pole_number]": "C-12"})
    assert response.status_code == 200
    (created,) = response.json()
    report = Report.objects.get()
    assert created["service_request_id"] == str(report.pk)
    assert created["token"] == str(report.public_id)
    assert "Ủy ban nhân dân phường Bình An" in created["service_notice"]
    assert report.source == "open311" and report.attributes == {"pole_number": "C-12"}
    assert report.contact["email"] == "dan@example.vn" and report.reporter is None
    assert report.unit.identifier == "000.01.00.H99"
    # The reporter's contact is never published.
    listed = open311.get(f"{BASE}/requests.json").json()
    assert "dan@example.vn" not in str(listed) and "Nguyễn" not in str(listed)
    root = xml(post(open311, api_key, "xml", description="Đèn thứ hai"))
    assert root.tag == "service_requests"
    assert [c.tag for c in root.find("request")] == [
        "service_request_id",
        "token",
        "service_notice",
        "account_id",
    ]


@pytest.mark.parametrize(
    "values, status, message",
    [
        ({"service_code": "khong-co"}, 400, "service_code"),
        ({"service_code": ""}, 400, "service_code"),
        ({"lat": None, "long": None, "address_string": "12 Lê Lợi"}, 400, "lat và long"),
        ({"lat": str(HANOI[0]), "long": str(HANOI[1])}, 400, "ngoài địa bàn"),
        ({"lat": "abc"}, 400, "Vị trí không hợp lệ"),
        ({"description": ""}, 400, "mô tả"),
        ({"service_code": "o-ga-mat-duong"}, 400, "Thiếu thông tin bắt buộc"),
        ({"service_code": "cay-xanh", "attribute[blocking]": "maybe"}, 400, "danh sách"),
    ],
)
def test_bad_posts_get_the_error_list_and_store_nothing(open311, api_key, values, status, message):
    response = post(open311, api_key, **values)
    assert response.status_code == status
    (error,) = response.json()
    assert error["code"] == status and message in error["description"]
    assert not Report.objects.exists()


def test_multi_value_attributes(open311, api_key):
    category = Category.objects.get(code="khac")
    category.attributes = [
        {
            "code": "kinds",
            "datatype": "multivaluelist",
            "required": True,
            "description": "Loại",
            "values": [{"key": "a", "name": "A"}, {"key": "b", "name": "B"}],
        }
    ]
    category.save()
    response = open311.post(
        f"{BASE}/requests.json",
        {
            "api_key": api_key,
            "service_code": "khac",
            "lat": "11.30",
            "long": "106.15",
            "description": "Nhiều loại",
            "attribute[kinds][]": ["a", "b"],
        },
    )
    assert response.status_code == 200
    assert Report.objects.get().attributes == {"kinds": ["a", "b"]}


def test_uploaded_media_has_its_exif_removed(open311, api_key):
    response = post(open311, api_key, media=jpeg(gps=BINH_AN))
    assert response.status_code == 200
    stored = Image.open(Report.objects.get().photos.get().image.open("rb"))
    assert not stored.getexif()
    listed = open311.get(f"{BASE}/requests.json").json()[0]
    photo = open311.get(listed["media_url"].replace("http://testserver", ""))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"


@pytest.fixture
def media_server():
    """A photo server on loopback, as a partner's media host."""
    image = jpeg(gps=BINH_AN).read()

    def respond(path: str) -> tuple[int, dict[str, str], bytes]:
        if path == "/anh.jpg":
            return 200, {"Content-Type": "image/jpeg"}, image
        if path == "/trang.html":
            return 200, {"Content-Type": "text/html"}, b"<html>not a photo</html>"
        return 302, {"Location": "http://169.254.169.254/"}, b""

    with serve(respond) as (port, _seen):
        yield f"http://127.0.0.1:{port}"


def test_media_url_is_fetched_only_from_allowed_hosts(open311, api_key, media_server):
    response = post(open311, api_key, media_url=f"{media_server}/anh.jpg")
    assert response.status_code == 400 and "chưa được phép" in response.json()[0]["description"]
    ApiClient.objects.update(media_hosts="127.0.0.1")
    assert post(open311, api_key, media_url=f"{media_server}/trang.html").status_code == 400
    assert post(open311, api_key, media_url=f"{media_server}/chuyen-huong").status_code == 400
    assert post(open311, api_key, media_url="file:///etc/passwd").status_code == 400
    assert not Report.objects.exists()
    assert post(open311, api_key, media_url=f"{media_server}/anh.jpg").status_code == 200
    assert not Image.open(Report.objects.get().photos.get().image.open("rb")).getexif()


@pytest.fixture
def three_reports(province, citizen):
    lamp = Category.objects.get(code="den-duong")
    trees = Category.objects.get(code="cay-xanh")
    values = dict(reporter=citizen, latitude=BINH_AN[0], longitude=BINH_AN[1])
    old = actions.do_submit_report(category=lamp, description="Cũ", **values)
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=100))
    open_ = actions.do_submit_report(
        category=trees, description="Cây đổ", attributes={"blocking": "yes"}, **values
    )
    closed = actions.do_submit_report(category=lamp, description="Đèn", **values)
    return old, open_, closed


def test_reading_requests_field_by_field(open311, three_reports, binh_an_staff):
    _old, open_, closed = three_reports
    actions.do_set_status(closed, R.RESOLVED, acting_user=binh_an_staff["handler"], note="Đã sửa")
    listed = open311.get(f"{BASE}/requests.json").json()
    assert [r["service_request_id"] for r in listed] == [str(closed.pk), str(open_.pk)]  # 90 days
    item = listed[0]
    assert list(item) == REQUEST_FIELDS
    assert item["status"] == "closed" and item["status_notes"] == "Đã sửa"
    assert item["service_code"] == "den-duong" and item["lat"] == BINH_AN[0]
    assert item["agency_responsible"] == "Ủy ban nhân dân phường Bình An"
    for key in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert OFFSET.match(item[key]), item[key]
    root = xml(open311.get(f"{BASE}/requests.xml"))
    assert root.tag == "service_requests"
    assert [c.tag for c in root.find("request")] == REQUEST_FIELDS
    assert root.find("request").findtext("status") == "closed"


def test_request_filters(open311, three_reports, binh_an_staff):
    old, open_, closed = three_reports
    actions.do_set_status(closed, R.RESOLVED, acting_user=binh_an_staff["handler"], note="Xong")

    def ids(query):
        response = open311.get(f"{BASE}/requests.json?{query}")
        assert response.status_code == 200, response.content
        return [r["service_request_id"] for r in response.json()]

    assert ids("status=open") == [str(open_.pk)]
    assert ids("status=closed") == [str(closed.pk)]
    assert ids("status=open,closed") == [str(closed.pk), str(open_.pk)]
    assert ids("service_code=cay-xanh") == [str(open_.pk)]
    assert ids("service_code=den-duong,cay-xanh&status=") == [str(closed.pk), str(open_.pk)]
    # service_request_id overrides every other filter, the 90 days included.
    assert ids(f"service_request_id={old.pk},{open_.pk}&status=closed") == [
        str(open_.pk),
        str(old.pk),
    ]
    start = (timezone.now() - dt.timedelta(days=120)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (timezone.now() - dt.timedelta(days=50)).isoformat()
    assert ids(f"start_date={start}&end_date={end}") == [str(old.pk)]
    assert ids("start_date=&end_date=&service_code=&jurisdiction_id=binhan.gov.vn") == [
        str(closed.pk),
        str(open_.pk),
    ]
    assert ids("page_size=1") == [str(closed.pk)] and ids("page_size=1&page=2") == [str(open_.pk)]
    assert ids("page=3&page_size=1") == []


@pytest.mark.parametrize(
    "query, message",
    [
        ("start_date=hôm-qua", "start_date"),
        ("end_date=2026-02-30T00:00:00Z", "end_date"),
        ("start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", "90"),
        ("start_date=2026-06-01T00:00:00Z&end_date=2026-01-01T00:00:00Z", "trước"),
        ("status=pending", "status"),
        ("page=0", "page"),
        ("page_size=abc", "page"),
    ],
)
def test_bad_queries_get_400_with_the_error_list(open311, province, query, message):
    response = open311.get(f"{BASE}/requests.json?{query}")
    assert response.status_code == 400
    assert message in response.json()[0]["description"]
    root = xml(open311.get(f"{BASE}/requests.xml?{query}"))
    assert root.tag == "errors" and root.findtext("error/code") == "400"


def test_one_request_token_and_extensions(open311, three_reports, binh_an_staff):
    _old, open_, _closed = three_reports
    actions.do_set_status(open_, R.ACCEPTED, acting_user=binh_an_staff["handler"], note="Đã nhận")
    one = open311.get(f"{BASE}/requests/{open_.pk}.json").json()
    assert len(one) == 1 and one[0]["service_request_id"] == str(open_.pk)
    assert "extended_attributes" not in one[0]
    extended = open311.get(f"{BASE}/requests/{open_.pk}.json?extensions=true").json()[0]
    notes = extended["extended_attributes"]["notes"]
    assert [n["status"] for n in notes] == ["new", "accepted"] and notes[1][
        "description"
    ] == "Đã nhận"
    assert OFFSET.match(notes[0]["datetime"])
    root = xml(open311.get(f"{BASE}/requests/{open_.pk}.xml?extensions=true"))
    assert [
        n.findtext("status") for n in root.findall("request/extended_attributes/notes/note")
    ] == [
        "new",
        "accepted",
    ]
    for missing in ("999999", "abc"):
        assert open311.get(f"{BASE}/requests/{missing}.json").status_code == 404
    token = open311.get(f"{BASE}/tokens/{open_.public_id}.json").json()
    assert token == [{"service_request_id": str(open_.pk), "token": str(open_.public_id)}]
    assert open311.get(f"{BASE}/tokens/khong-co.xml").status_code == 404


def test_hidden_reports_are_not_served(open311, three_reports, binh_an_staff):
    _old, open_, _closed = three_reports
    actions.do_hide(open_, acting_user=binh_an_staff["leader"], note="Sai sự thật")
    assert open311.get(f"{BASE}/requests/{open_.pk}.json").status_code == 404
    listed = open311.get(f"{BASE}/requests.json").json()
    assert str(open_.pk) not in [r["service_request_id"] for r in listed] and len(listed) == 1


def test_service_request_updates(open311, api_key, three_reports, binh_an_staff):
    _old, open_, _closed = three_reports
    actions.do_set_status(open_, R.ACCEPTED, acting_user=binh_an_staff["handler"], note="Đã nhận")
    updates = open311.get(f"{BASE}/servicerequestupdates.json").json()
    mine = [u for u in updates if u["service_request_id"] == str(open_.pk)]
    assert [u["status"] for u in mine] == ["OPEN", "INVESTIGATING"]
    assert list(mine[1]) == [
        "update_id",
        "service_request_id",
        "status",
        "updated_datetime",
        "description",
        "media_url",
    ]
    root = xml(open311.get(f"{BASE}/servicerequestupdates.xml"))
    assert (
        root.tag == "service_request_updates" and root.find("request_update/update_id") is not None
    )
    # A comment from the client's user: recorded, the status unchanged.
    response = open311.post(
        f"{BASE}/servicerequestupdates.json",
        {
            "api_key": api_key,
            "service_request_id": open_.pk,
            "description": "Vẫn chưa dọn",
            "status": "CLOSED",
        },
    )
    assert response.status_code == 200
    update = ReportUpdate.objects.get(pk=response.json()[0]["update_id"])
    assert update.is_comment and update.note == "Vẫn chưa dọn"
    open_.refresh_from_db()
    assert open_.status == R.ACCEPTED
    assert (
        open311.post(
            f"{BASE}/servicerequestupdates.json",
            {"service_request_id": open_.pk, "description": "x"},
        ).status_code
        == 403
    )
    assert (
        open311.post(
            f"{BASE}/servicerequestupdates.json",
            {"api_key": api_key, "service_request_id": "999999", "description": "x"},
        ).status_code
        == 404
    )


def test_a_flood_from_one_client_user_is_stopped(
    open311, api_key, settings, django_capture_on_commit_callbacks
):
    settings.REPORTS_PER_ACCOUNT_HOUR = 2
    codes = []
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            codes.append(post(open311, api_key, description=f"Đèn {n}").status_code)
    assert codes == [200, 200, 429]
    assert Report.objects.count() == 2
    # Another person using the same app is not blocked by the first one's flood.
    assert post(open311, api_key, email="khac@example.vn", description="Khác").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_thirty_parallel_open311_posts_pass_the_limit_exactly(settings, province):
    """Finding 14: 30 posts at once with one e-mail, a limit of 10."""
    from django.db import connections

    settings.REPORTS_PER_ACCOUNT_HOUR = 10
    settings.REPORTS_PER_IP_HOUR = 1000
    key = do_issue_key(ApiClient.objects.create(name="Đối tác", key_hash="pending"))
    statuses: list[int] = []

    def send() -> None:
        try:
            statuses.append(post(Client(), key).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses.count(200) == 10, sorted(statuses)
    assert set(statuses) <= {200, 429}
    assert Report.objects.count() == 10
