"""The officials' side: worklists in their own units only, actions, escalation, statistics."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import grant, make_user, official_client
from tests.reports.conftest import BINH_AN, jpeg
from tinhso.accounts.choices import Role
from tinhso.core.models import OrgUnit
from tinhso.reports import actions, indicators
from tinhso.reports.choices import ReportStatus as R
from tinhso.reports.models import Category, Report

PHU_MY_POINT = (11.19, 106.14)  # Xã Phú Mỹ


@pytest.fixture
def report(province, citizen, binh_an_staff):  # staff first: they are told of it
    return actions.do_submit_report(
        category=Category.objects.get(code="den-duong"),
        reporter=citizen,
        latitude=BINH_AN[0],
        longitude=BINH_AN[1],
        description="Đèn tắt",
    )


@pytest.fixture
def phu_my_official(province):
    committee = OrgUnit.objects.get(identifier="000.04.00.H99")
    return grant(make_user("+84901000801", "Cán Bộ Phú Mỹ"), committee, Role.SPECIALIST)


def test_the_worklist_shows_the_units_reports_only(report, binh_an_staff, phu_my_official):
    page = official_client(binh_an_staff["handler"]).get("/console/reports/").content.decode()
    assert f"/console/reports/{report.public_id}/" in page
    outsider = official_client(phu_my_official)
    assert f"{report.public_id}" not in outsider.get("/console/reports/").content.decode()
    # An official of another commune learns nothing, and cannot act.
    assert outsider.get(f"/console/reports/{report.public_id}/").status_code == 404
    response = outsider.post(f"/console/reports/{report.public_id}/accepted/")
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == R.NEW


def test_a_citizen_cannot_open_the_desk(report, citizen):
    from tests.conftest import citizen_client

    assert citizen_client(citizen).get("/console/reports/").status_code in (302, 403)


def test_accept_and_resolve_with_a_result_photo(report, binh_an_staff, citizen):
    client = official_client(binh_an_staff["handler"])
    client.post(f"/console/reports/{report.public_id}/accepted/", {"note": ""})
    client.post(f"/console/reports/{report.public_id}/resolved/", {"note": ""})  # note required
    report.refresh_from_db()
    assert report.status == R.ACCEPTED
    client.post(
        f"/console/reports/{report.public_id}/resolved/",
        {"note": "Đã thay bóng đèn", "photos": [jpeg(gps=BINH_AN)]},
    )
    report.refresh_from_db()
    assert report.status == R.RESOLVED and report.photos.filter(kind="result").count() == 1
    public = official_client(citizen).get(f"/reports/{report.public_id}/").content.decode()
    assert "Đã thay bóng đèn" in public and "Ảnh kết quả" in public
    told = citizen.notifications.filter(template="report_status", channel="inbox").last()
    assert "Đã thay bóng đèn" in official_client(citizen).get(told.link).content.decode()
    new = binh_an_staff["handler"].notifications.get(template="report_new")
    assert client.get(new.link).status_code == 200


def test_reroute_and_merge_from_the_desk(report, binh_an_staff, citizen, phu_my_official):
    client = official_client(binh_an_staff["handler"])
    other = actions.do_submit_report(
        category=report.category,
        reporter=make_user("+84912000555", "Người B"),
        latitude=BINH_AN[0],
        longitude=BINH_AN[1],
        description="Đèn cũng tắt",
    )
    client.post(f"/console/reports/{other.public_id}/duplicate/", {"original": "không-có"})
    other.refresh_from_db()
    assert other.status == R.NEW
    client.post(
        f"/console/reports/{other.public_id}/duplicate/",
        {"original": f"https://tinhso.example/reports/{report.public_id}/"},
    )
    other.refresh_from_db()
    assert other.status == R.DUPLICATE and other.duplicate_of == report
    phu_my = OrgUnit.objects.get(identifier="000.04.00.H99")
    client.post(f"/console/reports/{report.public_id}/reroute/", {"unit": phu_my.pk, "note": ""})
    report.refresh_from_db()
    assert report.unit != phu_my  # a reason is required
    client.post(
        f"/console/reports/{report.public_id}/reroute/",
        {"unit": phu_my.pk, "note": "Cột đèn thuộc xã Phú Mỹ quản lý"},
    )
    report.refresh_from_db()
    assert report.unit == phu_my and report.status == R.NEW
    page = official_client(phu_my_official).get("/console/reports/").content.decode()
    assert str(report.public_id) in page


def test_overdue_reports_escalate_once_to_the_parent_unit(report, binh_an_staff):
    province_leader = grant(
        make_user("+84901000802", "Lãnh Đạo Tỉnh"),
        OrgUnit.objects.get(pk=report.unit.parent_id),
        Role.APPROVER,
    )
    Report.objects.filter(pk=report.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    out = io.StringIO()
    call_command("escalate_reports", stdout=out)
    assert "1 report(s) escalated" in out.getvalue()
    assert (
        province_leader.notifications.filter(template="report_overdue").count() == 2
    )  # inbox+mail
    assert binh_an_staff["handler"].notifications.filter(template="report_overdue").exists()
    assert actions.do_escalate_overdue() == 0  # once per deadline
    page = official_client(binh_an_staff["handler"]).get("/console/reports/?list=overdue")
    assert str(report.public_id) in page.content.decode()
    # The province's leader reaches it too: roles reach the units below.
    assert (
        str(report.public_id)
        in official_client(province_leader).get("/console/reports/?list=overdue").content.decode()
    )


def test_statistics_per_unit_and_category_with_csv(province, citizen, binh_an_staff):
    handler = binh_an_staff["handler"]
    category = Category.objects.get(code="den-duong")

    def send(text, point=BINH_AN):
        return actions.do_submit_report(
            category=category,
            reporter=citizen,
            latitude=point[0],
            longitude=point[1],
            description=text,
        )

    on_time = actions.do_set_status(send("1"), R.RESOLVED, acting_user=handler, note="Xong")
    late = send("2")
    actions.do_set_status(late, R.RESOLVED, acting_user=handler, note="Xong")
    Report.objects.filter(pk=late.pk).update(due_at=late.created_at)  # closed after its deadline
    still_open = send("3")
    Report.objects.filter(pk=still_open.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    send("4", PHU_MY_POINT)
    actions.do_rate(on_time, 4, acting_user=citizen)
    now = timezone.now()
    rows = indicators.report_statistics(
        Report.objects.all(), now - dt.timedelta(days=1), now + dt.timedelta(days=1)
    )
    by_name = {r.name: r for r in rows}
    binh_an = by_name["Ủy ban nhân dân phường Bình An"]
    assert (binh_an.received, binh_an.resolved, binh_an.resolved_on_time, binh_an.overdue) == (
        3,
        2,
        1,
        2,
    )
    assert binh_an.satisfaction == 4 and binh_an.ratings == 1 and binh_an.median_hours is not None
    assert by_name["Ủy ban nhân dân xã Phú Mỹ"].received == 1
    leader = official_client(binh_an_staff["leader"])
    response = leader.get("/console/reports/statistics/?by=category&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0][0] == "Loại phản ánh"
    # The leader of Bình An counts Bình An's reports only.
    assert table[1][:5] == ["Đèn đường hỏng, không sáng", "3", "2", "1", "2"]
    assert leader.get("/console/reports/statistics/?since=nonsense&by=<x>").status_code == 200
