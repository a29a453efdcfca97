"""Dossier codes: {agency identifier}-{yyMMdd}-{4-digit daily counter per agency}."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from tinhso.services.models import DailySequence


def next_dossier_code(agency_code: str, moment: dt.datetime | None = None) -> str:
    """Take the next number for today; call inside the transaction that saves the dossier.

    The UPDATE locks the day's counter row until the transaction ends, so two
    submissions to one agency at the same moment get consecutive numbers, and a
    rolled-back submission gives its number back.
    """
    day = timezone.localdate(moment or timezone.now())
    try:
        with transaction.atomic():
            DailySequence.objects.get_or_create(agency_code=agency_code, day=day)
    except IntegrityError:
        pass  # another transaction created today's row a moment ago
    DailySequence.objects.filter(agency_code=agency_code, day=day).update(last=F("last") + 1)
    number = DailySequence.objects.get(agency_code=agency_code, day=day).last
    return f"{agency_code}-{day:%y%m%d}-{number:04d}"
