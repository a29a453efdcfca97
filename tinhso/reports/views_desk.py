"""The officials' desk for field reports: worklists, the report page and its
actions, the moderation queue, statistics. Thin: parse, authorise, call do_*."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from tinhso.accounts.choices import Role
from tinhso.accounts.http import AuthenticatedHttpRequest
from tinhso.accounts.permissions import has_role_over, role_required
from tinhso.core.choices import OrgUnitKind
from tinhso.core.errors import ActionError
from tinhso.core.maps import map_settings
from tinhso.core.models import OrgUnit
from tinhso.core.params import parse_day
from tinhso.reports import actions, indicators
from tinhso.reports.choices import CLOSED_STATUSES, PhotoKind
from tinhso.reports.choices import ReportStatus as R
from tinhso.reports.forms import ModerationForm, attribute_display
from tinhso.reports.models import Report
from tinhso.reports.queries import open_reports, overdue_reports, reports_handled_by

DESK_ROLES = actions.HANDLER_ROLES
STATS_ROLES = (Role.APPROVER, Role.UNIT_ADMIN, Role.IOC_VIEWER, Role.SYSTEM_ADMIN)

WORKLISTS: list[tuple[str, Any]] = [
    ("new", gettext_lazy("Mới")),
    ("handling", gettext_lazy("Đang xử lý")),
    ("overdue", gettext_lazy("Quá hạn")),
    ("closed", gettext_lazy("Đã đóng")),
]


def _in_scope(user: Any, roles: tuple[str, ...] = DESK_ROLES) -> QuerySet[Report]:
    return reports_handled_by(user, roles)


def _worklist(reports: QuerySet[Report], key: str) -> QuerySet[Report]:
    open_ = open_reports(reports)
    if key == "new":
        return open_.filter(status=R.NEW).order_by("due_at")
    if key == "handling":
        return open_.filter(status__in=(R.ACCEPTED, R.IN_PROGRESS)).order_by("due_at")
    if key == "overdue":
        return overdue_reports(reports, timezone.now()).order_by("due_at")
    return reports.filter(status__in=CLOSED_STATUSES).order_by("-closed_at")


@role_required(*DESK_ROLES)
def worklist(request: AuthenticatedHttpRequest) -> HttpResponse:
    reports = _in_scope(request.user)
    now = timezone.now()
    current = request.GET.get("list", "new")
    if current not in dict(WORKLISTS):
        current = "new"
    open_ = ~Q(status__in=[*CLOSED_STATUSES, R.NOT_RESPONSIBLE])
    counts = reports.aggregate(
        new=Count("pk", filter=Q(status=R.NEW)),
        handling=Count("pk", filter=Q(status__in=(R.ACCEPTED, R.IN_PROGRESS))),
        overdue=Count("pk", filter=open_ & Q(due_at__lt=now)),
        closed=Count("pk", filter=Q(status__in=CLOSED_STATUSES)),
    )
    page = Paginator(
        _worklist(reports, current).select_related("category", "commune", "unit"), 25
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/desk.html",
        {
            "tabs": [(key, label, counts[key]) for key, label in WORKLISTS],
            "current": current,
            "page": page,
            "query": f"list={current}",
            "now": now,
        },
    )


def _report_for(request: AuthenticatedHttpRequest, public_id: str) -> Report:
    report = get_object_or_404(
        Report.objects.select_related("category", "commune", "unit", "reporter", "api_client"),
        public_id=public_id,
    )
    if not actions.can_handle(request.user, report):
        raise Http404  # an outsider learns nothing, not even that it exists
    return report


@role_required(*DESK_ROLES)
def desk_report(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    report = _report_for(request, public_id)
    photos = list(report.photos.all())
    can_moderate = has_role_over(request.user, actions.MODERATOR_ROLES, report.unit)
    reroute_units = OrgUnit.objects.filter(
        is_active=True,
        kind__in=(OrgUnitKind.PEOPLES_COMMITTEE, OrgUnitKind.DEPARTMENT, OrgUnitKind.OFFICE),
    ).exclude(pk=report.unit_id)
    return render(
        request,
        "reports/desk_report.html",
        {
            "report": report,
            "photos": [p for p in photos if p.kind == PhotoKind.REPORT],
            "result_photos": [p for p in photos if p.kind == PhotoKind.RESULT],
            "attributes": attribute_display(report.category.attributes, report.attributes),
            "updates": report.updates.select_related("actor"),
            "open": report.status not in CLOSED_STATUSES,
            "can_moderate": can_moderate,
            "reroute_units": reroute_units.order_by("path")[:300],
            "moderation_form": ModerationForm(),
            "overdue": report.status not in CLOSED_STATUSES and report.due_at < timezone.now(),
            "map": map_settings(),
        },
    )


@role_required(*DESK_ROLES)
@require_POST
def desk_action(request: AuthenticatedHttpRequest, public_id: str, action: str) -> HttpResponse:
    report = _report_for(request, public_id)
    post, user = request.POST, request.user
    note = post.get("note", "")
    try:
        if action in ("accepted", "in_progress", "resolved", "cannot_fix"):
            actions.do_set_status(
                report,
                action,
                acting_user=user,
                note=note,
                photos=request.FILES.getlist("photos"),
                request=request,
            )
        elif action == "reroute":
            unit = OrgUnit.objects.filter(pk=_int(post.get("unit")) or 0, is_active=True).first()
            if unit is None:
                raise ActionError(_("Hãy chọn đơn vị nhận."), field="unit")
            actions.do_reroute(report, unit, acting_user=user, note=note, request=request)
        elif action == "duplicate":
            original = _original(post.get("original", ""))
            actions.do_mark_duplicate(report, original, acting_user=user, request=request)
        elif action == "hide":
            actions.do_hide(report, acting_user=user, note=note, request=request)
        elif action == "publish":
            actions.do_publish(report, acting_user=user, request=request)
        elif action == "ban":
            actions.do_ban_reporter(
                report,
                acting_user=user,
                reason=note,
                days=_int(post.get("days")),
                request=request,
            )
            messages.success(request, _("Đã chặn người gửi."))
        else:
            raise Http404
    except ActionError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        messages.error(request, _("Bạn không có quyền làm việc này với phản ánh này."))
    else:
        if action != "ban":
            messages.success(request, _("Đã cập nhật phản ánh."))
    return redirect("report_desk:report", public_id=report.public_id)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _original(text: str) -> Report:
    """The original report, by its link or its id as shown on its page."""
    text = text.strip().rstrip("/").rsplit("/", 1)[-1]
    try:
        return Report.objects.get(public_id=text)
    except (Report.DoesNotExist, ValueError, ValidationError):
        raise ActionError(
            _("Không tìm thấy phản ánh gốc. Dán đường dẫn hoặc mã của phản ánh đó."),
            field="original",
        ) from None


@role_required(*actions.MODERATOR_ROLES)
def moderation(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Held reports (hold words, clients that need moderation), oldest first."""
    held = (
        _in_scope(request.user, actions.MODERATOR_ROLES)
        .filter(is_public=False)
        .exclude(status=R.HIDDEN)
        .select_related("category", "commune")
        .order_by("created_at")
    )
    page = Paginator(held, 25).get_page(request.GET.get("page"))
    return render(request, "reports/moderation.html", {"page": page})


