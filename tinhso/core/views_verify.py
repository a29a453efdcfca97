"""Anyone can check a signed PDF they were given: upload it, and the page says whether
its digital signature is valid, who signed it and when, and whether the file was
changed after signing (Decree 30/2020/NĐ-CP: an electronic document is valid with its
digital signatures). A document the platform issued also carries a QR code leading to
its own page (``/verify/<token>/``), which compares with the copy the agency holds."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tinhso.core.pdfs import MAX_UPLOAD_BYTES
from tinhso.core.signing import Verification, verify_pdf
from tinhso.core.throttle import upload_limited


def checked_upload(
    request: HttpRequest, field: str, most: int = MAX_UPLOAD_BYTES
) -> tuple[Verification | None, str, str]:
    """The check of the PDF posted as ``field`` (every page that takes a copy to check
    uses it): (what its signatures say, the file's name, or the message why not)."""
    if request.method != "POST":
        return None, "", ""
    upload = request.FILES.get(field)
    if upload is None:
        return None, "", _("Vui lòng chọn tệp PDF cần kiểm tra.")
    if (upload.size or 0) > most:
        return None, "", _("Tệp quá lớn.")
    data = upload.read()
    if not data.startswith(b"%PDF-"):
        return None, "", _("Tệp này không phải PDF.")
    return verify_pdf(data), upload.name or "", ""


@upload_limited("verify_pdf")
def verify_upload(request: HttpRequest) -> HttpResponse:
    found, name, error = checked_upload(request, "document")
    return render(
        request, "core/verify_upload.html", {"found": found, "error": error, "name": name}
    )
