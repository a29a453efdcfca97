import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.services.conftest import PNG, pdf
from tinhso.core import sms
from tinhso.core.errors import ActionError
from tinhso.core.models import AuditEntry
from tinhso.core.workdays import WorkCalendar
from tinhso.services import actions
from tinhso.services.actions import resume_due
from tinhso.services.choices import DossierStatus as S
from tinhso.services.choices import EventKind, SubmissionChannel
from tinhso.services.models import Dossier

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_a_dossier_goes_from_submission_to_result(submit, ward_staff, citizen):
    dossier = submit()
    assert dossier.status == S.NEW
    assert dossier.code.startswith("000.01.00.H01-")
    assert dossier.documents.count() == 1
    r, s, a = ward_staff["receptionist"], ward_staff["specialist"], ward_staff["approver"]
    dossier = actions.do_receive(dossier, acting_user=r)
    assert dossier.status == S.RECEIVED and dossier.due_at > dossier.received_at
    dossier = actions.do_forward(dossier, acting_user=r)
    assert (dossier.status, dossier.current_step.name) == (S.IN_PROGRESS, "Thẩm định")
    dossier = actions.do_assign(dossier, s, acting_user=s)
    dossier = actions.do_forward(dossier, acting_user=s, note="Đủ điều kiện")
    assert dossier.current_step.name == "Phê duyệt" and dossier.assignee is None
    dossier = actions.do_finish(dossier, acting_user=a)
    assert dossier.status == S.FINISHED
    dossier = actions.do_return_result(dossier, acting_user=r)
    assert dossier.status == S.RESULT_RETURNED
    dossier = actions.do_rate(dossier, 5, acting_user=citizen, comment="Nhanh gọn")
    kinds = list(dossier.events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.SUBMITTED,
        EventKind.RECEIVED,
        EventKind.FORWARDED,
        EventKind.ASSIGNED,
        EventKind.FORWARDED,
        EventKind.FINISHED,
        EventKind.RESULT_RETURNED,
        EventKind.RATED,
    ]
    assert (
        AuditEntry.objects.filter(object_id=str(dossier.pk), action__startswith="dossier.").count()
        == 8
    )


