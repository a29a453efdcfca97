"""Every change to a field report: one transaction, a public timeline line, an
audit row, notifications after commit. The web pages and Open311 call these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.choices import Role
from tinhso.accounts.models import User
from tinhso.accounts.permissions import has_role_over
from tinhso.accounts.staff import staff_in, staff_over
from tinhso.core import maps
from tinhso.core.audit import client_ip, write_audit
from tinhso.core.choices import Channel
from tinhso.core.errors import ActionError, clean_note
from tinhso.core.models import AdminUnit, OrgUnit
from tinhso.core.notify import notify, notify_all
from tinhso.core.workdays import WorkCalendar
from tinhso.reports import abuse, routing
from tinhso.reports.attributes import clean_attributes
from tinhso.reports.choices import CLOSED_STATUSES, PhotoKind, Source
from tinhso.reports.choices import ReportStatus as R
from tinhso.reports.models import ApiClient, Ban, Category, Report, ReportPhoto, ReportUpdate
from tinhso.reports.photos import CleanPhoto, clean_photo
from tinhso.reports.state import check_transition

HANDLER_ROLES = (Role.RECEPTIONIST, Role.SPECIALIST, Role.APPROVER, Role.UNIT_ADMIN)
MODERATOR_ROLES = (Role.APPROVER, Role.UNIT_ADMIN, Role.SYSTEM_ADMIN)
MAX_DESCRIPTION = 5000


def can_handle(user: Any, report: Report) -> bool:
    return has_role_over(user, HANDLER_ROLES, report.unit)


def _coordinate(value: Any, low: int, high: int, field: str) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise ActionError(_("Vị trí không hợp lệ."), field=field, code="bad_location") from None
    if not number.is_finite() or not low <= number <= high:
        raise ActionError(_("Vị trí không hợp lệ."), field=field, code="bad_location")
    return number


def _clean_photos(photos: Iterable[Any]) -> list[CleanPhoto]:
    photos = list(photos)
    if len(photos) > settings.REPORT_MAX_PHOTOS:
        raise ActionError(
            _("Tối đa %(n)d ảnh.") % {"n": settings.REPORT_MAX_PHOTOS},
            field="photos",
            code="too_many",
        )
    return [clean_photo(photo) for photo in photos]


def _store_photos(report: Report, photos: list[CleanPhoto], kind: str) -> None:
    stored: list[ReportPhoto] = []
    try:
        for photo in photos:
            item = ReportPhoto(report=report, kind=kind, width=photo.width, height=photo.height)
            item.image.save("anh.jpg", ContentFile(photo.data), save=False)
            stored.append(item)
            item.save()
    except BaseException:
        for item in stored:
            item.image.delete(save=False)
        raise


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


def _change(
    report: Report,
    status: str,
    *,
    actor: User | None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Report:
    check_transition(report.status, status)
    report.status = status
    if status in CLOSED_STATUSES:
        report.closed_at = timezone.now()
    report.save()
    ReportUpdate.objects.create(report=report, status=status, note=note, actor=actor)
    write_audit(f"report.{status}", actor=actor, obj=report, request=request)
    _tell_reporter_and_followers(report, R(status).label, note)
    return report


def _tell_reporter_and_followers(report: Report, status_label: Any, note: str) -> None:
    people = list(report.followers.filter(is_active=True))
    if report.reporter is not None and report.reporter not in people:
        people.append(report.reporter)
    for person in people:
        notify(
            person,
            "report_status",
            {"report": report, "status": status_label, "note": note},
            # A text message when it is finished, for reporters who do not open the app.
            channels=[Channel.INBOX, Channel.SMS]
            if person == report.reporter and report.status in CLOSED_STATUSES
            else [Channel.INBOX],
            link=reverse("reports:detail", args=[report.public_id]),
        )


def _locked(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("unit", "category", "commune")
        .get(pk=report.pk)
    )


@transaction.atomic
def do_set_status(
    report: Report,
    status: str,
    *,
    acting_user: User,
    note: str = "",
    photos: Iterable[Any] = (),
    request: HttpRequest | None = None,
) -> Report:
    """Accept, start, resolve (with result photos) or declare it cannot be fixed."""
    report = _locked(report)
    if not can_handle(acting_user, report):
        raise PermissionDenied
    if status not in (R.ACCEPTED, R.IN_PROGRESS, R.RESOLVED, R.CANNOT_FIX):
        raise ActionError(_("Trạng thái không hợp lệ."), field="status")
    note = clean_note(note, required=status in (R.CANNOT_FIX, R.RESOLVED))
    clean = _clean_photos(photos)
    report = _change(report, status, actor=acting_user, note=note, request=request)
    _store_photos(report, clean, PhotoKind.RESULT)
    return report


@transaction.atomic
def do_reroute(
    report: Report,
    unit: OrgUnit,
    *,
    acting_user: User,
    note: str,
    request: HttpRequest | None = None,
) -> Report:
    """ "Not ours": send the report to the right unit; its deadline starts again there."""
    report = _locked(report)
    if not can_handle(acting_user, report):
        raise PermissionDenied
    note = clean_note(note, required=True)
    if unit.pk == report.unit_id or not unit.is_active:
        raise ActionError(_("Hãy chọn một đơn vị khác."), field="unit")
    _change(report, R.NOT_RESPONSIBLE, actor=acting_user, note=note, request=request)
    report.unit = unit
    report.due_at = WorkCalendar.load().add_working_days(
        timezone.now(), report.category.response_days
    )
    report.escalated_at = None
    _change(
        report,
        R.NEW,
        actor=acting_user,
        note=_("Chuyển đến %(unit)s") % {"unit": unit.name},
        request=request,
    )
    return report


@transaction.atomic
def do_mark_duplicate(
    report: Report, original: Report, *, acting_user: User, request: HttpRequest | None = None
) -> Report:
    report = _locked(report)
    if not can_handle(acting_user, report):
        raise PermissionDenied
    if original.pk == report.pk or original.duplicate_of_id == report.pk:
        raise ActionError(_("Không thể đánh dấu trùng với chính nó."), field="original")
    if original.status in (R.DUPLICATE, R.HIDDEN):
        raise ActionError(_("Phản ánh gốc đã bị đóng."), field="original")
    report.duplicate_of = original
    # Merge: whoever followed the duplicate now follows the original.
    followers = list(report.followers.all())
    if report.reporter is not None:
        followers.append(report.reporter)
    original.followers.add(*[p for p in followers if p.pk != original.reporter_id])
    return _change(
        report,
        R.DUPLICATE,
        actor=acting_user,
        note=_("Trùng với phản ánh đã có; theo dõi tại phản ánh gốc."),
        request=request,
    )


@transaction.atomic
def do_hide(
    report: Report, *, acting_user: User, note: str, request: HttpRequest | None = None
) -> Report:
    """Moderation: hide an abusive or unlawful report, and tell the reporter why."""
    report = _locked(report)
    if not has_role_over(acting_user, MODERATOR_ROLES, report.unit):
        raise PermissionDenied
    return _change(
        report, R.HIDDEN, actor=acting_user, note=clean_note(note, required=True), request=request
    )


@transaction.atomic
def do_rate(
    report: Report, rating: int, *, acting_user: User, request: HttpRequest | None = None
) -> Report:
    report = _locked(report)
    if report.reporter_id != acting_user.pk:
        raise PermissionDenied
    if report.status not in (R.RESOLVED, R.CANNOT_FIX):
        raise ActionError(_("Chỉ đánh giá được khi phản ánh đã xử lý xong."), code="too_early")
    if report.rating is not None:
        raise ActionError(_("Bạn đã đánh giá phản ánh này."), code="already_rated")
    if rating not in range(1, 6):
        raise ActionError(_("Mức đánh giá từ 1 đến 5."), field="rating")
    report.rating = rating
    report.rated_at = timezone.now()
    report.save(update_fields=["rating", "rated_at", "updated_at"])
    write_audit("report.rated", actor=acting_user, obj=report, request=request)
    return report


@transaction.atomic
def do_reopen(
    report: Report, *, acting_user: User, note: str, request: HttpRequest | None = None
) -> Report:
    """The reporter says it is not fixed: back to the unit, within REPORT_REOPEN_DAYS."""
    report = _locked(report)
    if report.reporter_id != acting_user.pk:
        raise PermissionDenied
    if report.status != R.RESOLVED or report.closed_at is None:
        raise ActionError(_("Chỉ mở lại được phản ánh đã xử lý xong."), code="not_resolved")
    if timezone.now() - report.closed_at > dt.timedelta(days=settings.REPORT_REOPEN_DAYS):
        raise ActionError(
            _("Đã quá %(n)d ngày, không thể mở lại. Hãy gửi phản ánh mới.")
            % {"n": settings.REPORT_REOPEN_DAYS},
            code="too_late",
        )
    note = clean_note(note, required=True)
    report.closed_at = None
    report.escalated_at = None
    report.reopened_count += 1
    report.rating = None
    report.rated_at = None
    report.due_at = WorkCalendar.load().add_working_days(
        timezone.now(), report.category.response_days
    )
    return _change(report, R.IN_PROGRESS, actor=acting_user, note=note, request=request)


@transaction.atomic
def do_follow(report: Report, *, acting_user: User, request: HttpRequest | None = None) -> Report:
    """ "That's the one I saw": follow an open report instead of sending another."""
    if report.status in CLOSED_STATUSES or not report.is_public:
        raise ActionError(_("Phản ánh này đã đóng; hãy gửi phản ánh mới."), code="closed")
    if report.reporter_id != acting_user.pk:
        report.followers.add(acting_user)
        write_audit("report.followed", actor=acting_user, obj=report, request=request)
    return report


@transaction.atomic
def do_publish(report: Report, *, acting_user: User, request: HttpRequest | None = None) -> Report:
    """Moderation: release a held report to the public map and Open311."""
    report = _locked(report)
    if not has_role_over(acting_user, MODERATOR_ROLES, report.unit):
        raise PermissionDenied
    if report.is_public or report.status == R.HIDDEN:
        raise ActionError(_("Phản ánh không ở trong hàng chờ kiểm duyệt."), code="not_held")
    report.is_public = True
    report.save(update_fields=["is_public", "updated_at"])
    write_audit("report.published", actor=acting_user, obj=report, request=request)
    return report


@transaction.atomic
def do_ban_reporter(
    report: Report,
    *,
    acting_user: User,
    reason: str,
    days: int | None,
    request: HttpRequest | None = None,
) -> Ban:
    """Bar the report's sender (account, else the Open311 client's reporter is hidden only)."""
    if not has_role_over(acting_user, MODERATOR_ROLES, report.unit):
        raise PermissionDenied
    if report.reporter_id is None:
        raise ActionError(_("Phản ánh này không gắn với tài khoản nào."), code="no_account")
    if report.reporter and report.reporter.is_official:
        raise ActionError(_("Không thể chặn tài khoản cán bộ."), code="official")
    reason = clean_note(reason, required=True)[:300]
    if days is not None and not 1 <= days <= 3650:
        raise ActionError(_("Số ngày từ 1 đến 3650."), field="days")
    until = timezone.now() + dt.timedelta(days=days) if days else None
    ban = Ban.objects.create(
        user=report.reporter, reason=reason, until=until, created_by=acting_user
    )
    write_audit(
        "report.reporter_banned",
        actor=acting_user,
        obj=report,
        request=request,
        data={"until": until.isoformat() if until else None},
    )
    return ban


def do_escalate_overdue(now: dt.datetime | None = None) -> int:
    """Past-due open reports: mark them escalated and tell the unit and its parent.

    Run every few minutes (`manage.py escalate_reports`, cron or systemd timer).
    Each report escalates once per deadline; re-routing or reopening resets it.
    """
    now = now or timezone.now()
    overdue = Report.objects.filter(
        due_at__lt=now, escalated_at__isnull=True, closed_at__isnull=True
    ).exclude(status__in=CLOSED_STATUSES)
    count = 0
    for pk in overdue.values_list("pk", flat=True)[:5000]:
        with transaction.atomic():
            report = (
                Report.objects.select_for_update(of=("self",))
                .select_related("unit", "category", "commune")
                .get(pk=pk)
            )
            if report.escalated_at is not None or report.status in CLOSED_STATUSES:
                continue
            report.escalated_at = now
            report.save(update_fields=["escalated_at", "updated_at"])
            write_audit("report.escalated", actor=None, obj=report)
            people = staff_over(report.unit, HANDLER_ROLES)
            if report.unit.parent_id:
                parent = OrgUnit.objects.get(pk=report.unit.parent_id)
                leaders = staff_in(parent, (Role.APPROVER, Role.UNIT_ADMIN))
                people += [p for p in leaders if p not in people]
            notify_all(
                people,
                "report_overdue",
                {"report": report},
                channels=[Channel.INBOX, Channel.EMAIL],
                link=reverse("report_desk:report", args=[report.public_id]),
            )
            count += 1
    return count