def _period(request: AuthenticatedHttpRequest) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    since = parse_day(request.GET.get("since", "")) or today - dt.timedelta(days=29)
    until = parse_day(request.GET.get("until", "")) or today
    if since > until:
        since, until = until, since
    return since, until


@role_required(*STATS_ROLES)
def statistics(request: AuthenticatedHttpRequest) -> HttpResponse:
    since, until = _period(request)
    by = request.GET.get("by", "unit")
    if by not in indicators.GROUPS:
        by = "unit"
    tz = timezone.get_current_timezone()
    rows = indicators.report_statistics(
        _in_scope(request.user, STATS_ROLES),
        dt.datetime.combine(since, dt.time.min, tz),
        dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tz),
        by=by,
    )
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="phan-anh-{by}-{since:%Y%m%d}-{until:%Y%m%d}.csv"'
        )
        response.write("\ufeff")  # so that Excel reads the Vietnamese as UTF-8
        writer = csv.writer(response)
        writer.writerow(
            [
                _("Đơn vị") if by == "unit" else _("Loại phản ánh"),
                pgettext("count", "Tiếp nhận"),
                _("Đã xử lý"),
                _("Xử lý đúng hạn"),
                _("Quá hạn"),
                _("Thời gian xử lý trung vị (giờ)"),
                _("Mức hài lòng (1–5)"),
                _("Số lượt đánh giá"),
            ]
        )
        for r in rows:
            writer.writerow(
                [
                    r.name,
                    r.received,
                    r.resolved,
                    r.resolved_on_time,
                    r.overdue,
                    "" if r.median_hours is None else r.median_hours,
                    "" if r.satisfaction is None else r.satisfaction,
                    r.ratings,
                ]
            )
        return response
    return render(
        request,
        "reports/statistics.html",
        {
            "rows": rows,
            "totals": indicators.totals(rows),
            "since": since,
            "until": until,
            "by": by,
        },
    )
