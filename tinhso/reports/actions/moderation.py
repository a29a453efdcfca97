"""Moderation: hiding a report, publishing a held one, banning an abusive sender."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.models import User
from tinhso.accounts.permissions import has_role_over
from tinhso.core.audit import write_audit
from tinhso.core.errors import ActionError, clean_note
from tinhso.reports.actions.base import MODERATOR_ROLES, _change, _locked
from tinhso.reports.choices import ReportStatus as R
from tinhso.reports.models import Ban, Report


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
