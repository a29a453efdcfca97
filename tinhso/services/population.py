"""Checking an applicant against the population database, through the data-exchange
axis: the one-stop desk asks the police's service (another member's system) for the
citizen with the dossier's identity number and shows what it holds beside what the
applicant declared.

Nothing it answers is stored (Decree 13: the official sees it while deciding, the
dossier keeps what the applicant declared); who looked up which dossier's applicant,
and when, is an audit row, and the axis's message log has the exchange.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.core.audit import write_audit
from tinhso.core.input_guard import BadInput, parse_json
from tinhso.core.text import fold
from tinhso.exchange import client
from tinhso.services.models import Dossier

# What the population service answers, as the desk shows it.
FIELDS = [
    ("full_name", gettext_lazy("Họ tên")),
    ("birth_date", gettext_lazy("Ngày sinh")),
    ("gender", gettext_lazy("Giới tính")),
    ("permanent_address", gettext_lazy("Nơi thường trú")),
]


@dataclass
class PopulationCheck:
    found: bool
    message: str = ""
    rows: list[tuple[str, str, str | None]] = field(default_factory=list)  # label, held, declared
    name_matches: bool | None = None


def available(dossier: Dossier) -> bool:
    """Whether the desk can offer the check for this dossier."""
    return bool(
        settings.POPULATION_SERVICE
        and settings.EXCHANGE_DESK_SUBSYSTEM
        and dossier.applicant_citizen_id
    )


def do_check_population(
    dossier: Dossier, *, acting_user: Any, request: HttpRequest | None = None
) -> PopulationCheck:
    """Ask the population service about the dossier's applicant (the caller checked
    that the official may see this dossier)."""
    number = dossier.applicant_citizen_id
    write_audit(
        "dossier.population_checked",
        actor=acting_user,
        obj=dossier,
        request=request,
        data={"service": settings.POPULATION_SERVICE},
    )
    try:
        answer = client.call(
            settings.EXCHANGE_DESK_SUBSYSTEM,
            settings.POPULATION_SERVICE,
            f"/citizens/{number}",
        )
    except client.Unavailable as unavailable:
        return PopulationCheck(False, str(unavailable))
    if answer.status == 404:
        return PopulationCheck(
            False, _("CSDL dân cư không có công dân với số định danh %(n)s.") % {"n": number}
        )
    try:
        held = parse_json(answer.body) if answer.status == 200 else None
    except BadInput:
        held = None
    if not isinstance(held, dict):
        return PopulationCheck(False, _("CSDL dân cư trả lời không đọc được. Thử lại sau."))
    declared = {"full_name": dossier.applicant_name, "permanent_address": dossier.applicant_address}
    rows = [(str(label), _shown(key, held.get(key)), declared.get(key)) for key, label in FIELDS]
    same_name = fold(str(held.get("full_name", ""))).split() == fold(dossier.applicant_name).split()
    return PopulationCheck(True, rows=rows, name_matches=same_name)


def _shown(key: str, value: Any) -> str:
    """A value as the desk reads it: a date in the day/month/year the page uses."""
    text = "" if value is None else str(value)
    if key == "birth_date":
        try:
            return date_format(dt.date.fromisoformat(text), "SHORT_DATE_FORMAT")
        except ValueError:
            return text
    return text
