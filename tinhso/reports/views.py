"""Citizen and public pages of field reports. Thin: parse, authorise, call do_*."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from tinhso.accounts.http import AuthenticatedHttpRequest
from tinhso.core import maps
from tinhso.core.errors import ActionError
from tinhso.core.maps import map_settings
from tinhso.core.throttle import upload_limited
from tinhso.reports import actions, queries
from tinhso.reports import kept as kept_photos
from tinhso.reports.choices import CLOSED_STATUSES, PhotoKind
from tinhso.reports.forms import (
    ReportFilterForm,
    ReportFormBase,
    attribute_display,
    attribute_fields,
    posted_attributes,
)
from tinhso.reports.models import Category, Report, ReportPhoto
from tinhso.reports.photos import clean_photo


def filtered(request: HttpRequest) -> tuple[ReportFilterForm, QuerySet[Report]]:
    form = ReportFilterForm(request.GET or None)
    reports = queries.public_reports()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["category"]:
            reports = reports.filter(category=data["category"])
        if data["commune"]:
            reports = reports.filter(commune=data["commune"])
        status = data["status"]
        if status == "open":
            reports = reports.exclude(status__in=CLOSED_STATUSES)
        elif status == "closed":
            reports = reports.filter(status__in=CLOSED_STATUSES)
        elif status:
            reports = reports.filter(status=status)
        tz = timezone.get_current_timezone()
        if data["since"]:
            reports = reports.filter(
                created_at__gte=dt.datetime.combine(data["since"], dt.time.min, tz)
            )
        if data["until"]:
            reports = reports.filter(
                created_at__lt=dt.datetime.combine(data["until"], dt.time.min, tz)
                + dt.timedelta(days=1)
            )
    return form, reports


def public_list(request: HttpRequest) -> HttpResponse:
    form, reports = filtered(request)
    reports = reports.select_related("category", "commune")
    page = Paginator(reports, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/list.html",
        {"form": form, "page": page, "query": query.urlencode(), "map": map_settings()},
    )


@cache_control(max_age=30, public=True)
def map_points(request: HttpRequest) -> JsonResponse:
    """GeoJSON points for the public map within ?bbox=west,south,east,north."""
    _form, reports = filtered(request)
    bbox = queries.parse_bbox(request.GET.get("bbox", ""))
    if bbox is None:
        return JsonResponse(
            {"error": _("Tham số bbox phải là: tây,nam,đông,bắc (độ).")}, status=400
        )
    rows = (
        queries.in_bbox(reports, bbox)
        .order_by("-created_at")
        .values_list("public_id", "latitude", "longitude", "status", "category__name")[
            : queries.MAP_LIMIT + 1
        ]
    )
    rows = list(rows)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
            "properties": {
                "url": f"/reports/{public_id}/",
                "status": status,
                "closed": status in CLOSED_STATUSES,
                "category": category,
            },
        }
        for public_id, lat, lon, status, category in rows[: queries.MAP_LIMIT]
    ]
    return JsonResponse(
        {
            "type": "FeatureCollection",
            "features": features,
            "truncated": len(rows) > queries.MAP_LIMIT,
        }
    )


def _visible_to(report: Report, user: Any) -> bool:
    if report.is_public and report.status != "hidden":
        return True
    if user.is_authenticated and report.reporter_id == user.pk:
        return True
    return user.is_authenticated and actions.can_handle(user, report)


def report_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    report = get_object_or_404(
        Report.objects.select_related("category", "commune", "unit", "duplicate_of"),
        public_id=public_id,
    )
    if not _visible_to(report, request.user):
        raise Http404
    is_reporter = request.user.is_authenticated and report.reporter_id == request.user.pk
    photos = list(report.photos.all())
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "updates": report.updates.select_related("actor").all(),
            "photos": [p for p in photos if p.kind == PhotoKind.REPORT],
            "result_photos": [p for p in photos if p.kind == PhotoKind.RESULT],
            "attributes": attribute_display(report.category.attributes, report.attributes),
            "is_reporter": is_reporter,
            "can_reopen": is_reporter
            and report.status == "resolved"
            and report.closed_at is not None
            and timezone.now() - report.closed_at <= dt.timedelta(days=settings.REPORT_REOPEN_DAYS),
            "following": request.user.is_authenticated
            and report.followers.filter(pk=request.user.pk).exists(),
            "map": map_settings(),
        },
    )


def photo(request: HttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(ReportPhoto.objects.select_related("report"), pk=pk)
    if not _visible_to(item.report, request.user):
        raise Http404
    response = FileResponse(item.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@upload_limited("report")
def new_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Bound on every POST, even an empty one (a body that is not a form).
    form = ReportFormBase(request.POST if request.method == "POST" else None)
    category = None
    raw_attributes: dict[str, Any] = {}
    errors: dict[str, str] = {}
    # Photos kept from a refused attempt that the citizen left ticked.
    kept = (
        kept_photos.kept_for(
            request.user, kept_photos.tokens_from(request.POST.getlist("kept_photo"))
        )
        if request.method == "POST"
        else []
    )
    new_photos = request.FILES.getlist("photos") if request.method == "POST" else []
    if request.method == "POST" and form.is_valid():
        category = form.cleaned_data["category"]
        raw_attributes = posted_attributes(category.attributes, request.POST)
        try:
            report = actions.do_submit_report(
                category=category,
                reporter=request.user,
                latitude=form.cleaned_data["lat"],
                longitude=form.cleaned_data["lon"],
                description=form.cleaned_data["description"],
                address=form.cleaned_data["address"],
                attributes=raw_attributes,
                photos=new_photos + kept_photos.as_uploads(kept),
                show_name=form.cleaned_data["show_name"],
                request=request,
            )
        except ActionError as exc:
            errors[exc.field or "general"] = exc.message
        else:
            kept_photos.forget(kept)
            messages.success(
                request,
                _("Đã gửi phản ánh. Đơn vị xử lý: %(unit)s.") % {"unit": report.unit.name},
            )
            return redirect("reports:detail", public_id=report.public_id)
    elif request.method == "POST":
        # Invalid form: keep the category's answers as typed.
        category = form.cleaned_data.get("category")
        if category:
            raw_attributes = posted_attributes(category.attributes, request.POST)
    if request.method == "POST":
        # Refused: what was chosen stays chosen (photos included).
        kept += kept_photos.keep(request.user, new_photos)
    if category is None:
        code = request.GET.get("category") or request.POST.get("category", "")
        category = Category.objects.filter(code=code[:40], is_active=True).first()
    return render(
        request,
        "reports/new.html",
        {
            "form": form,
            "category": category,
            "attributes": attribute_fields(category.attributes if category else [], raw_attributes),
            "errors": errors,
            "max_photos": settings.REPORT_MAX_PHOTOS,
            "map": map_settings(),
            "categories": Category.objects.filter(is_active=True),
            "kept": kept,
        },
    )


@login_required
def new_report_attributes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """HTMX: the chosen category's extra questions."""
    category = Category.objects.filter(
        code=request.GET.get("category", "")[:40], is_active=True
    ).first()
    return render(
        request,
        "reports/_attributes.html",
        {
            "category": category,
            "attributes": attribute_fields(category.attributes if category else [], {}),
        },
    )


