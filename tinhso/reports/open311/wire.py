"""What every Open311 answer shares: the formats (XML and JSON), the error list, the
key check and the window and paging parameters."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from tinhso.core import localtime
from tinhso.core.errors import ActionError
from tinhso.core.params import EARLIEST, LATEST, ascii_int, parse_moment
from tinhso.reports.choices import ReportStatus as R
from tinhso.reports.models import ApiClient

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
    """W3C datetime with the UTC offset, in the province's time zone (a 1000-row page
    formats 3000 of them: core.localtime's fast path)."""
    return localtime.local(value).isoformat(timespec="seconds") if value else None


def param(request: HttpRequest, name: str) -> str:
    """Empty parameters count as absent, as the spec asks."""
    source = request.POST if request.method == "POST" else request.GET
    return (source.get(name) or "").strip()


def client_for(request: HttpRequest) -> ApiClient:
    key = param(request, "api_key")
    if not key:
        raise Open311Error(403, _("Thiếu api_key."))
    client = ApiClient.holder_of(key)
    if client is None:
        raise Open311Error(403, _("api_key không hợp lệ."))
    return client


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
