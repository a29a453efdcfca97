"""Result documents: written as PDF (fpdf2), signed PAdES (pyHanko), verifiable by QR.

The QR code carries a random token, not the content: the verification page
looks the document up by token, hashes the stored file and validates its
signature against the trusted CA, so a forged or altered copy is told apart.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from tinhso.core.errors import ActionError
from tinhso.core.models import OrgUnit
from tinhso.services.pki import unit_p12_path

FONTS = Path(__file__).parent / "fonts"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def verify_url(token: str) -> str:
    return f"{settings.SITE_URL}/verify/{token}/"


class OfficialPdf(FPDF):
    """A4 page with the national heading, in a font that has every Vietnamese letter."""

    def __init__(self) -> None:
        super().__init__(format="A4")
        self.add_font("Serif", "", str(FONTS / "DejaVuSerif.ttf"))
        self.add_font("Serif", "B", str(FONTS / "DejaVuSerif-Bold.ttf"))
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=20)
        self.add_page()

    def national_heading(self, agency: str) -> None:
        top = self.get_y()
        self.set_font("Serif", "B", 10)
        self.multi_cell(75, 5, agency.upper(), align="C")
        self.set_xy(95, top)
        self.multi_cell(
            95, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", align="C"
        )
        self.ln(10)

    def doc_title(self, text: str) -> None:
        self.set_font("Serif", "B", 15)
        self.multi_cell(0, 8, text.upper(), align="C")
        self.ln(4)

    def field_line(self, label: str, value: Any) -> None:
        self.set_font("Serif", "B", 11)
        self.write(6, f"{label}: ")
        self.set_font("Serif", "", 11)
        self.write(6, f"{value}\n")

    def body_text(self, text: str) -> None:
        self.set_font("Serif", "", 11)
        self.multi_cell(0, 6, text, align="L")
        self.ln(2)

    def signature_block(
        self,
        place_date: str,
        signer_title: str,
        qr_png: bytes,
        qr_caption: str,
        signed: bool = True,
    ) -> None:
        self.ln(6)
        top = self.get_y()
        self.image(io.BytesIO(qr_png), x=20, y=top, w=32)
        self.set_xy(20, top + 33)
        self.set_font("Serif", "", 7)
        self.multi_cell(60, 3.5, qr_caption, align="L")
        self.set_xy(100, top)
        self.set_font("Serif", "", 11)
        self.multi_cell(90, 6, place_date, align="C")
        self.set_x(100)
        self.set_font("Serif", "B", 11)
        self.multi_cell(90, 6, signer_title, align="C")
        if signed:
            self.set_x(100)
            self.set_font("Serif", "", 9)
            self.multi_cell(90, 5, _("(Đã ký số)"), align="C")


def _qr_png(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=6, border=2)
    return out.getvalue()


def vietnamese_date(moment: dt.datetime, place: str) -> str:
    local = timezone.localtime(moment)
    return f"{place}, ngày {local:%d} tháng {local:%m} năm {local:%Y}"


def signer_for(unit: OrgUnit) -> signers.SimpleSigner:
    path = unit_p12_path(unit.identifier)
    if not path.exists():
        raise ActionError(
            _("Đơn vị %(unit)s chưa có chứng thư số để ký kết quả. Liên hệ quản trị hệ thống.")
            % {"unit": unit.name},
            code="no_certificate",
        )
    passphrase = settings.SIGNING_P12_PASSPHRASE.encode() or None
    signer = signers.SimpleSigner.load_pkcs12(str(path), passphrase=passphrase)
    if signer is None:
        raise ActionError(_("Không đọc được chứng thư số của đơn vị."), code="bad_certificate")
    return signer


def sign_pdf(pdf_bytes: bytes, unit: OrgUnit, reason: str, location: str) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKySo",
        reason=reason,
        location=location,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    out = signers.sign_pdf(writer, meta, signer=signer_for(unit))
    return out.getvalue()


@dataclass(frozen=True)
class Verification:
    sha256: str
    signed: bool
    intact: bool
    trusted: bool
    signer: str
    signed_at: dt.datetime | None

    @property
    def valid(self) -> bool:
        return self.signed and self.intact and self.trusted


def trust_roots() -> list[Any]:
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    roots = []
    for name in settings.SIGNING_TRUST_ROOTS:
        path = Path(name)
        if path.exists():
            for _type, _headers, der in pem.unarmor(path.read_bytes(), multiple=True):
                roots.append(asn1_x509.Certificate.load(der))
    return roots


def _validate(embedded: Any, context: ValidationContext) -> Any:
    """pyHanko's validator runs its own event loop; under a running loop (an ASGI
    server, a browser test) it must run in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return validate_pdf_signature(embedded, context)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(validate_pdf_signature, embedded, context).result()


