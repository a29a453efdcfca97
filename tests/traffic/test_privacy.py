"""Public evidence: other vehicles' plates blurred, the violator's kept."""

import cv2
import numpy as np
import pytest

from tinhso.traffic.privacy import blur_other_plates, finder
from tinhso.vision import synth_plates


@pytest.fixture(scope="module")
def frame():
    font = synth_plates.fonts()[0]
    image = np.full((720, 1280, 3), (100, 100, 100), np.uint8)
    for plate, layout, colour, (x, y), size in (
        ("51F12345", "car-1line", "white", (300, 400), (150, 35)),
        ("59X123456", "moto-2line", "yellow", (800, 420), (80, 59)),
    ):
        painted = np.asarray(synth_plates.render(plate, layout, colour, font))[:, :, ::-1]
        image[y : y + size[1], x : x + size[0]] = cv2.resize(painted, size)
    cv2.putText(
        image,
        "CAM-1 23/11/2026 08:00:01 RED",
        (8, 24),
        cv2.FONT_HERSHEY_SIMPLEX,
        0.7,
        (255, 255, 255),
        2,
    )
    _ok, data = cv2.imencode(".jpg", image)
    return data.tobytes()


def readings(data):
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)  # BGR, as OpenCV gives
    return {found.result.plate for found in finder().find(image)}


def test_the_violators_plate_stays_and_the_other_is_blurred(frame):
    assert readings(frame) == {"51F12345", "59X123456"}
    public, blurred = blur_other_plates(frame, keep="51F12345")
    assert blurred >= 1
    assert readings(public) == {"51F12345"}


def test_when_the_violators_plate_is_not_found_every_plate_is_blurred(frame):
    public, _ = blur_other_plates(frame, keep="30A99999")
    assert readings(public) == set()


def test_not_an_image_is_refused(frame):
    with pytest.raises(ValueError):
        blur_other_plates(b"GIF89a not really", keep="51F12345")
