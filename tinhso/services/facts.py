"""A procedure's facts in words — who handles it, the time, the fee, online or not —
for the pages, the read-aloud and the procedure assistant, so that all three say the
same thing, and say what the record holds."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tinhso.core.text import format_number
from tinhso.services.choices import OnlineLevel, ProcedureLevel
from tinhso.services.models import Procedure


def money(amount: int) -> str:
    return _("%(amount)s đồng") % {"amount": format_number(amount, 0)}


def fee_text(p: Procedure) -> str:
    return money(p.fee) if p.fee else _("Miễn phí")


def days_text(p: Procedure) -> str:
    return ngettext("%(n)s ngày làm việc", "%(n)s ngày làm việc", p.processing_days) % {
        "n": p.processing_days
    }


def handled_by(p: Procedure) -> str:
    if p.agency is not None:
        return p.agency.name
    if p.level == ProcedureLevel.COMMUNE:
        return _("Ủy ban nhân dân xã, phường nơi bạn cư trú")
    return str(p.get_level_display())


def online_sentence(p: Procedure) -> str:
    if p.online_level == OnlineLevel.FULL:
        return _("Làm trực tuyến toàn trình: nộp hồ sơ và nhận kết quả qua mạng.")
    return _(
        "Nộp trực tuyến được một phần: nộp hồ sơ qua mạng, rồi đến %(where)s "
        "để đối chiếu bản gốc hoặc nhận kết quả."
    ) % {"where": handled_by(p)}


def spoken_summary(p: Procedure) -> str:
    """The procedure read aloud: the facts in the order a citizen needs them. `p`'s
    documents prefetched or not."""
    documents = [d.name for d in p.documents.all()]
    parts = [
        p.name + ".",
        _("Nơi giải quyết: %(where)s.") % {"where": handled_by(p)},
        _("Thời hạn: %(time)s.") % {"time": days_text(p)},
        _("Phí, lệ phí: %(fee)s.") % {"fee": fee_text(p)},
        online_sentence(p),
    ]
    if documents:
        parts.append(_("Giấy tờ cần mang: %(list)s.") % {"list": "; ".join(documents)})
    return " ".join(parts)
