"""The event API for edge cameras and the vision worker."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from tinhso.core.apikeys import do_issue_key
from tinhso.traffic.models import Camera, Evidence, Violation

URL = "/api/v1/traffic/events"


@pytest.fixture
def camera_key(places):
    camera = Camera.objects.create(
        code="nga-tu-b", name="Ngã tư B", area=places["ward"], latitude=11.3, longitude=106.1
    )
    return do_issue_key(camera)


def jpeg(name="f.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 90, 90)).save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), "image/jpeg")


def send(key, event_id="b-1", frames=3, **extra):
    data = {
        "event_id": event_id,
        "kind": "red_light",
        "plate": "51F-123.45",
        "occurred_at": timezone.localtime().isoformat(),
        "confidence": "0.88",
        "frames": [jpeg(f"{i}.jpg") for i in range(frames)],
        "plate_image": jpeg("plate.jpg"),
        **extra,
    }
    return Client().post(URL, data, HTTP_X_CAMERA_KEY=key)


def test_an_event_with_evidence_once_even_when_resent(camera_key):
    first = send(camera_key)
    assert first.status_code == 201, first.content
    assert first.json()["plate"] == "51F12345" and first.json()["created"]
    again = send(camera_key)
    assert again.status_code == 200 and not again.json()["created"]
    assert Violation.objects.count() == 1
    assert Evidence.objects.filter(kind="frame").count() == 3
    assert Evidence.objects.filter(kind="plate").count() == 1


def test_a_camera_key_is_required(camera_key):
    assert send("").status_code == 401
    assert send("sai").status_code == 401
    assert not Violation.objects.exists()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"frames": 2}, "frames"),
        ({"occurred_at": "2026-11-22 10:00"}, "occurred_at"),  # no time zone
        ({"kind": "speeding"}, "kind"),
        ({"plate_image": SimpleUploadedFile("p.jpg", b"MZ not an image")}, "frames"),
        ({"clip": SimpleUploadedFile("c.mp4", b"not a video at all")}, "clip"),
    ],
)
def test_bad_events_store_nothing(camera_key, change, field):
    frames = change.pop("frames", 3)
    response = send(camera_key, frames=frames, **change)
    assert response.status_code == 400 and response.json()["field"] == field
    assert not Violation.objects.exists() and not Evidence.objects.exists()


def test_an_oversized_frame_is_refused(camera_key, settings):
    settings.TRAFFIC_EVIDENCE_MAX_BYTES = 100
    response = send(camera_key)
    assert response.status_code == 400 and "MB" in response.json()["detail"]
    assert not Violation.objects.exists()
