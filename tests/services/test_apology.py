import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import official_client
from tinhso.core import sms
from tinhso.core.errors import ActionError
from tinhso.core.signing import verify_pdf
from tinhso.services import actions
from tinhso.services.choices import DocumentKind, EventKind
from tinhso.services.indicators import indicators
from tinhso.services.models import Dossier


@pytest.fixture
def late(submit, ward_staff):
    r = ward_staff["receptionist"]
    dossier = actions.do_forward(actions.do_receive(submit(), acting_user=r), acting_user=r)
    Dossier.objects.filter(pk=dossier.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    return Dossier.objects.get(pk=dossier.pk)


def test_a_late_dossier_gets_a_signed_apology_with_a_new_date(
    late, ward_staff, citizen, django_capture_on_commit_callbacks
):
    new_due = timezone.localdate() + dt.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        document = actions.do_issue_apology(
            late,
            acting_user=ward_staff["approver"],
            new_due=new_due,
            note="Chờ xác minh của công an",
        )
    assert document.kind == DocumentKind.APOLOGY
    with document.file.open("rb") as handle:
        assert verify_pdf(handle.read()).valid
    dossier = Dossier.objects.get(pk=late.pk)
    assert timezone.localtime(dossier.apology_due_at).date() == new_due
    assert dossier.events.last().kind == EventKind.APOLOGY_ISSUED
    assert any("chua giai quyet dung han" in m.text for m in sms.outbox if m.to == citizen.phone)
    # Still late for the Decision 766 figures: the legal due date did not move.
    rows, _ = indicators(
        Dossier.objects.all(),
        dossier.received_at - dt.timedelta(hours=1),
        timezone.now() + dt.timedelta(hours=1),
    )
    assert rows[0].in_progress_late == 1


@pytest.mark.parametrize("days", [-1, 0, 400])
def test_the_new_date_must_be_sensible(late, ward_staff, days):
    with pytest.raises(ActionError):
        actions.do_issue_apology(
            late,
            acting_user=ward_staff["approver"],
            new_due=timezone.localdate() + dt.timedelta(days=days),
            note="x",
        )
    assert not Dossier.objects.get(pk=late.pk).apology_due_at


def test_a_reason_is_needed_and_finished_dossiers_get_none(late, ward_staff, submit):
    future = timezone.localdate() + dt.timedelta(days=5)
    with pytest.raises(ActionError, match="lý do"):
        actions.do_issue_apology(late, acting_user=ward_staff["approver"], new_due=future, note="")
    with pytest.raises(ActionError, match="đang xử lý"):
        actions.do_issue_apology(
            submit(), acting_user=ward_staff["approver"], new_due=future, note="x"
        )


def test_the_desk_form(late, ward_staff, commune_staff):
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    page = official_client(ward_staff["approver"]).get(f"/console/dossiers/{late.code}/")
    assert "Thư xin lỗi" in page.content.decode()
    response = official_client(ward_staff["approver"]).post(
        f"/console/dossiers/{late.code}/apology/", {"new_due": "hôm nay", "note": ""}, follow=True
    )
    assert "ngày hẹn mới hợp lệ" in response.content.decode()
    official_client(ward_staff["approver"]).post(
        f"/console/dossiers/{late.code}/apology/", {"new_due": future, "note": "Chờ xác minh"}
    )
    assert Dossier.objects.get(pk=late.pk).apology_due_at
    outsider = official_client(commune_staff["approver"])
    assert (
        outsider.post(
            f"/console/dossiers/{late.code}/apology/", {"new_due": future, "note": "x"}
        ).status_code
        == 404
    )
