"""The document figures the IOC shows, computed from this app's tables (registered in
plugins.py; the IOC reads them through ``tinhso.core.derived``). An area's figures are
those of the units serving it and everything under it."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, QuerySet
from django.utils import timezone

from tinhso.core.models import AdminUnit
from tinhso.documents.choices import IncomingState, OutgoingState
from tinhso.documents.models import IncomingDocument, OutgoingDocument


def _incoming(area: AdminUnit) -> QuerySet[IncomingDocument]:
    return IncomingDocument.objects.filter(unit__area__path__startswith=area.path)


def documents_received(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    return float(_incoming(area).filter(received_at__gte=start, received_at__lt=end).count())


def documents_on_time_rate(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    """Of the documents with a deadline finished in the period, the share finished by
    their deadline (%); none finished → no figure rather than 0 or 100."""
    finished = _incoming(area).filter(
        state=IncomingState.DONE, done_at__gte=start, done_at__lt=end, deadline__isnull=False
    )
    total = finished.count()
    if not total:
        return None
    on_time = finished.filter(done_at__date__lte=F("deadline")).count()
    return round(100 * on_time / total, 1)


def documents_overdue(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    """Documents not finished past their deadline now (a backlog: the period does not
    matter)."""
    return float(
        _incoming(area)
        .exclude(state=IncomingState.DONE)
        .filter(deadline__lt=timezone.localdate())
        .count()
    )


def _issued(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> QuerySet[OutgoingDocument]:
    return OutgoingDocument.objects.filter(
        unit__area__path__startswith=area.path,
        state=OutgoingState.ISSUED,
        issued_at__gte=start,
        issued_at__lt=end,
    )


def documents_issued(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    return float(_issued(area, start, end).count())


def documents_signed_share(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    """Seed 002's figure: of the documents a unit sent out in the period, the share sent
    as signed electronic documents (%). Every document issued here is signed by its
    leader and its organisation; what the platform does not see — papers signed by hand
    and posted — the province reports through the indicator's own data entry. No
    document issued → no figure."""
    issued = _issued(area, start, end)
    total = issued.count()
    if not total:
        return None
    signed = issued.exclude(signed_at__isnull=True).exclude(final_pdf="").count()
    return round(100 * signed / total, 1)
