"""One key layer for every machine client (issue 11): Open311 apps, IOC data sources
and edge cameras are issued, rotated and revoked the same way."""

from __future__ import annotations

import pytest

from tinhso.core.apikeys import do_issue_key, do_revoke_key
from tinhso.core.models import AuditEntry


@pytest.fixture
def holders(places):
    from tinhso.ioc.models import DataSource
    from tinhso.reports.models import ApiClient
    from tinhso.traffic.models import Camera

    return [
        ApiClient.objects.create(name="Đối tác"),
        DataSource.objects.create(name="Trạm"),
        Camera.objects.create(
            code="c1", name="C1", area=places["ward"], latitude=11.3, longitude=106.1
        ),
    ]


def test_a_key_is_issued_rotated_and_revoked_alike_for_every_holder(holders, province_admin):
    for holder in holders:
        model = type(holder)
        assert model.holder_of("") is None and model.holder_of(None) is None
        first = do_issue_key(holder, acting_user=province_admin)
        assert model.holder_of(first) == holder
        assert holder.key_prefix == first[:8] and first not in holder.key_hash
        second = do_issue_key(holder, acting_user=province_admin)
        assert model.holder_of(first) is None and model.holder_of(second) == holder
        do_revoke_key(holder, acting_user=province_admin)
        assert model.holder_of(second) is None
        holder.is_active = False
        holder.save()
        assert model.holder_of(do_issue_key(holder)) is None  # switched off
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"open311.key_issued", "ioc.key_issued", "traffic.key_issued"} <= actions
    assert {"open311.key_revoked", "ioc.key_revoked", "traffic.key_revoked"} <= actions


def test_a_switched_off_holder_is_refused_by_its_api(holders):
    from django.test import Client

    camera = holders[2]
    key = do_issue_key(camera)
    camera.is_active = False
    camera.save()
    response = Client().post("/api/v1/traffic/events", {}, HTTP_X_CAMERA_KEY=key)
    assert response.status_code == 401


def test_a_camera_cannot_claim_another_cameras_event(holders, places):
    """Every key holder writes only what is its own: here an event id of another camera
    neither returns that camera's violation nor changes it."""
    from tests.traffic.test_events_api import send
    from tinhso.traffic.models import Camera, Violation

    first = do_issue_key(holders[2])
    other = Camera.objects.create(
        code="c2", name="C2", area=places["ward"], latitude=11.3, longitude=106.1
    )
    second = do_issue_key(other)
    assert send(first, event_id="chung").status_code == 201
    response = send(second, event_id="chung", plate="30A-999.99")
    assert response.status_code == 400 and response.json()["field"] == "event_id"
    violation = Violation.objects.get()
    assert violation.camera == holders[2] and violation.plate == "51F12345"
