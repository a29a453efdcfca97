"""Violations: idempotent events, the plate grammar at the door, the officers' review."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.conftest import grant, make_user
from tinhso.accounts.choices import Role
from tinhso.core.errors import ActionError
from tinhso.core.models import AuditEntry
from tinhso.traffic import actions, calibration
from tinhso.traffic.models import Camera, Vehicle, Violation


@pytest.fixture
def camera(places):
    return Camera.objects.create(
        code="nga-tu-a", name="Ngã tư A", area=places["ward"], latitude=11.3, longitude=106.1
    )


@pytest.fixture
def officer(places):
    return grant(make_user("+84901000951", "Cán Bộ CSGT"), places["ubnd"], Role.TRAFFIC_OFFICER)


def event(camera, event_id="cam-a-0001", plate="51F-123.45", **extra):
    values = dict(
        event_id=event_id,
        kind="red_light",
        plate_read=plate,
        occurred_at=timezone.now() - dt.timedelta(minutes=3),
        confidence=0.91,
    )
    values.update(extra)
    return actions.do_record_event(camera, **values)


def test_an_event_sent_twice_is_one_violation(camera):
    first, created = event(camera)
    again, created_again = event(camera)
    assert created and not created_again and first.pk == again.pk
    assert Violation.objects.count() == 1 and first.plate == "51F12345"
    assert AuditEntry.objects.filter(action="traffic.detected").count() == 1


def test_a_plate_that_fails_the_grammar_is_kept_unreadable_not_guessed(camera):
    violation, _ = event(camera, plate="5?F-12")
    assert violation.plate == "" and violation.plate_read == "5?F-12"
    corrected, _ = event(camera, event_id="cam-a-0002", plate="5lF-123.45")
    assert corrected.plate == "51F12345"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"event_id": ""}, "event_id"),
        ({"kind": "speeding"}, "kind"),
        ({"confidence": 1.5}, "confidence"),
        ({"plate_colour": "green"}, "plate_colour"),
        ({"occurred_at": timezone.now() + dt.timedelta(hours=1)}, "occurred_at"),
    ],
)
def test_bad_events_are_refused(camera, change, field):
    with pytest.raises(ActionError) as error:
        event(camera, **change)
    assert error.value.field == field
    assert not Violation.objects.exists()


def test_review_then_notice_then_payment(camera, officer, outsider):
    violation, _ = event(camera, plate="")
    with pytest.raises(PermissionDenied):
        actions.do_verify(violation, acting_user=outsider, plate="51F12345")
    with pytest.raises(ActionError, match="Cần nhập biển số"):
        actions.do_verify(violation, acting_user=officer)
    with pytest.raises(ActionError, match="định dạng"):
        actions.do_verify(violation, acting_user=officer, plate="ABC")
    violation = actions.do_verify(violation, acting_user=officer, plate="51F-123.45")
    assert violation.status == "verified" and violation.plate == "51F12345"
    with pytest.raises(ActionError, match="Không thể chuyển"):
        actions.do_mark_paid(violation, acting_user=officer)
    Vehicle.objects.create(
        plate="51F12345", plate_colour="white", owner_name="Lê Văn Chủ", address="Phường An"
    )
    violation = actions.do_issue_notice(violation, acting_user=officer)
    assert violation.notice_pdf.name.endswith(".pdf")
    violation = actions.do_mark_paid(violation, acting_user=officer)
    violation = actions.do_close(violation, acting_user=officer)
    assert violation.status == "closed" and violation.paid_at and violation.notice_sent_at


def test_a_rejection_needs_a_reason(camera, officer):
    violation, _ = event(camera)
    with pytest.raises(ActionError):
        actions.do_reject(violation, acting_user=officer, reason="")
    violation = actions.do_reject(
        violation, acting_user=officer, reason="Xe ưu tiên đang làm nhiệm vụ"
    )
    assert violation.status == "rejected"
    with pytest.raises(ActionError):
        actions.do_verify(violation, acting_user=officer)


GOOD = {
    "stop_line": [[100, 400], [600, 420]],
    "forbidden_direction": [0, -1],
    "light_region": [620, 40, 30, 80],
    "no_parking": [
        {
            "polygon": [[50, 500], [300, 500], [300, 600], [50, 600]],
            "allowed_minutes": 5,
            "hours": "07:00-19:00",
        }
    ],
}


def test_a_good_calibration_is_kept():
    cleaned = calibration.clean(GOOD)
    assert cleaned["stop_line"] == [[100.0, 400.0], [600.0, 420.0]]
    assert cleaned["no_parking"][0]["allowed_minutes"] == 5


@pytest.mark.parametrize(
    "change, field",
    [
        ({"stop_line": [[100, 400], [103, 402]]}, "stop_line"),  # degenerate
        ({"stop_line": [[100, 400]]}, "stop_line"),
        ({"forbidden_direction": [500, 20]}, "forbidden_direction"),  # along the line
        ({"forbidden_direction": "up"}, "forbidden_direction"),
        ({"light_region": [1, 2, 0, 0]}, "light_region"),
        (
            {"no_parking": [{"polygon": [[0, 0], [100, 100], [100, 0], [0, 100]]}]},
            "no_parking",
        ),  # bow tie
        ({"no_parking": [{"polygon": [[0, 0], [10, 10]]}]}, "no_parking"),
        (
            {"no_parking": [{"polygon": GOOD["no_parking"][0]["polygon"], "hours": "7h-19h"}]},
            "no_parking",
        ),
        ({"lanes": [[[0, 0], [1, 1], [2, 2]]]}, "lanes"),  # no area
    ],
)
def test_bad_calibrations_say_what_is_wrong(change, field):
    with pytest.raises(ActionError) as error:
        calibration.clean({**GOOD, **change})
    assert error.value.field == field