def test_the_applicant_is_told_of_every_status_change(
    submit, ward_staff, citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = submit()
        actions.do_receive(dossier, acting_user=ward_staff["receptionist"])
    texts = [m.text for m in sms.outbox if m.to == citizen.phone]
    assert any("da duoc nop" in t for t in texts)
    assert any("Da duoc tiep nhan" in t for t in texts)  # the applicant's words
    assert citizen.notifications.filter(channel="inbox").count() == 2


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (S.NEW, "do_finish"),
        (S.NEW, "do_return_result"),
        (S.REFUSED, "do_receive"),
        (S.RESULT_RETURNED, "do_forward"),
        (S.STOPPED, "do_request_supplement"),
        (S.FINISHED, "do_request_supplement"),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(submit, ward_staff, status, action):
    dossier = submit()
    Dossier.objects.filter(pk=dossier.pk).update(status=status)
    dossier.refresh_from_db()
    events = dossier.events.count()
    # Whoever could do it were it legal: find a role holder that passes the permission check.
    for person in ward_staff.values():
        try:
            kwargs = {"acting_user": person}
            if action in ("do_request_supplement",):
                kwargs["note"] = "Thiếu giấy tờ"
            getattr(actions, action)(dossier, **kwargs)
        except PermissionDenied:
            continue
        except ActionError as exc:
            assert exc.code in {"illegal_transition", "not_last_step", "last_step"}
            break
        pytest.fail(f"{action} from {status} was allowed")
    dossier.refresh_from_db()
    assert dossier.status == status and dossier.events.count() == events


def test_the_message_names_both_statuses(submit, ward_staff):
    dossier = submit()
    actions.do_refuse(dossier, acting_user=ward_staff["receptionist"], note="Sai thẩm quyền")
    with pytest.raises(ActionError, match=r"Không được tiếp nhận.*Được tiếp nhận"):
        actions.do_receive(dossier, acting_user=ward_staff["receptionist"])


def test_refusal_and_supplement_requests_need_a_reason(submit, ward_staff):
    dossier = submit()
    with pytest.raises(ActionError, match="lý do"):
        actions.do_refuse(dossier, acting_user=ward_staff["receptionist"], note="  ")
    with pytest.raises(ActionError, match="dài quá"):
        actions.do_refuse(dossier, acting_user=ward_staff["receptionist"], note="x" * 5000)
    assert Dossier.objects.get(pk=dossier.pk).status == S.NEW


def test_another_communes_staff_cannot_touch_the_dossier(
    submit, ward_staff, commune_staff, citizen
):
    dossier = submit()
    with pytest.raises(PermissionDenied):
        actions.do_receive(dossier, acting_user=commune_staff["receptionist"])
    actions.do_receive(dossier, acting_user=ward_staff["receptionist"])
    actions.do_forward(dossier, acting_user=ward_staff["receptionist"])
    for person in commune_staff.values():
        with pytest.raises(PermissionDenied):
            actions.do_forward(dossier, acting_user=person)
    with pytest.raises(PermissionDenied):
        actions.do_forward(dossier, acting_user=citizen)
    # The wrong role in the right commune is refused too.
    with pytest.raises(PermissionDenied):
        actions.do_forward(dossier, acting_user=ward_staff["approver"])


def test_a_province_role_reaches_the_communes_below(submit, places):
    from tests.conftest import grant, make_user
    from tinhso.accounts.choices import Role

    leader = grant(make_user("+84901000401", "Lãnh Đạo Tỉnh"), places["ubnd"], Role.RECEPTIONIST)
    dossier = actions.do_receive(submit(), acting_user=leader)
    assert dossier.status == S.RECEIVED


def test_missing_wrong_and_oversized_documents_are_refused(submit, birth_registration, settings):
    mandatory = birth_registration.documents.get(mandatory=True)
    optional = birth_registration.documents.get(mandatory=False)
    with pytest.raises(ActionError, match="Thiếu giấy tờ bắt buộc: Giấy chứng sinh"):
        submit(files={optional.pk: [pdf()]})
    with pytest.raises(ActionError, match="không phải PDF"):
        submit(files={mandatory.pk: [pdf("virus.pdf", b"MZ\x90\x00 this is an exe")]})
    with pytest.raises(ActionError, match="rỗng"):
        submit(files={mandatory.pk: [pdf("empty.pdf", b"")]})
    settings.DOSSIER_MAX_FILE_BYTES = 100
    with pytest.raises(ActionError, match="lớn hơn"):
        submit(files={mandatory.pk: [pdf("big.pdf", b"%PDF-" + b"0" * 200)]})
    with pytest.raises(ActionError, match="không thuộc thủ tục"):
        submit(files={mandatory.pk: [pdf()], 999999: [pdf()]})
    assert not Dossier.objects.exists()


def test_png_and_jpeg_scans_are_accepted(submit, birth_registration):
    from django.core.files.uploadedfile import SimpleUploadedFile

    mandatory = birth_registration.documents.get(mandatory=True)
    dossier = submit(
        files={
            mandatory.pk: [
                SimpleUploadedFile("scan.png", PNG),
                SimpleUploadedFile("scan.jpg", b"\xff\xd8\xff\xe0" + b"0" * 50),
            ]
        }
    )
    assert sorted(dossier.documents.values_list("content_type", flat=True)) == [
        "image/jpeg",
        "image/png",
    ]
    stored = dossier.documents.first().file.name
    assert "scan" not in stored  # random storage names; the person's file name stays in the row


def test_a_double_clicked_submit_makes_one_dossier(submit):
    import uuid

    key = uuid.uuid4()
    first = submit(submission_key=key)
    second = submit(submission_key=key)
    assert first.pk == second.pk and Dossier.objects.count() == 1


def test_a_counter_dossier_is_received_at_once_by_the_receptionist(submit, ward_staff, citizen):
    dossier = submit(
        channel=SubmissionChannel.COUNTER, acting_user=ward_staff["receptionist"], applicant=None
    )
    assert dossier.status == S.RECEIVED and dossier.received_at is not None


def test_a_citizen_cannot_submit_at_the_counter(submit, citizen):
    with pytest.raises(PermissionDenied):
        submit(channel=SubmissionChannel.COUNTER)
    assert not Dossier.objects.exists()


def test_rating_only_after_the_result_and_only_once(submit, ward_staff, citizen):
    dossier = submit()
    with pytest.raises(ActionError, match="sau khi nhận kết quả"):
        actions.do_rate(dossier, 5, acting_user=citizen)
    Dossier.objects.filter(pk=dossier.pk).update(status=S.RESULT_RETURNED)
    with pytest.raises(ActionError, match="không hợp lệ"):
        actions.do_rate(dossier, 9, acting_user=citizen)
    actions.do_rate(dossier, 4, acting_user=citizen)
    with pytest.raises(ActionError, match="đã đánh giá"):
        actions.do_rate(dossier, 1, acting_user=citizen)
    assert Dossier.objects.get(pk=dossier.pk).rating == 4
    with pytest.raises(PermissionDenied):
        actions.do_rate(dossier, 5, acting_user=ward_staff["receptionist"])


def test_withdrawal_then_stop(submit, ward_staff, citizen):
    dossier = actions.do_receive(submit(), acting_user=ward_staff["receptionist"])
    with pytest.raises(PermissionDenied):
        actions.do_withdraw(dossier, acting_user=ward_staff["receptionist"])
    actions.do_withdraw(dossier, acting_user=citizen, note="Nộp nhầm")
    dossier = actions.do_stop(dossier, acting_user=ward_staff["approver"], note="")
    assert dossier.status == S.STOPPED


def test_returning_to_the_previous_step(submit, ward_staff):
    r, s, a = ward_staff["receptionist"], ward_staff["specialist"], ward_staff["approver"]
    dossier = actions.do_forward(actions.do_receive(submit(), acting_user=r), acting_user=r)
    with pytest.raises(ActionError, match="Không có bước xử lý nào trước"):
        actions.do_return_to_previous(dossier, acting_user=s, note="?")
    dossier = actions.do_forward(dossier, acting_user=s)
    dossier = actions.do_return_to_previous(dossier, acting_user=a, note="Xem lại họ tên")
    assert dossier.current_step.name == "Thẩm định"
    with pytest.raises(ActionError, match="chưa đến bước cuối"):
        actions.do_finish(dossier, acting_user=s)


def test_supplement_pauses_the_clock_and_records_the_new_due_date(
    submit, ward_staff, citizen, birth_registration
):
    r, s = ward_staff["receptionist"], ward_staff["specialist"]
    dossier = actions.do_forward(actions.do_receive(submit(), acting_user=r), acting_user=r)
    old_due = dossier.due_at
    dossier = actions.do_request_supplement(dossier, acting_user=s, note="Thiếu bản sao CCCD")
    assert dossier.status == S.SUPPLEMENT_REQUESTED and dossier.paused_at
    with pytest.raises(ActionError, match="đính kèm"):
        actions.do_supplement(dossier, {}, acting_user=citizen)
    # Five working days later the citizen sends the paper.
    Dossier.objects.filter(pk=dossier.pk).update(paused_at=timezone.now() - dt.timedelta(days=7))
    optional = birth_registration.documents.get(mandatory=False)
    dossier = actions.do_supplement(dossier, {optional.pk: [pdf("cccd.pdf")]}, acting_user=citizen)
    assert dossier.status == S.IN_PROGRESS and dossier.paused_at is None
    assert dossier.due_at > old_due
    assert "Hẹn trả mới" in dossier.events.last().note


def test_resume_due_counts_the_days_left_at_the_pause():
    calendar = WorkCalendar(set(), set())
    due = dt.datetime(2026, 11, 27, 9, 0, tzinfo=VN)  # Friday
    paused = dt.datetime(2026, 11, 24, 10, 0, tzinfo=VN)  # Tuesday: Wed, Thu, Fri left = 3
    resumed = dt.datetime(2026, 12, 1, 14, 0, tzinfo=VN)  # next Tuesday
    assert resume_due(due, paused, resumed, calendar) == dt.datetime(2026, 12, 4, 9, 0, tzinfo=VN)


def test_the_due_date_skips_weekends_and_holidays(submit, ward_staff, monkeypatch):
    from tinhso.core.calendar_data import load_calendar
    from tinhso.core.models import CalendarDay

    load_calendar(CalendarDay)
    friday_before_tet = dt.datetime(2026, 2, 13, 10, 0, tzinfo=VN)
    monkeypatch.setattr(timezone, "now", lambda: friday_before_tet)
    dossier = actions.do_receive(submit(), acting_user=ward_staff["receptionist"])
    # 3 working days: Mon 23, Tue 24, Wed 25 February (Tết week 16–20 is off).
    assert timezone.localtime(dossier.due_at) == dt.datetime(2026, 2, 25, 10, 0, tzinfo=VN)


def test_fee_request_needs_a_sane_amount(submit, ward_staff):
    r, s = ward_staff["receptionist"], ward_staff["specialist"]
    dossier = actions.do_forward(actions.do_receive(submit(), acting_user=r), acting_user=r)
    for amount in (0, -5, 10**12):
        with pytest.raises(ActionError, match="Số tiền"):
            actions.do_request_fee(dossier, acting_user=s, amount=amount)
    dossier = actions.do_request_fee(dossier, acting_user=s, amount=8000)
    assert dossier.status == S.FEE_REQUESTED and dossier.fee_amount == 8000


def test_receiving_gives_the_applicant_an_intake_slip(submit, ward_staff, citizen):
    from tests.conftest import citizen_client
    from tinhso.services.choices import DocumentKind

    dossier = actions.do_receive(submit(), acting_user=ward_staff["receptionist"])
    slip = dossier.documents.get(kind=DocumentKind.INTAKE)
    assert slip.original_name == f"giay-tiep-nhan-{dossier.code}.pdf"
    page = citizen_client(citizen).get(f"/services/my/{dossier.code}/").content.decode()
    assert "Giấy tiếp nhận và hẹn trả kết quả" in page
    response = citizen_client(citizen).get(f"/services/files/{slip.pk}/")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_file_is_stored_and_served_under_the_type_it_really_is(db):
    """Issue 11, finding 16: %PDF- + HTML named poly.html must not come back as HTML."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tinhso.services.uploads import check_upload

    polyglot = SimpleUploadedFile("poly.html", b"%PDF-1.4\n<html><script>alert(1)</script>")
    checked = check_upload(polyglot)
    assert (checked.name, checked.content_type) == ("poly.pdf", "application/pdf")
    odd = SimpleUploadedFile("../../Giấy tờ <b>.jpeg.exe", b"\xff\xd8\xff\xe0rest")
    assert check_upload(odd).name == "Giấy tờ bjpeg.jpg"
