"""Open311 GeoReport v2 at /open311/v2/ (http://wiki.open311.org/GeoReport_v2), in
XML and JSON, with the common extensions: page/page_size, extensions=true with
notes, and service-request updates in FixMyStreet's shape.

Plain Django views rather than django-ninja: the spec needs XML bodies, form-encoded
POSTs with bracketed names (attribute[code][]) and its own error-list format.
Creation goes through the same do_submit_report as the web form.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import re_path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from tinhso.core.audit import client_ip
from tinhso.core.errors import ActionError
from tinhso.core.outbound import OutboundRefused, fetch
from tinhso.core.params import EARLIEST, LATEST, ascii_int, parse_moment
from tinhso.reports import abuse, actions, queries
from tinhso.reports.choices import CLOSED_STATUSES, PhotoKind, Source
from tinhso.reports.choices import ReportStatus as R
from tinhso.reports.forms import posted_attributes
from tinhso.reports.models import ApiClient, Category, Report, ReportPhoto, ReportUpdate

SPEC_URL = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-22T00:00:00+07:00"  # when this endpoint's behaviour last changed
# No page past this: 10^6 pages of 1000 is far beyond any province's reports.
MAX_PAGE = 1_000_000
MAX_SPAN = dt.timedelta(days=90)
FORMATS = r"(?P<fmt>xml|json)"

# Our detailed statuses in FixMyStreet's update vocabulary.
FMS_STATUS = {
    R.NEW: "OPEN",
    R.ACCEPTED: "INVESTIGATING",
    R.IN_PROGRESS: "IN_PROGRESS",
    R.RESOLVED: "FIXED",
    R.NOT_RESPONSIBLE: "NOT_COUNCILS_RESPONSIBILITY",
    R.CANNOT_FIX: "NO_FURTHER_ACTION",
    R.DUPLICATE: "DUPLICATE",
    R.HIDDEN: "CLOSED",
}
# XML element names for the items of each list.
ITEM_NAMES = {
    "attributes": "attribute",
    "values": "value",
    "notes": "note",
    "endpoints": "endpoint",
    "formats": "format",
}


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


# --- Rendering ------------------------------------------------------------------
def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _element(parent: ET.Element, name: str, value: Any) -> None:
    node = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for key, item in value.items():
            _element(node, key, item)
    elif isinstance(value, list):
        for item in value:
            _element(node, ITEM_NAMES.get(name, "item"), item)
    else:
        node.text = _text(value)


def render(fmt: str, root: str, item: str | None, data: Any, status: int = 200) -> HttpResponse:
    """A list under <root><item>…</item></root>, or one object as <root>…</root>."""
    if fmt == "json":
        return JsonResponse(
            data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
        )
    top = ET.Element(root)
    if item is None:
        for key, value in data.items():
            _element(top, key, value)
    else:
        for entry in data:
            _element(top, item, entry)
    body = ET.tostring(top, encoding="unicode", xml_declaration=False)
    return HttpResponse(
        '<?xml version="1.0" encoding="utf-8"?>\n' + body,
        status=status,
        content_type="text/xml; charset=utf-8",
    )


def error(fmt: str, status: int, description: str) -> HttpResponse:
    return render(fmt, "errors", "error", [{"code": status, "description": description}], status)


def endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turns Open311Error and ActionError into the spec's error list."""

    @wraps(view)
    @csrf_exempt
    def wrapped(request: HttpRequest, fmt: str, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, fmt, **kwargs)
        except Open311Error as exc:
            return error(fmt, exc.status, exc.description)
        except ActionError as exc:
            status = 429 if exc.code == "rate_limited" else 403 if exc.code == "banned" else 400
            field = f"{exc.field}: " if exc.field else ""
            return error(fmt, status, field + exc.message)
        except PermissionDenied:
            return error(fmt, 403, _("Không có quyền."))

    return wrapped


