"""Indicators computed from the platform's own tables."""

import datetime as dt

from django.utils import timezone

from tests.reports.conftest import BINH_AN
from tinhso.core import derived
from tinhso.core.models import AdminUnit
from tinhso.reports import actions
from tinhso.reports.models import Category, Report


def test_field_report_indicators_follow_the_reports(province, citizen, binh_an_staff):
    category = Category.objects.get(code="den-duong")
    made = [
        actions.do_submit_report(
            category=category,
            reporter=citizen,
            latitude=BINH_AN[0],
            longitude=BINH_AN[1],
            description=f"Đèn {n}",
        )
        for n in range(3)
    ]
    actions.do_set_status(made[0], "resolved", acting_user=binh_an_staff["handler"], note="Xong")
    actions.do_rate(made[0], 4, acting_user=citizen)
    Report.objects.filter(pk=made[1].pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    now = timezone.now()
    start, end = now - dt.timedelta(days=1), now + dt.timedelta(days=1)
    province_area = AdminUnit.objects.get(code="99")
    other_commune = AdminUnit.objects.get(code="99010")
    assert derived.value("reports_received", province_area, start, end) == 3
    assert derived.value("reports_open", province_area, start, end) == 2
    assert derived.value("reports_overdue", province_area, start, end) == 1
    assert derived.value("reports_satisfaction", province_area, start, end) == 4
    assert derived.value("reports_open", other_commune, start, end) == 0
    assert derived.value("khong-co", province_area, start, end) is None


def test_dossier_indicators_read_the_766_figures(province):
    now = timezone.now()
    area = AdminUnit.objects.get(code="99")
    assert derived.value("dossiers_received", area, now - dt.timedelta(days=30), now) == 0
    assert derived.value("dossiers_on_time_rate", area, now - dt.timedelta(days=30), now) is None
