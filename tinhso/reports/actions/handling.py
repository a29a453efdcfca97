"""The unit handles a report: statuses, rerouting, duplicates, the reporter's rating and
reopening, following, and escalating the overdue ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.choices import Role
from tinhso.accounts.models import User
from tinhso.accounts.staff import staff_in, staff_over
from tinhso.core.audit import write_audit
from tinhso.core.choices import Channel
from tinhso.core.errors import ActionError, clean_note
from tinhso.core.models import OrgUnit
from tinhso.core.notify import notify_all
from tinhso.core.workdays import WorkCalendar
from tinhso.reports.actions.base import (
    HANDLER_ROLES,
    _change,
    _clean_photos,
    _locked,
    _store_photos,
    can_handle,
)
from tinhso.reports.choices import CLOSED_STATUSES, PhotoKind
from tinhso.reports.choices import ReportStatus as R
from tinhso.reports.models import Report


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