def iso(value: dt.datetime | None) -> str | None:
    """W3C datetime with the UTC offset, in the province's time zone."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def param(request: HttpRequest, name: str) -> str:
    """Empty parameters count as absent, as the spec asks."""
    source = request.POST if request.method == "POST" else request.GET
    return (source.get(name) or "").strip()


# --- Keys --------------------------------------------------------------------------
def client_for(request: HttpRequest) -> ApiClient:
    key = param(request, "api_key")
    if not key:
        raise Open311Error(403, _("Thiếu api_key."))
    client = ApiClient.holder_of(key)
    if client is None:
        raise Open311Error(403, _("api_key không hợp lệ."))
    return client


# --- Discovery and services ---------------------------------------------------
@endpoint
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri("/open311/v2/")
    data = {
        "changeset": CHANGESET,
        "contact": settings.OPEN311_CONTACT,
        "key_service": settings.OPEN311_KEY_SERVICE,
        "endpoints": [
            {
                "specification": SPEC_URL,
                "url": base,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render(fmt, "discovery", None, data)


def service_item(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": bool(category.attributes),
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


@endpoint
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    items = [service_item(c) for c in Category.objects.filter(is_active=True).order_by("code")]
    return render(fmt, "services", "service", items)


@endpoint
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        raise Open311Error(404, _("Không có service_code “%(code)s”.") % {"code": code[:50]})
    attributes = [
        {
            "variable": True,
            "code": spec["code"],
            "datatype": spec.get("datatype", "string"),
            "required": bool(spec.get("required")),
            "datatype_description": spec.get("datatype_description", ""),
            "order": spec.get("order", index + 1),
            "description": spec.get("description", ""),
            **(
                {"values": [{"key": v["key"], "name": v["name"]} for v in spec.get("values", [])]}
                if spec.get("datatype") in ("singlevaluelist", "multivaluelist")
                else {}
            ),
        }
        for index, spec in enumerate(sorted(category.attributes, key=lambda s: s.get("order", 0)))
    ]
    data = {"service_code": category.code, "attributes": attributes}
    return render(fmt, "service_definition", None, data)


# --- Reading requests ------------------------------------------------------------
REQUEST_COLUMNS = (
    "pk",
    "public_id",
    "status",
    "description",
    "address",
    "latitude",
    "longitude",
    "created_at",
    "updated_at",
    "due_at",
    "category__code",
    "category__name",
    "unit__name",
)


def request_items(
    request: HttpRequest, reports: QuerySet[Report], extensions: bool = False
) -> list[dict[str, Any]]:
    """Up to a page of requests in the spec's shape, in two queries at most.

    Plain rows (values()), not model instances: a 1000-row page spends most of its
    time building objects otherwise. The latest public note and the first photo
    come as subqueries; the notes of `extensions=true` in one more query.
    """
    latest_note = ReportUpdate.objects.filter(report=OuterRef("pk"), is_comment=False).order_by(
        "-at", "-id"
    )
    first_photo = ReportPhoto.objects.filter(report=OuterRef("pk"), kind=PhotoKind.REPORT).order_by(
        "pk"
    )
    rows = list(
        reports.annotate(
            status_notes=Subquery(latest_note.values("note")[:1]),
            photo_id=Subquery(first_photo.values("pk")[:1]),
        ).values(*REQUEST_COLUMNS, "status_notes", "photo_id")
    )
    base = request.build_absolute_uri("/")[:-1]
    notes: dict[int, list[dict[str, Any]]] = {}
    if extensions:
        for report_id, is_comment, status, note, at in ReportUpdate.objects.filter(
            report_id__in=[r["pk"] for r in rows]
        ).values_list("report_id", "is_comment", "status", "note", "at"):
            notes.setdefault(report_id, []).append(
                {
                    "status": "comment" if is_comment else status,
                    "description": note,
                    "datetime": iso(at),
                }
            )
    items = []
    for row in rows:
        item: dict[str, Any] = {
            "service_request_id": str(row["pk"]),
            "status": "closed" if row["status"] in CLOSED_STATUSES else "open",
            "status_notes": row["status_notes"] or "",
            "service_name": row["category__name"],
            "service_code": row["category__code"],
            "description": row["description"],
            "agency_responsible": row["unit__name"],
            "service_notice": "",
            "requested_datetime": iso(row["created_at"]),
            "updated_datetime": iso(row["updated_at"]),
            "expected_datetime": iso(row["due_at"]),
            "address": row["address"],
            "address_id": "",
            "zipcode": "",
            "lat": float(row["latitude"]),
            "long": float(row["longitude"]),
            "media_url": f"{base}/reports/photos/{row['photo_id']}/" if row["photo_id"] else "",
        }
        if extensions:
            item["extended_attributes"] = {
                "detailed_status": row["status"],
                "public_url": f"{base}/reports/{row['public_id']}/",
                "notes": notes.get(row["pk"], []),
            }
        items.append(item)
    return items


def _when(text: str, name: str) -> dt.datetime | None:
    if not text:
        return None
    # A "+07:00" sent without URL-encoding arrives as " 07:00": read it as meant.
    text = re.sub(r" (\d\d:?\d\d)$", r"+\1", text)
    parsed = parse_moment(text)
    if parsed is None:
        raise Open311Error(
            400,
            _(
                "%(name)s không đúng định dạng ngày giờ W3C (năm %(a)d–%(b)d), "
                "ví dụ 2026-01-31T08:00:00+07:00."
            )
            % {"name": name, "a": EARLIEST.year, "b": LATEST.year},
        )
    return parsed


def _window(request: HttpRequest) -> tuple[dt.datetime, dt.datetime]:
    """Requested between start_date and end_date: both given, at most 90 days apart;
    one given, 90 days from it (or up to now); none, the last 90 days."""
    given_start = _when(param(request, "start_date"), "start_date")
    given_end = _when(param(request, "end_date"), "end_date")
    if given_start and given_end and given_start > given_end:
        raise Open311Error(400, _("start_date phải trước end_date."))
    if given_start is not None:
        start = given_start
        end = given_end or min(timezone.now(), start + MAX_SPAN)
    else:
        end = given_end or timezone.now()
        start = end - MAX_SPAN
    if end - start > MAX_SPAN:
        raise Open311Error(400, _("Khoảng start_date – end_date không được quá 90 ngày."))
    return start, end


def _paging(request: HttpRequest) -> tuple[int, int]:
    page = ascii_int(param(request, "page") or 1, minimum=1, maximum=MAX_PAGE)
    size = ascii_int(
        param(request, "page_size") or settings.OPEN311_MAX_PAGE_SIZE, minimum=1, maximum=MAX_PAGE
    )
    if page is None or size is None:
        raise Open311Error(
            400, _("page và page_size phải là số nguyên dương (tối đa %(n)d).") % {"n": MAX_PAGE}
        )
    return page, min(size, settings.OPEN311_MAX_PAGE_SIZE)


def _codes(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()][:100]


def search_requests(request: HttpRequest) -> QuerySet[Report]:
    reports = queries.public_reports()
    ids = _codes(param(request, "service_request_id"))
    if ids:
        # The spec: a list of ids overrides every other filter.
        numbers = [n for n in (ascii_int(i, minimum=1) for i in ids) if n is not None]
        return reports.filter(pk__in=numbers).order_by("-created_at")
    start, end = _window(request)
    reports = reports.filter(created_at__gte=start, created_at__lte=end)
    codes = _codes(param(request, "service_code"))
    if codes:
        reports = reports.filter(category__code__in=codes)
    statuses = {s.lower() for s in _codes(param(request, "status"))}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, _("status chỉ nhận open hoặc closed."))
    if statuses == {"open"}:
        reports = reports.exclude(status__in=CLOSED_STATUSES)
    elif statuses == {"closed"}:
        reports = reports.filter(status__in=CLOSED_STATUSES)
    return reports.order_by("-created_at")


def _wants_extensions(request: HttpRequest) -> bool:
    return param(request, "extensions").lower() == "true"


def list_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    page, size = _paging(request)
    extensions = _wants_extensions(request)
    page_of = search_requests(request)[(page - 1) * size : page * size]
    items = request_items(request, page_of, extensions)
    return render(fmt, "service_requests", "request", items)


@endpoint
def requests_collection(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return create_request(request, fmt)
    if request.method != "GET":
        raise Open311Error(405, _("Chỉ nhận GET hoặc POST."))
    return list_requests(request, fmt)


@endpoint
def request_detail(request: HttpRequest, fmt: str, request_id: str) -> HttpResponse:
    items = []
    number = ascii_int(request_id, minimum=1)
    if number is not None:
        one = queries.public_reports().filter(pk=number)
        items = request_items(request, one, _wants_extensions(request))
    if not items:
        raise Open311Error(
            404, _("Không có service_request_id “%(id)s”.") % {"id": request_id[:40]}
        )
    return render(fmt, "service_requests", "request", items)


@endpoint
def token_detail(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    report = Report.objects.filter(public_id=token).first() if _is_uuid(token) else None
    if report is None:
        raise Open311Error(404, _("Không có token “%(token)s”.") % {"token": token[:40]})
    return render(
        fmt,
        "service_requests",
        "request",
        [{"service_request_id": str(report.pk), "token": str(report.public_id)}],
    )


def _is_uuid(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


# --- Creating requests ---------------------------------------------------------
def fetch_media(url: str, client: ApiClient) -> SimpleUploadedFile:
    """Fetch a media_url, only from the hosts this client was allowed, size-capped.

    Never follows redirects or reaches hosts not on the list: a server-side fetch
    of any URL would let a client probe the province's internal network.
    """
    allowed = [h for h in client.media_hosts.split(",") if h.strip()]
    refused = ActionError(
        _("Không tải được ảnh từ media_url này (máy chủ chưa được phép hoặc không trả lời)."),
        field="media_url",
    )
    try:
        status, data, _headers = fetch(
            "GET",
            url,
            allowed_hosts=allowed,
            max_bytes=settings.REPORT_PHOTO_MAX_BYTES,
            timeout=settings.OPEN311_MEDIA_TIMEOUT,
        )
    except OutboundRefused:
        raise refused from None
    if status != 200:
        raise refused  # one message for every failure: no probing of internal hosts
    return SimpleUploadedFile("media_url.jpg", data)


def create_request(request: HttpRequest, fmt: str) -> HttpResponse:
    client = client_for(request)
    code = param(request, "service_code")
    category = Category.objects.filter(code=code, is_active=True).first() if code else None
    if category is None:
        raise Open311Error(400, _("service_code không hợp lệ: “%(code)s”.") % {"code": code[:50]})
    lat, lon = param(request, "lat"), param(request, "long")
    if not (lat and lon):
        raise Open311Error(
            400, _("Cần lat và long: máy chủ này không tra địa chỉ (address_string, address_id).")
        )
    contact = {
        "name": f"{param(request, 'first_name')} {param(request, 'last_name')}".strip(),
        "email": param(request, "email"),
        "phone": param(request, "phone"),
        "device_id": param(request, "device_id"),
        "account_id": param(request, "account_id"),
    }
    sender = contact["email"] or contact["device_id"] or contact["account_id"] or contact["phone"]
    account_key = f"open311:{client.pk}:{sender.lower()}" if sender else None
    abuse.check_sender(account_key=account_key, ip=client_ip(request))
    photos = list(request.FILES.getlist("media"))
    if param(request, "media_url"):
        photos.append(fetch_media(param(request, "media_url"), client))
    report = actions.do_submit_report(
        category=category,
        reporter=None,
        latitude=lat,
        longitude=lon,
        description=param(request, "description"),
        address=param(request, "address_string"),
        attributes=posted_attributes(category.attributes, request.POST),
        photos=photos,
        source=Source.OPEN311,
        api_client=client,
        contact=contact,
        sender_key=account_key,
        sender_ip=client_ip(request),
    )
    notice = _("Đã chuyển đến %(unit)s; hạn xử lý %(due)s.") % {
        "unit": report.unit.name,
        "due": timezone.localtime(report.due_at).strftime("%d/%m/%Y"),
    }
    return render(
        fmt,
        "service_requests",
        "request",
        [
            {
                "service_request_id": str(report.pk),
                "token": str(report.public_id),
                "service_notice": notice,
                "account_id": None,
            }
        ],
    )


# --- Service request updates (FixMyStreet's shape) --------------------------------
def update_item(request: HttpRequest, update: Any) -> dict[str, Any]:
    return {
        "update_id": str(update.pk),
        "service_request_id": str(update.report_id),
        "status": FMS_STATUS.get(update.status, "OPEN"),
        "updated_datetime": iso(update.at),
        "description": update.note,
        "media_url": "",
    }


@endpoint
def updates_collection(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return post_update(request, fmt)
    start, end = _window(request)
    page, size = _paging(request)
    updates = (
        ReportUpdate.objects.filter(
            at__gte=start,
            at__lte=end,
            report__is_public=True,
        )
        .exclude(report__status=R.HIDDEN)
        .order_by("at", "id")
    )
    rows = updates[(page - 1) * size : page * size]
    return render(
        fmt, "service_request_updates", "request_update", [update_item(request, u) for u in rows]
    )


def post_update(request: HttpRequest, fmt: str) -> HttpResponse:
    """A comment from the client's user on a report; it cannot change the status."""
    client = client_for(request)
    request_id = param(request, "service_request_id")
    number = ascii_int(request_id, minimum=1)
    report = queries.public_reports().filter(pk=number).first() if number else None
    if report is None:
        raise Open311Error(
            404, _("Không có service_request_id “%(id)s”.") % {"id": request_id[:40]}
        )
    description = param(request, "description")
    if not description:
        raise Open311Error(400, _("Thiếu description."))
    if len(description) > actions.MAX_DESCRIPTION:
        raise Open311Error(400, _("description quá dài."))
    sender = param(request, "email") or param(request, "account_id")
    update = actions.do_comment_from_client(
        report,
        client=client,
        text=description,
        sender_key=f"open311:{client.pk}:{sender.lower()}" if sender else None,
        sender_ip=client_ip(request),
    )
    return render(fmt, "service_request_updates", "request_update", [{"update_id": str(update.pk)}])


urlpatterns = [
    re_path(rf"^discovery\.{FORMATS}$", discovery, name="discovery"),
    re_path(rf"^services\.{FORMATS}$", services, name="services"),
    re_path(rf"^services/(?P<code>[^/]+)\.{FORMATS}$", service_definition, name="service"),
    re_path(rf"^requests\.{FORMATS}$", requests_collection, name="requests"),
    re_path(rf"^requests/(?P<request_id>[^/]+)\.{FORMATS}$", request_detail, name="request"),
    re_path(rf"^tokens/(?P<token>[^/]+)\.{FORMATS}$", token_detail, name="token"),
    re_path(rf"^servicerequestupdates\.{FORMATS}$", updates_collection, name="updates"),
]
