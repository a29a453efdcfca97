"""The "phạt nguội" notice: a PDF letter to the vehicle's registered owner (printed and
posted, or handed over), and — when the owner has a platform account — the same notice
in their inbox and by SMS. Always in Vietnamese, like every official letter.

The letter tells the owner what the camera recorded and asks them to come to the traffic
police within the legal time; the fine itself is decided there, so no amount is printed.
"""

from __future__ import annotations

import io
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tinhso.core.letters import OfficialPdf, qr_png, vietnamese_date
from tinhso.core.models import OrgUnit
from tinhso.traffic.models import Evidence, Vehicle, Violation
from tinhso.vision import plates

ANSWER_DAYS = 20


def lookup_url(violation: Violation) -> str:
    query = urlencode({"plate": violation.plate, "colour": violation.plate_colour})
    return f"{settings.SITE_URL}{reverse('traffic:lookup')}?{query}"


def notice_pdf(violation: Violation, vehicle: Vehicle, agency: OrgUnit | None) -> bytes:
    """`agency`: the traffic police unit of the officer who confirmed the violation; the
    owner is asked to come to its address."""
    with translation.override("vi"):
        agency_name = agency.name if agency else _("Cảnh sát giao thông")
        pdf = OfficialPdf()
        pdf.national_heading(agency_name)
        pdf.doc_title(_("Thông báo vi phạm trật tự, an toàn giao thông phát hiện qua camera"))
        pdf.field_line(_("Kính gửi"), vehicle.owner_name)
        pdf.field_line(_("Địa chỉ"), vehicle.address)
        kinds = f"{vehicle.get_plate_colour_display()}, {violation.get_vehicle_kind_display()}"
        pdf.field_line(_("Phương tiện"), f"{plates.display(violation.plate)} ({kinds})")
        pdf.field_line(_("Lỗi vi phạm"), violation.get_kind_display())
        local = timezone.localtime(violation.occurred_at)
        pdf.field_line(_("Thời gian"), local.strftime("%H:%M:%S ngày %d/%m/%Y"))
        pdf.field_line(_("Địa điểm"), f"{violation.camera.name}, {violation.camera.area.name}")
        pdf.field_line(_("Mã vi phạm"), violation.reference)
        pdf.field_line(
            _("Nơi giải quyết"),
            f"{agency_name}, {agency.address}" if agency and agency.address else agency_name,
        )
        if agency is not None and agency.phone:
            pdf.field_line(_("Điện thoại"), agency.phone)
        frame = violation.evidence.filter(kind=Evidence.FRAME).order_by("order").first()
        if frame is not None:
            with frame.file.open("rb") as handle:
                # 100 mm wide: the picture, the text and the signature fit on one page.
                pdf.image(io.BytesIO(handle.read()), w=100)
            pdf.ln(2)
        pdf.body_text(
            _(
                "Hệ thống camera giám sát giao thông đã ghi nhận phương tiện trên vi phạm như "
                "trên; cán bộ cảnh sát giao thông đã xác minh hình ảnh. Đề nghị chủ phương tiện "
                "hoặc người điều khiển phương tiện đến cơ quan công an nêu trên trong %(days)d "
                "ngày kể từ ngày nhận thông báo để giải quyết theo quy định. Hình ảnh và đoạn "
                "video vi phạm xem được bằng cách quét mã bên dưới."
            )
            % {"days": ANSWER_DAYS}
        )
        pdf.signature_block(
            vietnamese_date(timezone.now(), violation.camera.area.name),
            agency_name,
            qr_png(lookup_url(violation)),
            _("Tra cứu: %(url)s") % {"url": lookup_url(violation)},
            signed=False,
        )
        return bytes(pdf.output())
