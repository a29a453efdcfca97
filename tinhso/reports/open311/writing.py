"""Open311 writing: a client creates a service request (through the same
do_submit_report as the web form) or adds a comment to one."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.core.audit import client_ip
from tinhso.core.errors import ActionError
from tinhso.core.outbound import OutboundRefused, fetch
from tinhso.core.params import ascii_int
from tinhso.reports import abuse, actions, queries
from tinhso.reports.choices import Source
from tinhso.reports.forms import posted_attributes
from tinhso.reports.models import ApiClient, Category
from tinhso.reports.open311.wire import Open311Error, client_for, param, render


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