def verify_pdf(data: bytes) -> Verification:
    """Hash the bytes and check the last signature against the trusted CA certificates."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        reader = PdfFileReader(io.BytesIO(data))
        embedded = reader.embedded_signatures
    except Exception:  # not a PDF, or a damaged one: simply "not signed"
        embedded = []
    if not embedded:
        return Verification(digest, False, False, False, "", None)
    status = _validate(
        embedded[-1], ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    )
    return Verification(
        sha256=digest,
        signed=True,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        signer=status.signing_cert.subject.human_friendly if status.signing_cert else "",
        signed_at=status.signer_reported_dt,
    )


def result_pdf(dossier: Any, token: str, signer_title: str, moment: dt.datetime) -> bytes:
    """The result document of a dossier, before signing. Always in Vietnamese."""
    with translation.override("vi"):
        return _result_pdf(dossier, token, signer_title, moment)


def _result_pdf(dossier: Any, token: str, signer_title: str, moment: dt.datetime) -> bytes:
    pdf = OfficialPdf()
    pdf.national_heading(dossier.agency.name)
    pdf.doc_title(dossier.procedure.result_name)
    pdf.field_line(_("Mã hồ sơ"), dossier.code)
    pdf.field_line(_("Thủ tục"), dossier.procedure.name)
    pdf.field_line(_("Người yêu cầu"), dossier.applicant_name)
    labels = {
        spec["name"]: spec.get("label", spec["name"]) for spec in dossier.procedure.form_schema
    }
    from tinhso.core.templatetags.tinhso import form_value

    for name, value in dossier.form_data.items():
        pdf.field_line(labels.get(name, name), form_value(value))
    pdf.ln(3)
    pdf.body_text(
        _(
            "%(agency)s xác nhận hồ sơ đã được giải quyết theo quy định. Văn bản điện tử này có "
            "giá trị pháp lý như bản giấy khi chữ ký số hợp lệ."
        )
        % {"agency": dossier.agency.name}
    )
    place = dossier.agency.area.name
    pdf.signature_block(
        vietnamese_date(moment, place),
        signer_title,
        _qr_png(verify_url(token)),
        _("Quét mã để kiểm tra văn bản: %(url)s") % {"url": verify_url(token)},
    )
    return bytes(pdf.output())


def receipt_pdf(dossier: Any, payment: Any) -> bytes:
    """A payment receipt kept on the dossier (the tax e-invoice is the gateway's business)."""
    with translation.override("vi"):
        pdf = OfficialPdf()
        pdf.national_heading(dossier.agency.name)
        pdf.doc_title(_("Biên lai thu phí, lệ phí"))
        pdf.field_line(_("Mã hồ sơ"), dossier.code)
        pdf.field_line(_("Thủ tục"), dossier.procedure.name)
        pdf.field_line(_("Người nộp"), dossier.applicant_name)
        pdf.field_line(_("Số tiền"), f"{payment.amount:,} đồng".replace(",", "."))
        pdf.field_line(_("Mã giao dịch"), payment.provider_transaction or str(payment.reference))
        pdf.field_line(
            _("Thời điểm"), timezone.localtime(payment.completed_at).strftime("%H:%M %d/%m/%Y")
        )
        return bytes(pdf.output())


def apology_pdf(
    dossier: Any, token: str, reason: str, new_due: dt.datetime, moment: dt.datetime
) -> bytes:
    """The letter of apology and new appointment (Decree 61/2018/NĐ-CP, form 05)."""
    with translation.override("vi"):
        pdf = OfficialPdf()
        pdf.national_heading(dossier.agency.name)
        pdf.doc_title(_("Phiếu xin lỗi và hẹn lại ngày trả kết quả"))
        pdf.body_text(_("Kính gửi: %(name)s") % {"name": dossier.applicant_name})
        pdf.body_text(
            _(
                "Ngày %(received)s, %(agency)s tiếp nhận hồ sơ %(code)s về thủ tục "
                "“%(procedure)s”, hẹn trả kết quả ngày %(due)s. "
                "Hồ sơ chưa giải quyết đúng hạn vì: %(reason)s"
            )
            % {
                "received": timezone.localtime(dossier.received_at).strftime("%d/%m/%Y"),
                "agency": dossier.agency.name,
                "code": dossier.code,
                "procedure": dossier.procedure.name,
                "due": timezone.localtime(dossier.due_at).strftime("%d/%m/%Y"),
                "reason": reason,
            }
        )
        pdf.body_text(
            _("%(agency)s xin lỗi ông/bà vì sự chậm trễ này và hẹn trả kết quả vào ngày %(new)s.")
            % {
                "agency": dossier.agency.name,
                "new": timezone.localtime(new_due).strftime("%d/%m/%Y"),
            }
        )
        pdf.signature_block(
            vietnamese_date(moment, dossier.agency.area.name),
            dossier.agency.name,
            _qr_png(verify_url(token)),
            _("Quét mã để kiểm tra văn bản: %(url)s") % {"url": verify_url(token)},
        )
        return bytes(pdf.output())


def intake_slip_pdf(dossier: Any, moment: dt.datetime) -> bytes:
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả: what the applicant takes home from the counter."""
    with translation.override("vi"):
        pdf = OfficialPdf()
        pdf.national_heading(dossier.agency.name)
        pdf.doc_title(_("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"))
        pdf.field_line(_("Mã hồ sơ"), dossier.code)
        pdf.field_line(_("Thủ tục"), dossier.procedure.name)
        pdf.field_line(_("Người nộp"), dossier.applicant_name)
        pdf.field_line(
            _("Tiếp nhận lúc"), timezone.localtime(dossier.received_at).strftime("%H:%M %d/%m/%Y")
        )
        pdf.field_line(
            _("Hẹn trả kết quả"), timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y")
        )
        for document in dossier.documents.filter(kind="submitted").select_related("requirement"):
            pdf.field_line(
                _("Giấy tờ"),
                document.requirement.name if document.requirement else document.original_name,
            )
        lookup = f"{settings.SITE_URL}/services/lookup/?code={dossier.code}"
        pdf.body_text(
            _("Tra cứu tiến độ bằng mã hồ sơ và 4 số cuối điện thoại tại: %(url)s")
            % {"url": lookup}
        )
        pdf.signature_block(
            vietnamese_date(moment, dossier.agency.area.name),
            _("Người tiếp nhận"),
            _qr_png(lookup),
            lookup,
            signed=False,
        )
        return bytes(pdf.output())