@login_required
def nearby(request: AuthenticatedHttpRequest) -> HttpResponse:
    """HTMX: open reports of this category near this point — "is it one of these?"."""
    category = Category.objects.filter(code=request.GET.get("category", "")[:40]).first()
    try:
        lat, lon = float(request.GET["lat"]), float(request.GET["lon"])
    except (KeyError, ValueError):
        lat = lon = float("nan")
    found = []
    if category is not None and -90 <= lat <= 90 and -180 <= lon <= 180:
        found = queries.nearby_open(category, lat, lon)
    return render(request, "reports/_nearby.html", {"nearby": found})


@login_required
@require_POST
@upload_limited("photo-location", json=True)
def photo_location(request: AuthenticatedHttpRequest) -> JsonResponse:
    """Read the position a photo was taken at, to offer it; nothing is stored."""
    upload = request.FILES.get("photo")
    if upload is None:
        return JsonResponse({"error": _("Chưa chọn ảnh.")}, status=400)
    try:
        cleaned = clean_photo(upload)
    except ActionError as exc:
        return JsonResponse({"error": exc.message}, status=400)
    if cleaned.gps is None:
        return JsonResponse({"lat": None, "lon": None})
    lat, lon = cleaned.gps
    return JsonResponse({"lat": lat, "lon": lon, "inside": maps.locate(lat, lon) is not None})


@login_required
@require_POST
def report_action(request: AuthenticatedHttpRequest, public_id: str, action: str) -> HttpResponse:
    report = get_object_or_404(Report, public_id=public_id)
    if not _visible_to(report, request.user):
        raise Http404
    post = request.POST
    try:
        if action == "rate":
            try:
                rating = int(post.get("rating", ""))
            except ValueError:
                rating = 0
            actions.do_rate(report, rating, acting_user=request.user, request=request)
            messages.success(request, _("Cảm ơn bạn đã đánh giá."))
        elif action == "reopen":
            actions.do_reopen(
                report, acting_user=request.user, note=post.get("note", ""), request=request
            )
            messages.success(request, _("Đã mở lại phản ánh và báo cho đơn vị xử lý."))
        elif action == "follow":
            actions.do_follow(report, acting_user=request.user, request=request)
            messages.success(request, _("Bạn sẽ nhận thông báo khi phản ánh này có tiến triển."))
        else:
            raise Http404
    except ActionError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        messages.error(request, _("Chỉ người gửi phản ánh mới làm được việc này."))
    return redirect("reports:detail", public_id=report.public_id)


@login_required
def my_reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    reports = Report.objects.filter(reporter=request.user).select_related("category", "commune")
    followed = Report.objects.filter(followers=request.user).select_related("category", "commune")[
        :20
    ]
    page = Paginator(reports, 20).get_page(request.GET.get("page"))
    return render(request, "reports/mine.html", {"page": page, "followed": followed})
