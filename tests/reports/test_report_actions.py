import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.conftest import make_user
from tests.reports.conftest import BINH_AN, HANOI, jpeg
from tinhso.core.errors import ActionError
from tinhso.core.models import AuditEntry, OrgUnit
from tinhso.reports import actions
from tinhso.reports.choices import ReportStatus as R
from tinhso.reports.models import Category, Report, ReportPhoto


@pytest.fixture
def report_it(province, citizen):
    def submit(code="den-duong", point=BINH_AN, **changes):
        values = dict(
            category=Category.objects.get(code=code),
            reporter=citizen,
            latitude=point[0],
            longitude=point[1],
            description="Đèn đường trước số 12 không sáng ba đêm nay.",
            address="12 Lê Lợi",
        )
        values.update(changes)
        return actions.do_submit_report(**values)

    return submit


def test_a_report_goes_to_the_commune_where_it_is(report_it):
    report = report_it(photos=[jpeg(gps=BINH_AN)])
    assert report.commune.name == "Phường Bình An"
    assert report.unit.identifier == "000.01.00.H99"
    assert report.status == R.NEW and report.due_at > timezone.now()
    assert report.photos.get().image.name.endswith(".jpg")
    assert AuditEntry.objects.filter(action="report.submitted").exists()


def test_a_category_with_its_own_unit_goes_there(report_it):
    assert report_it("bien-bao").unit.identifier == "000.00.32.H99"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"point": HANOI}, "ngoài địa bàn"),
        ({"latitude": "abc"}, "Vị trí không hợp lệ"),
        ({"latitude": 95}, "Vị trí không hợp lệ"),
        ({"description": "   "}, "mô tả"),
        ({"description": "x" * 6000}, "dài quá"),
        ({"code": "o-ga-mat-duong", "attributes": {"size": "small"}}, "cần ít nhất một ảnh"),
        ({"code": "o-ga-mat-duong", "photos": [jpeg()]}, "Thiếu thông tin bắt buộc"),
        (
            {"code": "o-ga-mat-duong", "photos": [jpeg()], "attributes": {"size": "huge"}},
            "không nằm trong danh sách",
        ),
        ({"code": "ngap-nuoc", "attributes": {"depth_cm": "sâu lắm"}}, "phải là số"),
        ({"photos": [jpeg() for _ in range(6)]}, "Tối đa 5 ảnh"),
    ],
)
def test_bad_reports_are_refused_and_nothing_is_stored(report_it, changes, message):
    code = changes.pop("code", "den-duong")
    point = changes.pop("point", BINH_AN)
    with pytest.raises(ActionError, match=message):
        report_it(code, point, **changes)
    assert not Report.objects.exists() and not ReportPhoto.objects.exists()


def test_html_in_the_description_is_kept_as_text(report_it):
    report = report_it(description="<script>alert('x')</script> đèn hỏng")
    assert report.description.startswith("<script>")  # escaped where shown, never executed


def test_the_handling_workflow(report_it, binh_an_staff, citizen):
    handler = binh_an_staff["handler"]
    report = report_it()
    report = actions.do_set_status(report, R.ACCEPTED, acting_user=handler)
    report = actions.do_set_status(
        report, R.IN_PROGRESS, acting_user=handler, note="Đã báo điện lực"
    )
    with pytest.raises(ActionError, match="lý do"):
        actions.do_set_status(report, R.RESOLVED, acting_user=handler, note="")
    report = actions.do_set_status(
        report, R.RESOLVED, acting_user=handler, note="Đã thay bóng đèn", photos=[jpeg()]
    )
    assert report.closed_at and report.photos.filter(kind="result").count() == 1
    assert [u.status for u in report.updates.all()] == [
        R.NEW,
        R.ACCEPTED,
        R.IN_PROGRESS,
        R.RESOLVED,
    ]
    actions.do_rate(report, 5, acting_user=citizen)
    with pytest.raises(ActionError, match="đã đánh giá"):
        actions.do_rate(report, 1, acting_user=citizen)


def test_outsiders_cannot_handle(report_it, citizen, places):
    from tests.conftest import grant
    from tinhso.accounts.choices import Role

    other = grant(
        make_user("+84901000799", "Xã Khác"),
        OrgUnit.objects.get(identifier="000.04.00.H99"),
        Role.SPECIALIST,
    )
    report = report_it()
    for person in (other, citizen):
        with pytest.raises(PermissionDenied):
            actions.do_set_status(report, R.ACCEPTED, acting_user=person)


def test_reroute_sends_it_to_the_right_unit_with_a_new_deadline(report_it, binh_an_staff):
    report = report_it()
    water = OrgUnit.objects.get(identifier="000.00.33.H99")
    with pytest.raises(ActionError, match="lý do"):
        actions.do_reroute(report, water, acting_user=binh_an_staff["handler"], note="")
    report = actions.do_reroute(
        report,
        water,
        acting_user=binh_an_staff["handler"],
        note="Thuộc Sở Nông nghiệp và Môi trường",
    )
    assert report.unit == water and report.status == R.NEW
    assert [u.status for u in report.updates.all()][-2:] == [R.NOT_RESPONSIBLE, R.NEW]


def test_duplicates_are_merged_and_moderation_hides(report_it, binh_an_staff, citizen):
    neighbour = make_user("+84901000777", "Hàng Xóm")
    first, second = report_it(), report_it(reporter=neighbour, description="Đèn tắt")
    second = actions.do_mark_duplicate(second, first, acting_user=binh_an_staff["handler"])
    assert second.status == R.DUPLICATE and second.duplicate_of == first
    # The second reporter now follows the original and hears of its progress.
    assert list(first.followers.all()) == [neighbour]
    actions.do_set_status(first, R.ACCEPTED, acting_user=binh_an_staff["handler"])
    about_first = neighbour.notifications.filter(link=f"/reports/{first.public_id}/")
    assert about_first.filter(template="report_status").count() == 1
    with pytest.raises(ActionError, match="chính nó"):
        actions.do_mark_duplicate(first, first, acting_user=binh_an_staff["handler"])
    with pytest.raises(PermissionDenied):
        actions.do_hide(first, acting_user=binh_an_staff["handler"], note="x")
    first = actions.do_hide(first, acting_user=binh_an_staff["leader"], note="Lời lẽ xúc phạm")
    assert first.status == R.HIDDEN
    with pytest.raises(ActionError, match="Không thể chuyển"):
        actions.do_set_status(first, R.ACCEPTED, acting_user=binh_an_staff["handler"])


def test_reopen_only_by_the_reporter_within_seven_days(report_it, binh_an_staff, citizen):
    handler = binh_an_staff["handler"]
    report = actions.do_set_status(report_it(), R.RESOLVED, acting_user=handler, note="Đã sửa")
    with pytest.raises(PermissionDenied):
        actions.do_reopen(report, acting_user=handler, note="x")
    report = actions.do_reopen(report, acting_user=citizen, note="Đèn vẫn tắt")
    assert report.status == R.IN_PROGRESS and report.reopened_count == 1
    report = actions.do_set_status(report, R.RESOLVED, acting_user=handler, note="Đã sửa lại")
    Report.objects.filter(pk=report.pk).update(closed_at=timezone.now() - dt.timedelta(days=8))
    with pytest.raises(ActionError, match="quá 7 ngày"):
        actions.do_reopen(report, acting_user=citizen, note="Vẫn hỏng")
