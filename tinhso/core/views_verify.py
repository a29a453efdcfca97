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
from tinhso.core.signing import verify_pdf
from tinhso.core.throttle import upload_limited


@upload_limited("verify_pdf")
def verify_upload(request: HttpRequest) -> HttpResponse:
    found, error, name = None, "", ""
    if request.method == "POST":
        upload = request.FILES.get("document")
        if upload is None:
            error = _("Vui lòng chọn tệp PDF cần kiểm tra.")
        elif (upload.size or 0) > MAX_UPLOAD_BYTES:
            error = _("Tệp quá lớn.")
        else:
            data = upload.read()
            if not data.startswith(b"%PDF-"):
                error = _("Tệp này không phải PDF.")
            else:
                found, name = verify_pdf(data), upload.name or ""
    return render(
        request, "core/verify_upload.html", {"found": found, "error": error, "name": name}
    )
