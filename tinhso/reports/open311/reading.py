"""Open311 reading: discovery, the service list and definitions, service requests and
their updates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from tinhso.core.params import ascii_int
from tinhso.reports import queries
from tinhso.reports.choices import CLOSED_STATUSES, PhotoKind
from tinhso.reports.choices import ReportStatus as R
from tinhso.reports.models import Category, Report, ReportPhoto, ReportUpdate
from tinhso.reports.open311 import pg_page
from tinhso.reports.open311.wire import (
    CHANGESET,
    FMS_STATUS,
    SPEC_URL,
    Open311Error,
    _paging,
    _window,
    endpoint,
    iso,
    param,
    render,
)


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
    base = _site(request)
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


def _site(request: HttpRequest) -> str:
    """The scheme and host the client used, for media and public URLs."""
    return request.build_absolute_uri("/")[:-1]


def _codes(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()][:100]


@dataclass(frozen=True)
class Search:
    """What a `GET requests` asks for, read and checked once: the ORM and PostgreSQL's
    own page (pg_page.py) both answer it."""

    ids: list[int] | None = None  # the spec: a list of ids overrides every other filter
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    codes: list[str] | None = None  # service codes
    state: str | None = None  # "open", "closed", or None for both


def read_search(request: HttpRequest) -> Search:
    ids = _codes(param(request, "service_request_id"))
    if ids:
        return Search(ids=[n for n in (ascii_int(i, minimum=1) for i in ids) if n is not None])
    start, end = _window(request)
    codes = _codes(param(request, "service_code")) or None
    states = {s.lower() for s in _codes(param(request, "status"))}
    if states - {"open", "closed"}:
        raise Open311Error(400, _("status chỉ nhận open hoặc closed."))
    state = states.pop() if len(states) == 1 else None
    return Search(start=start, end=end, codes=codes, state=state)


def matching(search: Search) -> QuerySet[Report]:
    """Newest first; the id breaks ties so that pages neither repeat nor skip a report."""
    reports = queries.public_reports()
    if search.ids is not None:
        return reports.filter(pk__in=search.ids).order_by("-created_at", "-pk")
    reports = reports.filter(created_at__gte=search.start, created_at__lte=search.end)
    if search.codes is not None:
        # The categories' ids as a subquery rather than a join on the code: PostgreSQL
        # then walks the (category, -created_at) index instead of the whole window.
        ids = Category.objects.filter(code__in=search.codes).values("pk")
        reports = reports.filter(category_id__in=Subquery(ids))
    if search.state == "open":
        reports = reports.exclude(status__in=CLOSED_STATUSES)
    elif search.state == "closed":
        reports = reports.filter(status__in=CLOSED_STATUSES)
    return reports.order_by("-created_at", "-pk")


def _wants_extensions(request: HttpRequest) -> bool:
    return param(request, "extensions").lower() == "true"


def list_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    page, size = _paging(request)
    extensions = _wants_extensions(request)
    search = read_search(request)
    offset = (page - 1) * size
    if fmt == "json" and not extensions and pg_page.available():
        # The busiest call: PostgreSQL writes the JSON document itself.
        body = pg_page.requests_json(search, _site(request), offset, size)
        return HttpResponse(body, content_type="application/json")
    items = request_items(request, matching(search)[offset : offset + size], extensions)
    return render(fmt, "service_requests", "request", items)


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


def update_item(request: HttpRequest, update: Any) -> dict[str, Any]:
    return {
        "update_id": str(update.pk),
        "service_request_id": str(update.report_id),
        "status": FMS_STATUS.get(update.status, "OPEN"),
        "updated_datetime": iso(update.at),
        "description": update.note,
        "media_url": "",
    }


def list_updates(request: HttpRequest, fmt: str) -> HttpResponse:
    """Updates to public reports in a time window, oldest first (FixMyStreet's shape)."""
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
