"""The papers of public services: the result document, the fee receipt, the apology
letter and the intake slip — official letters (``tinhso.core.letters``) that the
actions sign with the unit's certificate (``tinhso.core.signing``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tinhso.core.letters import OfficialPdf, qr_png, vietnamese_date

# The registers the papers are numbered in ("12/KQ-UBND": kết quả; phiếu xin lỗi).
RESULT_BOOK = "KQ"
APOLOGY_BOOK = "PXL"


def verify_url(token: str) -> str:
    return f"{settings.SITE_URL}/verify/{token}/"


def result_pdf(
    dossier: Any,
    token: str,
    signer_title: str,
    moment: dt.datetime,
    *,
    number: str,
    signer_name: str,
    preview: bool = False,
) -> bytes:
    """The result document of a dossier, before signing. Always in Vietnamese.
    `number`: its number in the issuing unit's register; `signer_name`: the official
    who signs. `preview`: marked as a preview for the official about to sign it."""
    with translation.override("vi"):
        return _result_pdf(dossier, token, signer_title, moment, number, signer_name, preview)


def _result_pdf(
    dossier: Any,
    token: str,
    signer_title: str,
    moment: dt.datetime,
    number: str,
    signer_name: str,
    preview: bool,
) -> bytes:
    pdf = OfficialPdf()
    pdf.national_heading(dossier.agency.name, number=number)
    if preview:
        pdf.body_text(_("BẢN XEM TRƯỚC — chưa ký số, không có giá trị pháp lý."))
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
        qr_png(verify_url(token)),
        _("Quét mã để kiểm tra văn bản: %(url)s") % {"url": verify_url(token)},
        signer_name=signer_name,
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
    dossier: Any,
    token: str,
    reason: str,
    new_due: dt.datetime,
    moment: dt.datetime,
    *,
    number: str,
) -> bytes:
    """The letter of apology and new appointment (Decree 61/2018/NĐ-CP, form 05)."""
    with translation.override("vi"):
        pdf = OfficialPdf()
        pdf.national_heading(dossier.agency.name, number=number)
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
            qr_png(verify_url(token)),
            _("Quét mã để kiểm tra văn bản: %(url)s") % {"url": verify_url(token)},
        )
        return bytes(pdf.output())


def intake_slip_pdf(dossier: Any, moment: dt.datetime, receptionist: str) -> bytes:
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả: what the applicant takes home from the
    counter, with the name of the receptionist who took the papers."""
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
            qr_png(lookup),
            lookup,
            signed=False,
            signer_name=receptionist,
        )
        return bytes(pdf.output())
