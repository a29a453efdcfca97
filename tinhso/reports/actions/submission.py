"""A report arrives: from the web form, the app or an Open311 client — and an Open311
client's comment on one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.models import User
from tinhso.accounts.staff import staff_over
from tinhso.core import maps
from tinhso.core.audit import client_ip, write_audit
from tinhso.core.errors import ActionError
from tinhso.core.models import AdminUnit, OrgUnit
from tinhso.core.notify import notify_all
from tinhso.core.workdays import WorkCalendar
from tinhso.reports import abuse, routing
from tinhso.reports.actions.base import HANDLER_ROLES, MAX_DESCRIPTION, _clean_photos, _store_photos
from tinhso.reports.attributes import clean_attributes
from tinhso.reports.choices import PhotoKind, Source
from tinhso.reports.choices import ReportStatus as R
from tinhso.reports.models import ApiClient, Category, Report, ReportUpdate


def _coordinate(value: Any, low: int, high: int, field: str) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise ActionError(_("Vị trí không hợp lệ."), field=field, code="bad_location") from None
    if not number.is_finite() or not low <= number <= high:
        raise ActionError(_("Vị trí không hợp lệ."), field=field, code="bad_location")
    return number


def _sent_just_now(reporter: User, category: Category, description: str) -> bool:
    """The same text for the same category from the same person in the last 10 minutes:
    a double tap or a resend after a slow network, not a new problem."""
    return Report.objects.filter(
        reporter=reporter,
        category=category,
        description=description,
        created_at__gte=timezone.now() - dt.timedelta(minutes=10),
    ).exists()


def _clean_description(description: str, reporter: User | None, category: Category) -> str:
    description = (description or "").strip()
    if not description:
        raise ActionError(_("Vui lòng mô tả sự việc."), field="description", code="required")
    if len(description) > MAX_DESCRIPTION:
        raise ActionError(
            _("Nội dung dài quá %(n)d ký tự.") % {"n": MAX_DESCRIPTION}, field="description"
        )
    if reporter is not None and _sent_just_now(reporter, category, description):
        raise ActionError(
            _("Bạn vừa gửi phản ánh này rồi; không cần gửi lại."), code="duplicate_submission"
        )
    return description


def _place(category: Category, lat: Decimal, lon: Decimal) -> tuple[AdminUnit, OrgUnit]:
    """The commune the point lies in and the unit that handles this category there."""
    commune = maps.locate(float(lat), float(lon))
    if commune is None:
        raise ActionError(_("Vị trí nằm ngoài địa bàn tỉnh."), field="lat", code="outside")
    unit = routing.responsible_unit(category, commune)
    if unit is None:
        raise ActionError(_("Chưa có đơn vị xử lý cho nơi này."), code="no_unit")
    return commune, unit


@transaction.atomic
def do_submit_report(
    *,
    category: Category,
    reporter: User | None,
    latitude: Any,
    longitude: Any,
    description: str,
    address: str = "",
    attributes: dict[str, Any] | None = None,
    photos: Iterable[Any] = (),
    show_name: bool = False,
    source: str = Source.WEB,
    api_client: ApiClient | None = None,
    contact: dict[str, str] | None = None,
    sender_key: str | None = None,
    sender_ip: str | None = None,
    request: HttpRequest | None = None,
) -> Report:
    """`sender_key` names who sends for the flood limit when there is no account
    (an Open311 client's reporter e-mail or device id); `sender_ip` the address when
    there is no request (the Open311 client's)."""
    ip = client_ip(request) if request is not None else sender_ip
    account_key = f"user:{reporter.pk}" if reporter is not None else sender_key
    abuse.reserve(account_key=account_key, user=reporter, ip=ip)
    if not category.is_active:
        raise ActionError(_("Loại phản ánh này không còn dùng."), field="category")
    lat = _coordinate(latitude, -90, 90, "lat")
    lon = _coordinate(longitude, -180, 180, "long")
    description = _clean_description(description, reporter, category)
    cleaned_attributes = clean_attributes(category.attributes, attributes or {})
    clean = _clean_photos(photos)
    if category.requires_photo and not clean:
        raise ActionError(
            _("Loại phản ánh này cần ít nhất một ảnh."), field="photos", code="photo_required"
        )
    commune, unit = _place(category, lat, lon)
    now = timezone.now()
    report = Report.objects.create(
        category=category,
        reporter=reporter,
        show_name=show_name,
        reporter_name=reporter.full_name if reporter and show_name else "",
        latitude=lat,
        longitude=lon,
        address=(address or "")[:300],
        description=description,
        attributes=cleaned_attributes,
        commune=commune,
        unit=unit,
        source=source,
        api_client=api_client,
        contact={k: v[:150] for k, v in (contact or {}).items() if v},
        is_public=not abuse.should_hold(f"{description} {address}", api_client),
        due_at=WorkCalendar.load().add_working_days(now, category.response_days),
    )
    _store_photos(report, clean, PhotoKind.REPORT)
    ReportUpdate.objects.create(report=report, status=R.NEW, actor=reporter)
    write_audit(
        "report.submitted",
        actor=reporter,
        obj=report,
        request=request,
        data={"category": category.code, "unit": unit.identifier},
    )
    notify_all(
        staff_over(unit, HANDLER_ROLES),
        "report_new",
        {"report": report},
        link=reverse("report_desk:report", args=[report.public_id]),
    )
    return report


@transaction.atomic
def do_comment_from_client(
    report: Report,
    *,
    client: ApiClient,
    text: str,
    sender_key: str | None,
    sender_ip: str | None,
) -> ReportUpdate:
    """A comment an Open311 client's user adds to a report; it changes no status."""
    abuse.reserve(account_key=sender_key, ip=sender_ip)
    update = ReportUpdate.objects.create(
        report=report, status=report.status, note=text, is_comment=True
    )
    Report.objects.filter(pk=report.pk).update(updated_at=timezone.now())
    write_audit("report.commented", actor=None, obj=report, data={"client": client.name})
    return update
