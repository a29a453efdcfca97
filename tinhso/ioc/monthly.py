"""The monthly PDF report for leaders: the chosen indicators (Indicator.in_monthly_report)
for the province — the month's value, the month before, the target, the level, and
the next month's forecast when there is one. `manage.py send_monthly_report` (cron,
on the 2nd of each month) tells the leaders, with the link to the PDF."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.choices import Role
from tinhso.accounts.staff import staff_anywhere
from tinhso.core.choices import AdminUnitKind, Channel
from tinhso.core.models import AdminUnit
from tinhso.core.notify import notify_all
from tinhso.core.params import parse_day
from tinhso.core.text import format_number
from tinhso.ioc import dashboard
from tinhso.ioc.choices import Level, Period
from tinhso.ioc.models import Forecast, Indicator
from tinhso.ioc.rollups import bucket_start, next_start


def previous_month(today: dt.date | None = None) -> dt.datetime:
    now = (
        timezone.localtime()
        if today is None
        else timezone.make_aware(dt.datetime.combine(today, dt.time(12)))
    )
    return bucket_start(bucket_start(now, Period.MONTH) - dt.timedelta(days=1), Period.MONTH)


def _fmt(value: float | None) -> str:
    return "—" if value is None else format_number(value, decimals=1)


def rows(area: AdminUnit, month: dt.datetime) -> list[list[str]]:
    table = []
    before = bucket_start(month - dt.timedelta(days=1), Period.MONTH)
    for indicator in Indicator.objects.filter(is_active=True, in_monthly_report=True):
        _period, points = dashboard.values_over(
            indicator,
            area,
            next_start(month, Period.MONTH) - before,
            next_start(month, Period.MONTH),
        )
        by_start = {timezone.localtime(t): v for t, v in points}
        value, previous = by_start.get(month), by_start.get(before)
        forecast = Forecast.objects.filter(indicator=indicator, area=area).first()
        upcoming = next(
            (
                p["mean"]
                for p in (forecast.points if forecast else [])
                if dt.datetime.fromisoformat(p["start"]) >= next_start(month, Period.MONTH)
            ),
            None,
        )
        level = dashboard.level_at(indicator, area, value)
        table.append(
            [
                f"{indicator.label} ({indicator.unit})" if indicator.unit else indicator.label,
                _fmt(value),
                _fmt(previous),
                _fmt(indicator.target),
                str(Level(level).label) if value is not None else "—",
                _fmt(upcoming),
            ]
        )
    return table


def pdf(area: AdminUnit, month: dt.datetime) -> bytes:
    from tinhso.core.letters import OfficialPdf

    document = OfficialPdf()
    document.national_heading(_("Trung tâm điều hành thông minh"))
    document.doc_title(_("Báo cáo chỉ số tháng %(m)s") % {"m": f"{month:%m/%Y}"})
    document.body_text(
        _("Địa bàn: %(area)s. Số liệu lấy từ Tỉnh số lúc %(now)s.")
        % {"area": area.name, "now": f"{timezone.localtime():%H:%M %d/%m/%Y}"}
    )
    header = [
        _("Chỉ số"),
        _("Tháng này"),
        _("Tháng trước"),
        _("Chỉ tiêu"),
        _("Mức"),
        _("Dự báo tháng tới"),
    ]
    document.set_font("Serif", "", 9)
    with document.table(col_widths=(60, 22, 22, 20, 22, 24), text_align="LEFT") as table:
        for line in [header, *rows(area, month)]:
            row = table.row()
            for cell in line:
                row.cell(cell)
    return bytes(document.output())


def send(month: dt.datetime | None = None) -> int:
    """Tell the province's leaders and IOC viewers that the month's report is ready."""
    month = month or previous_month()
    people = staff_anywhere((Role.APPROVER, Role.IOC_VIEWER), area_kind=AdminUnitKind.PROVINCE)
    return notify_all(
        people,
        "ioc_monthly_report",
        {"month": f"{month:%m/%Y}"},
        channels=[Channel.INBOX, Channel.EMAIL],
        link=reverse("ioc:monthly_report", args=[f"{month:%Y-%m}"]),
    )


def month_from(text: str) -> Any:
    day = parse_day(f"{text}-01") if len(text) == 7 else None
    return timezone.make_aware(dt.datetime(day.year, day.month, 1)) if day else None
