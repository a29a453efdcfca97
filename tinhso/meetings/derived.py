"""The meeting figure the IOC shows (registered in plugins.py): follow-up tasks past
their deadline and not reported done, for the units serving an area and under it."""

from __future__ import annotations

import datetime as dt

from tinhso.core.models import AdminUnit
from tinhso.meetings import followup
from tinhso.meetings.models import FollowUp


def tasks_overdue(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    """A backlog, like documents overdue: the period does not matter."""
    return float(
        followup.overdue(FollowUp.objects.filter(unit__area__path__startswith=area.path)).count()
    )
