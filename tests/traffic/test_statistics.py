"""Traffic statistics per camera, kind and day, and the IOC's traffic indicators."""

import datetime as dt

from django.utils import timezone

from tests.conftest import citizen_client, official_client
from tests.traffic.test_violations import camera, event, officer  # noqa: F401
from tinhso.core import derived
from tinhso.core.models import AdminUnit
from tinhso.traffic import actions


def test_counts_per_camera_kind_and_day_without_rejected(camera, officer, citizen):  # noqa: F811
    now = timezone.now()
    event(camera, event_id="s-1", occurred_at=now - dt.timedelta(minutes=5))
    event(camera, event_id="s-2", occurred_at=now - dt.timedelta(minutes=4))
    event(camera, event_id="s-3", kind="illegal_parking", occurred_at=now - dt.timedelta(minutes=3))
    rejected, _ = event(camera, event_id="s-4", occurred_at=now - dt.timedelta(minutes=2))
    actions.do_reject(rejected, acting_user=officer, reason="Xe cứu thương")
    desk = official_client(officer)
    page = desk.get("/console/traffic/statistics/").content.decode()
    assert "Vượt đèn đỏ" in page and "Dừng, đỗ sai quy định" in page
    csv_text = desk.get("/console/traffic/statistics/", {"format": "csv"}).content.decode()
    lines = csv_text.strip().splitlines()
    assert lines[0] == "day,camera,kind,count,verified_or_later"
    counts = {(line.split(",")[2]): int(line.split(",")[3]) for line in lines[1:]}
    assert counts == {"red_light": 2, "illegal_parking": 1}
    bad = desk.get("/console/traffic/statistics/", {"start": "không phải ngày"})
    assert bad.status_code == 200
    assert citizen_client(citizen).get("/console/traffic/statistics/").status_code in (302, 403)

    province = AdminUnit.objects.get(code="01")
    start, end = now - dt.timedelta(days=1), now + dt.timedelta(minutes=1)
    assert derived.value("traffic_violations", province, start, end) == 3.0
    assert derived.value("traffic_red_light", province, start, end) == 2.0
    assert derived.value("traffic_cameras_offline", province, start, end) == 1.0
