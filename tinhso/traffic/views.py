"""Traffic pages: the officers' review queue and camera calibration, the public look-up
by plate."""

from __future__ import annotations

import csv
import datetime as dt
import json
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.accounts.choices import Role
from tinhso.accounts.http import AuthenticatedHttpRequest
from tinhso.accounts.permissions import role_required
from tinhso.core.audit import client_ip
from tinhso.core.errors import ActionError
from tinhso.core.forms import DateInput
from tinhso.core.input_guard import BadInput, parse_json
from tinhso.core.maps import map_settings
from tinhso.core.throttle import over_limit
from tinhso.traffic import actions, snapshots
from tinhso.traffic import registry as registry_import
from tinhso.traffic.choices import PlateColour, ViolationKind
from tinhso.traffic.choices import ViolationStatus as V
from tinhso.traffic.models import Camera, Evidence, Vehicle, Violation
from tinhso.vision import plates

PUBLIC = (V.VERIFIED, V.NOTICE_ISSUED, V.PAID, V.CLOSED)


class QueueFilter(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Trạng thái"), choices=V.choices, required=False, initial=V.DETECTED
    )
    camera = forms.ModelChoiceField(
        Camera.objects.all(),
        required=False,
        to_field_name="code",
        label=gettext_lazy("Camera"),
        empty_label=gettext_lazy("— Tất cả —"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại vi phạm"),
        choices=[("", gettext_lazy("— Tất cả —")), *ViolationKind.choices],
        required=False,
    )
    day = forms.DateField(label=gettext_lazy("Ngày"), required=False, widget=DateInput())


@role_required(*actions.REVIEWERS)
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = QueueFilter(request.GET or None)
    status = V.DETECTED
    if form.is_bound and form.is_valid():
        status = form.cleaned_data["status"] or V.DETECTED
    found = Violation.objects.filter(status=status).select_related("camera")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["camera"]:
            found = found.filter(camera=data["camera"])
        if data["kind"]:
            found = found.filter(kind=data["kind"])
        if data["day"]:
            found = found.filter(occurred_at__date=data["day"])
    page = Paginator(found.order_by("occurred_at"), 20).get_page(request.GET.get("page"))
    return render(request, "traffic/queue.html", {"form": form, "page": page})


@role_required(*actions.REVIEWERS)
def review(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    violation = get_object_or_404(Violation.objects.select_related("camera"), public_id=public_id)
    if request.method == "POST":
        try:
            if "notice" in request.POST:
                actions.do_issue_notice(violation, acting_user=request.user)
                messages.success(request, _("Đã lập thông báo và gửi cho chủ xe."))
                return redirect("traffic_desk:review", public_id=violation.public_id)
            if "paid" in request.POST or "close" in request.POST:
                act = actions.do_mark_paid if "paid" in request.POST else actions.do_close
                act(violation, acting_user=request.user)
                messages.success(request, _("Đã cập nhật trạng thái."))
                return redirect("traffic_desk:review", public_id=violation.public_id)
            if "reject" in request.POST:
                actions.do_reject(
                    violation, acting_user=request.user, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("Đã loại bỏ vi phạm."))
            else:
                actions.do_verify(
                    violation, acting_user=request.user, plate=request.POST.get("plate")
                )
                messages.success(request, _("Đã xác minh vi phạm."))
        except ActionError as exc:
            messages.error(request, exc.message)
            return redirect("traffic_desk:review", public_id=violation.public_id)
        following = Violation.objects.filter(status=V.DETECTED).order_by("occurred_at").first()
        if following is not None:
            return redirect("traffic_desk:review", public_id=following.public_id)
        return redirect("traffic_desk:queue")
    evidence = list(violation.evidence.order_by("order"))
    return render(
        request,
        "traffic/review.html",
        {
            "v": violation,
            "frames": [e for e in evidence if e.kind == Evidence.FRAME],
            "plate_crops": [e for e in evidence if e.kind == Evidence.PLATE],
            "clips": [e for e in evidence if e.kind == Evidence.CLIP],
            "display": plates.display(violation.plate),
        },
    )


@role_required(*actions.REVIEWERS)
def evidence_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """Officers see all evidence as recorded (frames, plate crop, clip)."""
    item = get_object_or_404(Evidence, pk=pk)
    return FileResponse(item.file.open("rb"))


# A public evidence link is made by the look-up that proved plate + colour, is
# signed (unguessable) and expires: ids are sequential, so an id-based link would
# let anyone walk through every violation's pictures.
EVIDENCE_SALT = "tinhso.traffic.public-evidence"


def public_evidence_url(item: Evidence) -> str:
    token = signing.dumps(item.pk, salt=EVIDENCE_SALT)
    return reverse("traffic:evidence", args=[token])


def public_evidence(request: HttpRequest, token: str) -> FileResponse:
    """The public, only through a look-up's link: the plate crop, and the frames with
    other vehicles' plates blurred; never the clip (privacy.py)."""
    try:
        pk = signing.loads(
            token[:200], salt=EVIDENCE_SALT, max_age=settings.TRAFFIC_EVIDENCE_LINK_SECONDS
        )
    except signing.BadSignature:  # also SignatureExpired
        raise Http404 from None
    item = get_object_or_404(Evidence.objects.select_related("violation"), pk=pk)
    if item.violation.status not in PUBLIC or item.kind == Evidence.CLIP:
        raise Http404
    if item.kind == Evidence.FRAME:
        if not item.public_file:
            raise Http404  # the blurred copy is being made
        return FileResponse(item.public_file.open("rb"), content_type="image/jpeg")
    return FileResponse(item.file.open("rb"))


class LookupForm(forms.Form):
    plate = forms.CharField(label=gettext_lazy("Biển số"), max_length=20)
    # No default: a violation recorded on a yellow plate is not found as white, so the
    # owner must choose the colour on purpose (issue 14: a wrong default once answered
    # "no violation" to the owner of a notified one).
    colour = forms.ChoiceField(
        label=gettext_lazy("Màu nền biển số"),
        choices=PlateColour.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Hãy chọn màu nền biển số xe của bạn.")},
    )

    def clean_plate(self) -> str:
        normalised = plates.normalise(self.cleaned_data["plate"])
        if not plates.is_valid(normalised):
            raise forms.ValidationError(
                _("Biển số không đúng định dạng, ví dụ 51F-123.45 hoặc 59-X1 234.56.")
            )
        return normalised


def lookup(request: HttpRequest) -> HttpResponse:
    """Phạt nguội look-up: a plate and its colour → its verified violations."""
    form = LookupForm(request.GET or None)
    found: Any = None
    if form.is_bound:
        if over_limit(f"traffic-lookup:{client_ip(request)}", 60, 600):
            form.add_error(None, _("Bạn tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."))
        elif form.is_valid():
            found = (
                Violation.objects.filter(
                    plate=form.cleaned_data["plate"],
                    plate_colour=form.cleaned_data["colour"],
                    status__in=PUBLIC,
                )
                .select_related("camera")
                .prefetch_related("evidence")
            )
            found = [_with_public_links(v) for v in found]
    other_colour = bool(
        found == []
        and Violation.objects.filter(plate=form.cleaned_data["plate"], status__in=PUBLIC)
        .exclude(plate_colour=form.cleaned_data["colour"])
        .exists()
    )
    return render(
        request,
        "traffic/lookup.html",
        {
            "form": form,
            "found": found,
            "other_colour": other_colour,
            "colour_label": PlateColour(form.cleaned_data["colour"]).label if found == [] else "",
        },
    )


def _with_public_links(violation: Violation) -> Violation:
    items = violation.evidence.all()
    violation.plate_links = [public_evidence_url(e) for e in items if e.kind == Evidence.PLATE]  # type: ignore[attr-defined]
    violation.frame_links = [  # type: ignore[attr-defined]
        (e.order + 1, public_evidence_url(e))
        for e in items
        if e.kind == Evidence.FRAME and e.public_file
    ]
    return violation


@role_required(*actions.REVIEWERS)
def cameras(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = list(Camera.objects.filter(is_active=True).select_related("area").order_by("code"))
    markers = [
        {
            "name": c.name, "lat": c.latitude, "lon": c.longitude, "online": c.status == "online",
            "status": c.get_status_display(),
            "url": reverse("traffic_desk:calibrate", args=[c.code]),
        }
        for c in found
    ]  # fmt: skip
    return render(
        request,
        "traffic/cameras.html",
        {"cameras": found, "markers": json.dumps(markers), "map": map_settings()},
    )


@role_required(*actions.REVIEWERS)
def calibrate(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The calibration drawn on a snapshot (JavaScript), or typed as JSON without it."""
    camera = get_object_or_404(Camera, code=code, is_active=True)
    text = json.dumps(camera.calibration or {}, ensure_ascii=False)
    if request.method == "POST":
        if "refresh" in request.POST:
            if not snapshots.refresh(camera):
                messages.error(request, _("Không lấy được ảnh từ camera; đang dùng ảnh cũ."))
            return redirect("traffic_desk:calibrate", code=camera.code)
        text = request.POST.get("calibration", "")[:20_000]
        try:
            data = parse_json(text or "{}")
        except BadInput:  # deep nesting is an attack, not JSON
            messages.error(request, _("Dữ liệu hiệu chỉnh không phải JSON hợp lệ."))
        else:
            try:
                actions.do_calibrate_camera(camera, acting_user=request.user, data=data)
            except ActionError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Đã lưu hiệu chỉnh camera."))
                return redirect("traffic_desk:calibrate", code=camera.code)
    return render(
        request,
        "traffic/calibrate.html",
        {
            "camera": camera,
            "calibration": text,
            "has_snapshot": snapshots.available(camera),
            "texts": {
                "zone": _("Vùng cấm đỗ"),
                "line": _("Bấm điểm đầu và điểm cuối của vạch dừng."),
                "direction": _("Bấm một điểm ở phía xe không được đi tới khi đèn đỏ."),
                "light": _("Bấm hai góc đối nhau của cụm đèn."),
                "zonehint": _("Bấm các đỉnh của vùng, rồi bấm Khép vùng."),
                "lane": _("Làn"),
                "lanehint": _("Bấm các đỉnh của làn, rồi bấm Khép vùng."),
            },
        },
    )


@role_required(*actions.REVIEWERS)
def snapshot(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    camera = get_object_or_404(Camera, code=code, is_active=True)
    data = snapshots.current(camera)
    if data is None:
        raise Http404
    return HttpResponse(data, content_type="image/jpeg", headers={"Cache-Control": "no-store"})


@role_required(*actions.REVIEWERS)
def notice_file(request: AuthenticatedHttpRequest, public_id: str) -> FileResponse:
    violation = get_object_or_404(Violation, public_id=public_id)
    if not violation.notice_pdf:
        raise Http404
    return FileResponse(
        violation.notice_pdf.open("rb"), content_type="application/pdf",
        filename=f"thong-bao-{violation.plate}.pdf",
    )  # fmt: skip


class RegistryForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp CSV sổ đăng ký phương tiện"))


@role_required(*actions.REVIEWERS)
def registry(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Import the police's vehicle registry CSV (all or nothing, errors by line)."""
    form = RegistryForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > registry_import.MAX_BYTES:
                raise registry_import.RegistryError(
                    [_("Tệp lớn hơn %(mb)d MB.") % {"mb": registry_import.MAX_BYTES // 1_048_576}]
                )
            result = registry_import.do_import_vehicles(upload.read(), acting_user=request.user)
        except registry_import.RegistryError as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _(
                    "Đã nhập: %(c)d mới, %(u)d cập nhật, %(s)d không đổi; "
                    "%(l)d xe gắn với tài khoản."
                )
                % {
                    "c": result.created,
                    "u": result.updated,
                    "s": result.unchanged,
                    "l": result.linked,
                },
            )
            return redirect("traffic_desk:registry")
    count = Vehicle.objects.count()
    return render(
        request, "traffic/registry.html", {"form": form, "errors": errors, "count": count}
    )


class StatisticsFilter(forms.Form):
    start = forms.DateField(label=gettext_lazy("Từ ngày"), required=False, widget=DateInput())
    end = forms.DateField(label=gettext_lazy("Đến ngày"), required=False, widget=DateInput())


@role_required(*actions.REVIEWERS, Role.IOC_VIEWER, Role.APPROVER)
def statistics(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Violations per camera, kind and day (rejected ones left out), as a table or CSV;
    the IOC's traffic indicators link here."""
    form = StatisticsFilter(request.GET or None)
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=13), today
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    if (end - start).days > 366:
        start = end - dt.timedelta(days=366)
    rows = list(
        Violation.objects.exclude(status=V.REJECTED)
        .filter(occurred_at__date__gte=start, occurred_at__date__lte=end)
        .annotate(day=TruncDate("occurred_at", tzinfo=timezone.get_current_timezone()))
        .values("camera__code", "camera__name", "kind", "day")
        .annotate(count=Count("pk"), verified=Count("pk", filter=~Q(status=V.DETECTED)))
        .order_by("-day", "camera__code", "kind")
    )
    kinds = dict(ViolationKind.choices)
    for row in rows:
        row["kind_label"] = kinds.get(row["kind"], row["kind"])
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="vi-pham-{start}-{end}.csv"'
        writer = csv.writer(response)
        writer.writerow(["day", "camera", "kind", "count", "verified_or_later"])
        for row in rows:
            writer.writerow(
                [row["day"], row["camera__code"], row["kind"], row["count"], row["verified"]]
            )
        return response
    total = sum(r["count"] for r in rows)
    return render(
        request,
        "traffic/statistics.html",
        {"form": form, "rows": rows, "total": total, "start": start, "end": end},
    )
