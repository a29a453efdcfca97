"""Demo traffic camera: a generated junction clip (synthetic scene with ground truth)
run through the vision worker, so that its violations wait in the review queue."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from tinhso.core.choices import AdminUnitKind
from tinhso.core.maps import areas
from tinhso.core.models import AdminUnit
from tinhso.traffic.models import Camera, Violation

CODE = "nga-tu-demo"


def load(say: Callable[[str], None]) -> None:
    from tinhso.traffic.worker import CameraRunner
    from tinhso.vision import synth_scene
    from tinhso.vision.plate_finder import PlateFinder
    from tinhso.vision.recognizer import OnnxPlateReader

    ward = AdminUnit.objects.filter(kind=AdminUnitKind.WARD).order_by("code").first()
    if ward is None:
        say("Camera demo: không có phường để đặt camera, bỏ qua")
        return
    if Violation.objects.filter(camera__code=CODE).exists():
        say("Camera demo: đã phân tích từ lần chạy trước")
        return
    spot = next((a.geometry.representative_point() for a in areas() if a.unit_id == ward.pk), None)
    clip = Path(settings.VAR_DIR) / "demo" / "junction.mp4"
    clip.parent.mkdir(parents=True, exist_ok=True)
    truth = synth_scene.generate(clip, seconds=40, seed=1)
    camera, _created = Camera.objects.update_or_create(
        code=CODE,
        defaults=dict(
            name="Ngã tư trung tâm (video mô phỏng)",
            area=ward,
            latitude=spot.y if spot else 11.31,
            longitude=spot.x if spot else 106.10,
            stream_url=f"file://{clip}",
            calibration=truth["camera"]["calibration"],
        ),
    )
    # In this thread, not a worker's: the demo waits for it, in the caller's transaction.
    # The clip is short, so stops count as parking after 10 s instead of a minute.
    spool = Path(settings.TRAFFIC_SPOOL_DIR)
    finder = PlateFinder(OnnxPlateReader())
    CameraRunner(camera, spool, finder, synth_scene.PARKING_GRACE_SECONDS).run()
    found = Violation.objects.filter(camera__code=CODE).count()
    expected = len(truth["violations"])
    say(f"Camera {CODE}: {found} vi phạm (đoạn phim có {expected}) chờ cán bộ xem xét")
