"""The IOC pages: who sees them, the dashboard, drill-down, alerts, CSV upload."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.conftest import citizen_client, grant, make_user, official_client
from tinhso.accounts.choices import Role
from tinhso.ioc.ingest import ingest
from tinhso.ioc.models import Alert, Observation


@pytest.fixture
def viewer(places):
    return grant(make_user("+84901000911", "Lãnh Đạo Tỉnh"), places["ubnd"], Role.IOC_VIEWER)


@pytest.fixture
def ward_leader(places):
    return grant(make_user("+84901000912", "Chủ Tịch Phường"), places["ward_ubnd"], Role.APPROVER)


def send(value, area="01001", minutes_ago=0):
    at = timezone.localtime() - dt.timedelta(minutes=minutes_ago)
    return ingest(
        [{"indicator": "pm25", "area": area, "time": at.isoformat(), "value": value}],
        source_name="t",
    )


def test_only_ioc_roles_see_the_dashboard(pm25, viewer, receptionist, citizen):
    assert official_client(viewer).get("/console/ioc/").status_code == 200
    assert official_client(receptionist).get("/console/ioc/").status_code == 403
    assert citizen_client(citizen).get("/console/ioc/").status_code in (302, 403)


def test_the_board_shows_tiles_alerts_and_refreshes_itself(pm25, viewer):
    # Two readings in the same clock hour (whatever the time the test runs at).
    hour = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    for seconds, value in ((0, 30), (1, 120)):
        at = hour + dt.timedelta(seconds=seconds)
        ingest(
            [{"indicator": "pm25", "area": "01001", "time": at.isoformat(), "value": value}],
            source_name="t",
        )
    client = official_client(viewer)
    page = client.get("/console/ioc/").content.decode()
    # Minute data shows as the hour's mean (75) on the tile; the alert has the 120, so the
    # tile is as red as that alert, not the mean's mere warning.
    assert "Bụi mịn PM2.5" in page and "kpi-critical" in page and ">75 <small>" in page
    assert 'hx-trigger="every 30s"' in page
    assert Alert.objects.get().message in page
    partial = client.get("/console/ioc/", HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<div id="board"') and "<html" not in partial
    assert 'data-mode="ioc"' in page and "Tô màu theo chỉ số" in page  # the commune map
    # A wider time range: the tiles of fast data go by day instead of by hour.
    week = client.get("/console/ioc/?range=7d").content.decode()
    assert 'range=7d" aria-current="page"' in week
    from tinhso.ioc import dashboard

    daily = dashboard.tile(pm25, pm25.owner.area, span=dashboard.RANGES["7d"])
    assert all(timezone.localtime(t).hour == 0 for t, _v in daily.points)
    wall = client.get("/console/ioc/?wall=1").content.decode()
    assert 'class="wall"' in wall and "Thoát màn hình lớn" in wall


def test_drill_down_from_the_province_to_a_commune_and_its_records(pm25, viewer, places):
    send(40, "01001")
    send(80, "01004")
    client = official_client(viewer)
    page = client.get("/console/ioc/i/pm25/?area=01").content.decode()
    assert "Phường An" in page and "Xã Bình" in page  # the communes' table
    assert "?area=01004" in page
    commune = client.get("/console/ioc/i/pm25/?area=01004&range=7d").content.decode()
    assert "Bụi mịn PM2.5 — Xã Bình" in commune
    assert "80" in commune  # the observation behind the value
    assert client.get("/console/ioc/i/khong-co/").status_code == 404
    assert client.get("/console/ioc/i/pm25/?range=forever").status_code == 200


def test_a_commune_leader_sees_only_the_commune(pm25, ward_leader):
    client = official_client(ward_leader)
    page = client.get("/console/ioc/?area=01").content.decode()
    assert "Phường An" in page and "Tỉnh Test" not in page
    send(150, "01004")  # an alert in another commune
    alert = Alert.objects.get()
    assert client.get(f"/console/ioc/alerts/{alert.pk}/").status_code == 404
    assert alert.message not in client.get("/console/ioc/alerts/").content.decode()


def test_acknowledge_and_resolve_from_the_alert_page(pm25, viewer):
    send(150)
    alert = Alert.objects.get()
    client = official_client(viewer)
    notice = viewer.notifications.get(template="ioc_alert")
    assert client.get(notice.link).status_code == 200
    client.post(f"/console/ioc/alerts/{alert.pk}/acknowledge/")
    client.post(f"/console/ioc/alerts/{alert.pk}/resolve/", {"note": ""})  # a note is required
    alert.refresh_from_db()
    assert alert.status == "acknowledged" and alert.acknowledged_by == viewer
    client.post(f"/console/ioc/alerts/{alert.pk}/resolve/", {"note": "Đã kiểm tra nguồn bụi"})
    alert.refresh_from_db()
    assert alert.status == "resolved" and alert.resolve_note == "Đã kiểm tra nguồn bụi"


def test_csv_upload_previews_errors_then_stores_the_good_rows(pm25, viewer):
    now = timezone.localtime().replace(second=0, microsecond=0)
    lines = ["indicator,area,time,value"]
    lines += [
        f"pm25,01001,{(now - dt.timedelta(minutes=n)).isoformat()},{20 + n}" for n in range(4)
    ]
    lines += ["pm25,01001,2026-13-01,5", "pm25,09999,2026-01-01,5", "pm25,01001,2026-01-01,abc"]
    file = SimpleUploadedFile("so-lieu.csv", "\n".join(lines).encode(), "text/csv")
    client = official_client(viewer)
    preview = client.post("/console/ioc/upload/", {"file": file}).content.decode()
    assert "4 dòng hợp lệ, 3 dòng lỗi" in preview
    assert "Dòng 6: Thời gian không hợp lệ" in preview and "Dòng 7" in preview
    assert not Observation.objects.exists()  # nothing stored before confirming
    token = preview.split('name="token" value="')[1].split('"')[0]
    client.post("/console/ioc/upload/", {"token": token})
    assert Observation.objects.count() == 4
    again = client.post("/console/ioc/upload/", {"token": token}, follow=True).content.decode()
    assert "hết hạn" in again and Observation.objects.count() == 4
    assert "../" not in token
    bad = client.post("/console/ioc/upload/", {"token": "../../etc/passwd"}, follow=True)
    assert "hết hạn" in bad.content.decode()


def test_an_upload_that_is_not_a_csv_says_so(pm25, viewer):
    client = official_client(viewer)
    page = client.post(
        "/console/ioc/upload/", {"file": SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n\x00")}
    ).content.decode()
    assert "không phải" in page or "Thiếu cột" in page
    assert not Observation.objects.exists()


def test_an_upload_may_carry_only_the_uploaders_indicators(pm25, ward_leader):
    """pm25 belongs to the province's committee: a ward's leader may not upload it."""
    now = timezone.localtime().replace(second=0, microsecond=0)
    body = f"indicator,area,time,value\npm25,01001,{now.isoformat()},12\n".encode()
    client = official_client(ward_leader)
    page = client.post(
        "/console/ioc/upload/", {"file": SimpleUploadedFile("a.csv", body)}
    ).content.decode()
    assert "0 dòng hợp lệ, 1 dòng lỗi" in page and "Không được gửi chỉ số" in page
    assert not Observation.objects.exists()


def test_a_tile_is_as_red_as_its_worst_area_and_grey_without_thresholds_or_data(places, viewer):
    """Dengue is counted per commune (thresholds 20/40 a commune) and summed for the
    province: a ward at 45 makes the province's tile critical although the sum is not
    compared with a commune's threshold. No thresholds or no data: grey, never green."""
    from tests.ioc.conftest import monthly_sum
    from tinhso.ioc.dashboard import tiles
    from tinhso.ioc.models import Indicator

    monthly_sum(
        "sot-xuat-huyet", "Ca sốt xuất huyết", sector="health", level="commune",
        warning=20, critical=40, direction="lower_better",
    )  # fmt: skip
    monthly_sum("thu-ngan-sach", "Thu ngân sách")  # no thresholds
    monthly_sum("chi-ngan-sach", "Chi ngân sách", warning=10)  # no data yet
    month = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    rows = [
        {"indicator": "sot-xuat-huyet", "area": "01001", "time": month.isoformat(), "value": 45},
        {"indicator": "sot-xuat-huyet", "area": "01004", "time": month.isoformat(), "value": 5},
        {"indicator": "thu-ngan-sach", "area": "01", "time": month.isoformat(), "value": 500},
    ]
    ingest(rows, source_name="t")
    by_code = {
        t.indicator.code: t for t in tiles(list(Indicator.objects.all()), places["province"])
    }
    assert by_code["sot-xuat-huyet"].value == 50 and by_code["sot-xuat-huyet"].level == "critical"
    assert by_code["thu-ngan-sach"].level == "unrated"
    assert by_code["chi-ngan-sach"].level == "nodata"
    page = official_client(viewer).get("/console/ioc/").content.decode()
    assert page.index("Ca sốt xuất huyết") < page.index("Thu ngân sách")  # the worst first
    assert "Chưa đặt ngưỡng" in page and "Chưa có số liệu" in page
    assert 'class="kpi kpi-ok"' not in page  # nothing here is within thresholds


def test_alerts_carry_their_severity_and_the_critical_come_first(pm25, viewer):
    send(60, area="01001", minutes_ago=2)  # warning
    send(150, area="01004", minutes_ago=1)  # critical
    page = official_client(viewer).get("/console/ioc/").content.decode()
    box = page[page.index("alerts-box") :]
    assert box.index("level-badge level-critical") < box.index("level-badge level-warning")
    assert "Nghiêm trọng" in box and "Cảnh báo" in box
    # And the AQI-style tile: a province mean below the line, one area above it → red.
    assert "kpi kpi-critical" in page
