"""Service-quality indicators of Decision 766/QĐ-TTg, computed from the dossier tables.

For the dossiers *received* in a period (grouped by agency or procedure):
received; finished before, on and after the due date; still in progress on time
or late (as of now); on-time rate; online rate (fully-online submissions / all);
digitised rate; satisfaction rate (satisfied or very satisfied / rated); average
processing time in working days. Everything is one aggregate query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from tinhso.services.choices import DossierStatus as S
from tinhso.services.choices import OnlineLevel, SubmissionChannel
from tinhso.services.models import Dossier
from tinhso.services.state import OPEN

DONE = (S.FINISHED, S.RESULT_RETURNED)
GROUPS = {
    "agency": ("agency_id", "agency__name", "agency__identifier"),
    "procedure": ("procedure_id", "procedure__name", "procedure__code"),
}


@dataclass
class IndicatorRow:
    key: Any
    name: str
    code: str
    received: int = 0
    finished: int = 0
    finished_early: int = 0
    finished_on_time: int = 0
    finished_late: int = 0
    in_progress_on_time: int = 0
    in_progress_late: int = 0
    online: int = 0
    digitised: int = 0
    rated: int = 0
    satisfied: int = 0
    avg_processing_days: Decimal | None = None

    def _rate(self, part: int, whole: int) -> Decimal | None:
        return (Decimal(part) * 100 / whole).quantize(Decimal("0.1")) if whole else None

    @property
    def on_time_rate(self) -> Decimal | None:
        return self._rate(self.finished_early + self.finished_on_time, self.finished)

    @property
    def online_rate(self) -> Decimal | None:
        return self._rate(self.online, self.received)

    @property
    def digitised_rate(self) -> Decimal | None:
        return self._rate(self.digitised, self.received)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return self._rate(self.satisfied, self.rated)

    def add(self, other: IndicatorRow) -> None:
        """Sum counts into a total row (the average is recomputed by the caller)."""
        for f in fields(self):
            if f.type == "int":
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def indicators(
    dossiers: QuerySet[Dossier],
    start: dt.datetime,
    end: dt.datetime,
    group_by: str = "agency",
    now: dt.datetime | None = None,
) -> tuple[list[IndicatorRow], IndicatorRow]:
    now = now or timezone.now()
    key, name, code = GROUPS[group_by]
    done = Q(status__in=DONE, finished_at__isnull=False, due_at__isnull=False)
    open_ = Q(status__in=OPEN)
    rows = (
        dossiers.filter(received_at__gte=start, received_at__lt=end)
        .annotate(finished_day=TruncDate("finished_at"), due_day=TruncDate("due_at"))
        .values(key, name, code)
        .annotate(
            received=Count("id"),
            finished=Count("id", filter=done),
            finished_early=Count("id", filter=done & Q(finished_day__lt=F("due_day"))),
            finished_on_time=Count(
                "id", filter=done & Q(finished_day=F("due_day"), finished_at__lte=F("due_at"))
            ),
            finished_late=Count("id", filter=done & Q(finished_at__gt=F("due_at"))),
            in_progress_on_time=Count("id", filter=open_ & Q(due_at__gte=now)),
            in_progress_late=Count("id", filter=open_ & Q(due_at__lt=now)),
            online=Count(
                "id",
                filter=Q(
                    channel=SubmissionChannel.ONLINE, procedure__online_level=OnlineLevel.FULL
                ),
            ),
            digitised=Count("id", filter=Q(is_digitised=True)),
            rated=Count("id", filter=Q(rating__isnull=False)),
            satisfied=Count("id", filter=Q(rating__gte=4)),
            avg_processing_days=Avg("processing_working_days"),
        )
        .order_by(name)
    )
    result = []
    total = IndicatorRow(key=None, name="", code="")
    weighted_days = Decimal(0)
    for row in rows:
        avg = row.pop("avg_processing_days")
        item = IndicatorRow(
            key=row.pop(key),
            name=row.pop(name),
            code=row.pop(code),
            avg_processing_days=Decimal(avg).quantize(Decimal("0.1")) if avg is not None else None,
            **row,
        )
        result.append(item)
        total.add(item)
        if avg is not None:
            weighted_days += Decimal(avg) * item.finished
    if total.finished:
        total.avg_processing_days = (weighted_days / total.finished).quantize(Decimal("0.1"))
    return result, total
