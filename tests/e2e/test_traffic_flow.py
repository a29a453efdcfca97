"""A traffic officer draws a camera's calibration on its snapshot; the vision worker
analyses the camera's recording with that calibration; the officer verifies a
red-light violation in the review queue; a citizen looks the plate up and sees it."""

import re

import pytest
from django.utils import timezone

from tests.e2e.conftest import official_page, shot
from tinhso.traffic.choices import PlateColour
from tinhso.traffic.models import Camera, Violation
from tinhso.traffic.tasks import make_public_evidence
from tinhso.traffic.worker import run_cameras
from tinhso.vision import plates, synth_scene

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer(places):
    from tests.conftest import grant, make_user
    from tinhso.accounts.choices import Role

    return grant(make_user("+84901000961", "Cán Bộ CSGT"), places["ubnd"], Role.TRAFFIC_OFFICER)


def click_at(page, overlay, x, y, natural_width):
    box = overlay.bounding_box()
    scale = box["width"] / natural_width
    overlay.click(position={"x": x * scale, "y": y * scale})


def test_calibrate_detect_verify_and_look_up(
    live_server, browser, officer, places, settings, tmp_path
):
    settings.TRAFFIC_SPOOL_DIR = tmp_path / "spool"
    settings.TRAFFIC_MIN_PARKING_SECONDS = synth_scene.PARKING_GRACE_SECONDS
    clip = tmp_path / "junction.mp4"
    truth = synth_scene.generate(clip, seconds=40, seed=1)
    drawn = truth["camera"]["calibration"]
    camera = Camera.objects.create(
        code="nga-tu-e2e", name="Ngã tư Hùng Vương", area=places["ward"], latitude=11.3,
        longitude=106.1, stream_url=str(clip),
    )  # fmt: skip

    page = official_page(browser, live_server.url, officer)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/console/traffic/cameras/")
    page.get_by_role("link", name="Hiệu chỉnh").click()
    page.get_by_role("heading", name="Hiệu chỉnh camera: Ngã tư Hùng Vương").wait_for()
    overlay = page.locator("#calib-overlay[data-ready]")  # the picture has loaded
    overlay.wait_for()
    width = truth["size"][0]
    (x1, y1), (x2, y2) = drawn["stop_line"]
    page.get_by_label("Vạch dừng (bấm 2 điểm)").check()
    click_at(page, overlay, x1 + 5, y1, width)
    click_at(page, overlay, x2 - 5, y2, width)
    page.get_by_label("Phía cấm vượt khi đèn đỏ (bấm 1 điểm)").check()
    click_at(page, overlay, (x1 + x2) / 2, y1 - 100, width)
    lx, ly, lw, lh = drawn["light_region"]
    page.get_by_label("Vùng đèn tín hiệu (bấm 2 góc)").check()
    click_at(page, overlay, lx - 4, ly - 4, width)
    click_at(page, overlay, lx + lw + 4, ly + lh + 4, width)
    page.get_by_label("Vùng cấm đỗ (bấm các đỉnh)").check()
    for x, y in drawn["no_parking"][0]["polygon"]:
        click_at(page, overlay, x, y, width)
    page.get_by_role("button", name="Khép vùng").click()
    page.get_by_label("Vùng cấm đỗ 1").fill("0")
    page.get_by_label("Làn đường (bấm các đỉnh)").check()
    for x, y in ((480, 330), (650, 330), (650, 700), (480, 700)):
        click_at(page, overlay, x, y, width)
    page.get_by_role("button", name="Khép vùng").click()
    shot(page, "traffic-calibrate")
    page.get_by_role("button", name="Lưu hiệu chỉnh").click()
    page.get_by_text("Đã lưu hiệu chỉnh camera.").wait_for()
    camera.refresh_from_db()
    saved = camera.calibration
    assert abs(saved["stop_line"][0][1] - y1) < 12 and abs(saved["stop_line"][1][1] - y2) < 12
    assert saved["forbidden_direction"][1] < -0.99  # up the picture, away from the camera
    assert len(saved["no_parking"]) == 1 and len(saved["no_parking"][0]["polygon"]) == 4
    assert len(saved["lanes"]) == 1 and len(saved["lanes"][0]) == 4

    # The worker analyses the recording with what the officer drew.
    run_cameras("e2e:1", 1, once=True, finder_factory=_finder)
    red = [t for t in truth["violations"] if t["kind"] == "red_light"]
    stored = Violation.objects.filter(camera=camera, kind="red_light").order_by("occurred_at")
    assert stored.count() == len(red)
    first = stored.first()

    page.goto(live_server.url + "/console/traffic/")
    page.get_by_role(
        "link", name=timezone.localtime(first.occurred_at).strftime("%d/%m/%Y")
    ).first.click()
    page.get_by_role("heading", name="Vượt đèn đỏ — Ngã tư Hùng Vương").wait_for()
    page.get_by_role("img", name="Khung hình 3").wait_for()
    page.get_by_role("img", name="Ảnh biển số").wait_for()
    shot(page, "traffic-review")
    page.get_by_role("textbox", name=re.compile(r"^Biển số \(")).fill(
        plates.display(red[0]["plate"])
    )
    page.get_by_role("button", name="Xác minh (Alt+V)").click()
    page.get_by_text("Đã xác minh vi phạm.").wait_for()
    first.refresh_from_db()
    assert first.status == "verified" and first.plate == red[0]["plate"]
    page.context.close()
    make_public_evidence.call(first.pk)  # the task the verification queued

    colour = next(v["colour"] for v in truth["vehicles"] if v["plate"] == red[0]["plate"])
    citizen = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN").new_page()
    citizen.goto(live_server.url + "/traffic/lookup/")
    citizen.get_by_label("Biển số").fill(plates.display(red[0]["plate"]))
    # The colour is chosen among the four plates drawn on the page (no default).
    citizen.get_by_role("radio", name=str(PlateColour(colour).label)).check()
    citizen.get_by_role("button", name="Tra cứu").click()
    citizen.get_by_text("Ngã tư Hùng Vương").first.wait_for()
    assert citizen.get_by_text("Vượt đèn đỏ").count() >= 1
    citizen.get_by_role("img", name="Khung hình 2").wait_for()  # blurred public copy
    citizen.get_by_text(first.reference).wait_for()  # the reference on the posted notice
    shot(citizen, "traffic-lookup")
    # Looked up under another colour, the answer is never a plain "no violation".
    other = next(c for c in PlateColour if c != colour)
    citizen.get_by_role("radio", name=str(other.label)).check()
    citizen.get_by_role("button", name="Tra cứu").click()
    citizen.get_by_text(
        "Biển số này có vi phạm được ghi nhận với một màu nền biển khác."
    ).wait_for()
    assert citizen.get_by_text("Không có vi phạm nào").count() == 0
    assert citizen.get_by_text("Ngã tư Hùng Vương").count() == 0  # nor is it shown
    citizen.context.close()


def _finder():
    from tinhso.vision.plate_finder import PlateFinder
    from tinhso.vision.recognizer import OnnxPlateReader

    return PlateFinder(OnnxPlateReader())
