"""A fine rests on the plate: a reading under the reader's send-as-read threshold is
marked "needs reading" and the officer types the plate from the picture."""

import pytest

from tests.conftest import official_client
from tests.traffic.test_events_api import camera_key, send  # noqa: F401
from tests.traffic.test_violations import officer  # noqa: F401
from tinhso.traffic.models import Violation
from tinhso.vision.recognizer import SEND_AS_READ

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("sent", "needs_reading"),
    [({"plate_confidence": "0.9999"}, False), ({"plate_confidence": "0.4"}, True), ({}, True)],
)
def test_the_plates_confidence_decides_who_reads_it(camera_key, officer, sent, needs_reading):  # noqa: F811
    assert send(camera_key, **sent).status_code == 201
    violation = Violation.objects.get()
    assert violation.needs_reading is needs_reading
    desk = official_client(officer)
    queue = desk.get("/console/traffic/").content.decode()
    assert ("cần đọc bằng mắt" in queue) is needs_reading
    page = desk.get(f"/console/traffic/{violation.public_id}/").content.decode()
    if needs_reading:
        assert (
            "Máy đọc chưa đủ chắc chắn" in page
            and 'Máy đoán là <strong class="plate-text">51F-123.45</strong>.' in page
        )
        assert 'name="plate" value=""' in page  # not typed in for the officer
    else:
        assert 'name="plate" value="51F-123.45"' in page


@pytest.mark.parametrize("bad", ["1.5", "-0.1", "nan", "nhiều"])
def test_a_bad_plate_confidence_is_refused(camera_key, bad):  # noqa: F811
    answer = send(camera_key, plate_confidence=bad)
    # Out of range: our message (400); not a number: the schema's (422). Both name it.
    assert answer.status_code in (400, 422) and "plate_confidence" in answer.content.decode()
    assert not Violation.objects.exists()


def test_the_threshold_comes_from_the_calibrated_model():
    assert 0.5 < SEND_AS_READ < 1.0
