"""The one-stop desk on the data-exchange axis: the applicant checked against the
population database, and the national portal's sync sent as messages of the axis."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from tests.conftest import official_client
from tests.exchange.conftest import CITIZEN, received
from tinhso.core.models import AuditEntry
from tinhso.exchange import actions as axis_actions
from tinhso.exchange import outbox
from tinhso.exchange.models import Exchange, QueuedMessage
from tinhso.services import actions
from tinhso.services.models import PortalSyncEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk_on_the_axis(axis, settings):
    settings.EXCHANGE_DESK_SUBSYSTEM = str(axis.desk.identifier)
    settings.POPULATION_SERVICE = str(axis.population.identifier)
    return axis


def test_the_desk_checks_the_applicant_against_the_population_database(
    desk_on_the_axis, submit, ward_staff, citizen
):
    dossier = submit(applicant_citizen_id=CITIZEN, applicant_name="Nguyễn Văn An")
    client = official_client(ward_staff["receptionist"])
    page = client.get(f"/console/dossiers/{dossier.code}/")
    assert "Tra cứu CSDL dân cư" in page.content.decode()
    checked = client.post(f"/console/dossiers/{dossier.code}/population/")
    html = checked.content.decode()
    assert checked.status_code == 200
    assert "Họ tên khớp với CSDL dân cư." in html
    assert "Thôn 2, xã Diên An, tỉnh Bình An" in html  # what the population DB holds
    assert "14/03/1985" in html  # its date as the page writes dates
    row = Exchange.objects.get()
    assert row.client == str(desk_on_the_axis.desk.identifier) and row.status == 200
    assert AuditEntry.objects.filter(action="dossier.population_checked").count() == 1


def test_a_different_name_is_told_and_an_unknown_number_said_so(
    desk_on_the_axis, submit, ward_staff
):
    client = official_client(ward_staff["receptionist"])
    other = submit(applicant_citizen_id=CITIZEN, applicant_name="Nguyễn Văn Ánh")
    html = client.post(f"/console/dossiers/{other.code}/population/").content.decode()
    assert "Họ tên trong hồ sơ khác với CSDL dân cư" in html
    unknown = submit(applicant_citizen_id="099000000000")
    html = client.post(f"/console/dossiers/{unknown.code}/population/").content.decode()
    assert "CSDL dân cư không có công dân với số định danh 099000000000." in html


def test_a_revoked_right_is_said_plainly_at_the_desk(
    desk_on_the_axis, submit, ward_staff, province_admin
):
    dossier = submit(applicant_citizen_id=CITIZEN)
    axis_actions.do_revoke_access(
        desk_on_the_axis.population.rights.get(), acting_user=province_admin
    )
    html = (
        official_client(ward_staff["receptionist"])
        .post(f"/console/dossiers/{dossier.code}/population/")
        .content.decode()
    )
    assert "chưa được cấp quyền" in html


def test_an_official_of_another_unit_cannot_look_up_the_applicant(
    desk_on_the_axis, submit, commune_staff
):
    dossier = submit(applicant_citizen_id=CITIZEN)
    response = official_client(commune_staff["receptionist"]).post(
        f"/console/dossiers/{dossier.code}/population/"
    )
    assert response.status_code == 404
    assert not Exchange.objects.exists()


def test_portal_sync_goes_through_the_axis_and_arrives_once(
    axis, settings, submit, ward_staff, province_admin
):
    portal = axis_actions.do_register_service(
        axis.police, code="portal-sync", name="Đồng bộ Cổng DVC quốc gia",
        base_url=axis.provider_url, acting_user=province_admin,
    )  # fmt: skip
    axis_actions.do_grant_access(portal, axis.desk, method="POST", acting_user=province_admin)
    settings.EXCHANGE_DESK_SUBSYSTEM = str(axis.desk.identifier)
    settings.PORTAL_SYNC_SERVICE = str(portal.identifier)
    dossier = submit()
    actions.do_receive(dossier, acting_user=ward_staff["receptionist"])
    events = list(PortalSyncEvent.objects.filter(dossier=dossier))
    assert len(events) == 2 and all(e.sent_at and e.axis_message_id for e in events)
    queued = QueuedMessage.objects.order_by("created_at")
    assert [m.message_id for m in queued] == [e.axis_message_id for e in events]
    assert outbox.deliver_due() == 2
    arrived = [r for r in received(axis.provider_url) if r["path"] == "/dossiers"]
    mine = [r for r in arrived if r["message_id"] in {str(e.axis_message_id) for e in events}]
    assert [json.loads(r["body"])["TrangThaiHoSo"] for r in mine] == ["1", "2"]
    assert all(m.delivered_at <= timezone.now() for m in QueuedMessage.objects.all())
