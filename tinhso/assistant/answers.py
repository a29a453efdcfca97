"""What the assistant says about a procedure, read from its catalogue record — never
composed from anything else, so a fee, a document or a deadline is always the record's.

A *card* is the record as the chat shows it (and the JSON API returns it); a *fact*
is one part a citizen asks about: the documents, the fee, the time, whether it can be
done online, where it is handled.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tinhso.services.choices import OnlineLevel
from tinhso.services.facts import days_text, fee_text, handled_by, money, online_sentence
from tinhso.services.models import Procedure

FACTS = ("documents", "fee", "time", "online", "where")


def procedure(code: str) -> Procedure | None:
    return (
        Procedure.objects.filter(code=code, is_active=True)
        .select_related("field", "agency")
        .prefetch_related("documents")
        .first()
    )


def card(p: Procedure) -> dict[str, Any]:
    """The record as the chat shows it and the API returns it."""
    return {
        "code": p.code,
        "name": p.name,
        "description": p.description,
        "url": reverse("services:procedure", args=[p.code]),
        "submit_url": reverse("services:submit", args=[p.code]),
        "speech_url": reverse("services:procedure_speech", args=[p.code]),
        "handled_by": handled_by(p),
        "level": str(p.get_level_display()),
        "processing_days": p.processing_days,
        "time": days_text(p),
        "fee": p.fee,
        "fee_text": fee_text(p),
        "fee_note": p.fee_note,
        "online_level": p.online_level,
        "online": str(p.get_online_level_display()),
        "fully_online": p.online_level == OnlineLevel.FULL,
        "result": p.result_name,
        "documents": [{"name": d.name, "mandatory": d.mandatory} for d in p.documents.all()],
    }


def fact_sentence(p: Procedure, fact: str | None) -> str:
    """One sentence answering the fact asked about, from the record; the card follows."""
    name = p.name
    if fact == "time":
        return _("«%(name)s» được giải quyết trong %(time)s.") % {
            "name": name,
            "time": days_text(p),
        }
    if fact == "fee":
        if not p.fee:
            return _("«%(name)s» không mất phí, lệ phí.") % {"name": name}
        sentence = _("Phí, lệ phí của «%(name)s»: %(fee)s.") % {"name": name, "fee": money(p.fee)}
        return f"{sentence} {p.fee_note}".strip() if p.fee_note else sentence
    if fact == "online":
        return _("«%(name)s»: %(sentence)s") % {"name": name, "sentence": online_sentence(p)}
    if fact == "where":
        return _("«%(name)s» do %(where)s giải quyết.") % {"name": name, "where": handled_by(p)}
    if fact == "documents":
        count = len(p.documents.all())
        return ngettext("«%(name)s» cần %(n)s giấy tờ:", "«%(name)s» cần %(n)s giấy tờ:", count) % {
            "name": name,
            "n": count,
        }
    return _("Thủ tục bạn cần là «%(name)s».") % {"name": name}
