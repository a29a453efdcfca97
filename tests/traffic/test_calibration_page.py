"""Calibrating a camera from the console: drawn or typed JSON, checked before saving,
only by traffic officers; the snapshot comes from the camera's stream."""

import json

import pytest

from tests.conftest import citizen_client, official_client
from tests.traffic.test_violations import officer  # noqa: F401
from tinhso.core.models import AuditEntry
from tinhso.traffic.models import Camera
from tinhso.vision import synth_scene


@pytest.fixture
def camera(places, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    clip = tmp_path / "cam.mp4"
    truth = synth_scene.generate(clip, seconds=2, seed=4, size=(640, 360))
    camera = Camera.objects.create(
        code="cam-1", name="Ngã tư C", area=places["ward"], latitude=1, longitude=1,
        stream_url=str(clip),
    )  # fmt: skip
    camera.truth = truth
    return camera


GOOD = {
    "stop_line": [[100, 150], [400, 150]],
    "forbidden_direction": [0, -1],
    "light_region": [580, 20, 30, 70],
    "no_parking": [
        {
            "polygon": [[450, 200], [560, 200], [560, 330], [450, 330]],
            "allowed_minutes": 5,
            "hours": "07:00-19:00",
        }
    ],
}


def post(client, camera, data):
    text = data if isinstance(data, str) else json.dumps(data)
    return client.post(
        f"/console/traffic/cameras/{camera.code}/calibrate/", {"calibration": text}, follow=True
    )


def test_an_officer_saves_a_checked_calibration_with_audit(camera, officer):  # noqa: F811
    desk = official_client(officer)
    page = desk.get(f"/console/traffic/cameras/{camera.code}/calibrate/").content.decode()
    assert "calib-overlay" in page and "traffic/calibrate.js" in page
    snapshot = desk.get(f"/console/traffic/cameras/{camera.code}/snapshot.jpg")
    assert snapshot.status_code == 200 and snapshot.content[:2] == b"\xff\xd8"
    response = post(desk, camera, GOOD)
    assert "Đã lưu hiệu chỉnh camera." in response.content.decode()
    camera.refresh_from_db()
    assert camera.calibration["stop_line"] == [[100.0, 150.0], [400.0, 150.0]]
    assert camera.calibration["no_parking"][0]["allowed_minutes"] == 5
    assert AuditEntry.objects.filter(action="traffic.camera_calibrated").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "không phải JSON hợp lệ"),
        ({**GOOD, "stop_line": [[100, 150], [102, 151]]}, "Vạch dừng quá ngắn"),
        ({**GOOD, "forbidden_direction": [1, 0]}, "Hướng cấm phải cắt ngang vạch dừng"),
        ({**GOOD, "no_parking": [{"polygon": [[0, 0], [100, 100], [100, 0], [0, 100]]}]}, "tự cắt"),
        ({**GOOD, "no_parking": [{**GOOD["no_parking"][0], "hours": "7h-19h"}]}, "Khung giờ"),
        ({"stop_line": GOOD["stop_line"], "forbidden_direction": [0, -1]}, "vùng đèn tín hiệu"),
        ("[" * 5000, "không phải JSON hợp lệ"),
    ],
)
def test_a_wrong_calibration_is_refused_with_its_reason_and_nothing_changes(
    camera,
    officer,  # noqa: F811
    data,
    message,
):
    camera.calibration = GOOD
    camera.save()
    response = post(official_client(officer), camera, data)
    assert response.status_code == 200 and message in response.content.decode()
    camera.refresh_from_db()
    assert camera.calibration == GOOD


def test_outsiders_cannot_calibrate_or_see_snapshots(camera, commune_admin, citizen):
    for client in (official_client(commune_admin), citizen_client(citizen)):
        answer = client.post(
            f"/console/traffic/cameras/{camera.code}/calibrate/", {"calibration": json.dumps(GOOD)}
        )
        assert answer.status_code in (302, 403)
        assert client.get(f"/console/traffic/cameras/{camera.code}/snapshot.jpg").status_code in (
            302,
            403,
        )
    camera.refresh_from_db()
    assert camera.calibration == {}


def test_a_camera_without_picture_offers_json_only(places, officer, tmp_path, settings):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    dead = Camera.objects.create(
        code="dead", name="Camera mất tín hiệu", area=places["ward"], latitude=1, longitude=1,
        stream_url=str(tmp_path / "missing.mp4"),
    )  # fmt: skip
    desk = official_client(officer)
    page = desk.get(f"/console/traffic/cameras/{dead.code}/calibrate/").content.decode()
    assert "Chưa có ảnh từ camera" in page and "calib-overlay" not in page
    assert desk.get(f"/console/traffic/cameras/{dead.code}/snapshot.jpg").status_code == 404
    refreshed = desk.post(
        f"/console/traffic/cameras/{dead.code}/calibrate/", {"refresh": "1"}, follow=True
    )
    assert "Không lấy được ảnh từ camera" in refreshed.content.decode()
