"""The Decision 766 statistics page, with CSV and XLSX export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from tinhso.accounts.choices import Role
from tinhso.accounts.http import AuthenticatedHttpRequest
from tinhso.accounts.permissions import role_required
from tinhso.core.forms import DateInput
from tinhso.services.indicators import IndicatorRow, indicators
from tinhso.services.permissions import dossiers_in_scope

STATS_ROLES = (Role.APPROVER, Role.UNIT_ADMIN, Role.IOC_VIEWER, Role.SYSTEM_ADMIN)
MAX_DAYS = 3 * 366


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("Từ ngày"), widget=DateInput())
    end = forms.DateField(label=gettext_lazy("Đến ngày"), widget=DateInput())
    group_by = forms.ChoiceField(
        label=gettext_lazy("Theo"),
        choices=[("agency", gettext_lazy("Cơ quan")), ("procedure", gettext_lazy("Thủ tục"))],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("Ngày kết thúc phải sau ngày bắt đầu."))
            if (end - start).days > MAX_DAYS:
                raise forms.ValidationError(_("Khoảng thời gian tối đa 3 năm."))
        return data


def _default_period() -> dict[str, Any]:
    """This month so far; on the 1st, last month whole (a one-day table is empty, and
    last month's is the report a leader wants that day)."""
    today = timezone.localdate()
    if today.day == 1:
        end = today - dt.timedelta(days=1)
        return {"start": end.replace(day=1), "end": end, "group_by": "agency"}
    return {"start": today.replace(day=1), "end": today, "group_by": "agency"}


COLUMNS: list[tuple[str, Any]] = [
    ("received", pgettext_lazy("count", "Tiếp nhận")),
    ("finished_early", gettext_lazy("Xong trước hạn")),
    ("finished_on_time", gettext_lazy("Xong đúng hạn")),
    ("finished_late", gettext_lazy("Xong quá hạn")),
    ("in_progress_on_time", gettext_lazy("Đang xử lý trong hạn")),
    ("in_progress_late", gettext_lazy("Đang xử lý quá hạn")),
    ("on_time_rate", gettext_lazy("Tỷ lệ đúng hạn (%)")),
    ("online_rate", gettext_lazy("Tỷ lệ trực tuyến (%)")),
    ("digitised_rate", gettext_lazy("Tỷ lệ số hóa (%)")),
    ("satisfaction_rate", gettext_lazy("Tỷ lệ hài lòng (%)")),
    ("avg_processing_days", gettext_lazy("Thời gian xử lý TB (ngày làm việc)")),
]


def _values(row: IndicatorRow) -> list[Any]:
    return [getattr(row, key) for key, _label in COLUMNS]


@role_required(*STATS_ROLES)
def statistics(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or _default_period())
    rows: list[IndicatorRow] = []
    total = None
    if form.is_valid():
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(form.cleaned_data["start"], dt.time.min, tzinfo=tz)
        end = dt.datetime.combine(
            form.cleaned_data["end"] + dt.timedelta(days=1), dt.time.min, tzinfo=tz
        )
        rows, total = indicators(
            dossiers_in_scope(request.user), start, end, form.cleaned_data["group_by"]
        )
        export = request.GET.get("format")
        if export in ("csv", "xlsx"):
            name = (
                f"chi-so-766-{form.cleaned_data['start']:%Y%m%d}-{form.cleaned_data['end']:%Y%m%d}"
            )
            return (_csv if export == "csv" else _xlsx)(rows, total, name)
    return render(
        request,
        "services/statistics.html",
        {
            "form": form,
            "rows": rows,
            "total": total,
            "columns": COLUMNS,
            "table": [(row, _values(row)) for row in rows],
            "total_values": _values(total) if total else [],
            "query": request.GET.urlencode(),
        },
    )


def _header() -> list[str]:
    return [_("Mã"), _("Tên"), *[str(label) for _key, label in COLUMNS]]


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else ("" if value is None else value)


def _csv(rows: list[IndicatorRow], total: IndicatorRow, name: str) -> HttpResponse:
    out = io.StringIO()
    out.write("\ufeff")  # so that Excel opens the UTF-8 Vietnamese text correctly
    writer = csv.writer(out)
    writer.writerow(_header())
    for row in rows:
        writer.writerow([row.code, row.name, *map(_plain, _values(row))])
    writer.writerow(["", _("Tổng cộng"), *map(_plain, _values(total))])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _xlsx(rows: list[IndicatorRow], total: IndicatorRow, name: str) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "766"
    sheet.append(_header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.code, row.name, *map(_plain, _values(row))])
    sheet.append(["", _("Tổng cộng"), *map(_plain, _values(total))])
    sheet.column_dimensions["B"].width = 45
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
