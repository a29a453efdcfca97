"""Open311 GeoReport v2 at /open311/v2/ (http://wiki.open311.org/GeoReport_v2), in
XML and JSON, with the common extensions: page/page_size, extensions=true with
notes, and service-request updates in FixMyStreet's shape.

Plain Django views rather than django-ninja: the spec needs XML bodies, form-encoded
POSTs with bracketed names (attribute[code][]) and its own error-list format.
Creation goes through the same do_submit_report as the web form.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import re_path
from django.utils.translation import gettext as _

from tinhso.reports.open311.reading import (
    discovery,
    list_requests,
    list_updates,
    request_detail,
    service_definition,
    services,
    token_detail,
)
from tinhso.reports.open311.wire import FORMATS, Open311Error, endpoint
from tinhso.reports.open311.writing import create_request, post_update


@endpoint
def requests_collection(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return create_request(request, fmt)
    if request.method != "GET":
        raise Open311Error(405, _("Chỉ nhận GET hoặc POST."))
    return list_requests(request, fmt)


@endpoint
def updates_collection(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return post_update(request, fmt)
    return list_updates(request, fmt)


urlpatterns = [
    re_path(rf"^discovery\.{FORMATS}$", discovery, name="discovery"),
    re_path(rf"^services\.{FORMATS}$", services, name="services"),
    re_path(rf"^services/(?P<code>[^/]+)\.{FORMATS}$", service_definition, name="service"),
    re_path(rf"^requests\.{FORMATS}$", requests_collection, name="requests"),
    re_path(rf"^requests/(?P<request_id>[^/]+)\.{FORMATS}$", request_detail, name="request"),
    re_path(rf"^tokens/(?P<token>[^/]+)\.{FORMATS}$", token_detail, name="token"),
    re_path(rf"^servicerequestupdates\.{FORMATS}$", updates_collection, name="updates"),
]
