"""Officials' worklists: what waits for me, in the units I work for, by due date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tinhso.accounts.choices import Role
from tinhso.accounts.permissions import roles_of
from tinhso.core.workdays import WorkCalendar
from tinhso.services.choices import DossierStatus as S
from tinhso.services.models import Dossier
from tinhso.services.permissions import (
    dossiers_for_role,
    dossiers_in_scope,
    finished_for_reception,
)
from tinhso.services.state import OPEN


@dataclass(frozen=True)
class Worklist:
    key: str
    label: str | Promise
    roles: tuple[str, ...]


WORKLISTS = [
    Worklist("receive", _("Chờ tiếp nhận"), (Role.RECEPTIONIST,)),
    Worklist("process", _("Chờ xử lý"), (Role.SPECIALIST,)),
    Worklist("approve", _("Chờ phê duyệt"), (Role.APPROVER,)),
    Worklist("return", _("Chờ trả kết quả"), (Role.RECEPTIONIST,)),
    Worklist(
        "overdue",
        _("Quá hạn"),
        (Role.RECEPTIONIST, Role.SPECIALIST, Role.APPROVER, Role.UNIT_ADMIN),
    ),
    Worklist(
        "due_soon",
        _("Đến hạn trong 2 ngày làm việc"),
        (Role.RECEPTIONIST, Role.SPECIALIST, Role.APPROVER, Role.UNIT_ADMIN),
    ),
]


def visible_worklists(user: Any) -> list[Worklist]:
    held = roles_of(user)
    return [w for w in WORKLISTS if held & set(w.roles)]


def worklist(user: Any, key: str, now: dt.datetime | None = None) -> QuerySet[Dossier]:
    now = now or timezone.now()
    if key == "receive":
        qs = dossiers_for_role(user, Role.RECEPTIONIST).filter(status=S.NEW)
    elif key == "process":
        qs = dossiers_for_role(user, Role.SPECIALIST).filter(status__in=[S.RECEIVED, S.IN_PROGRESS])
    elif key == "approve":
        qs = dossiers_for_role(user, Role.APPROVER).filter(status__in=[S.RECEIVED, S.IN_PROGRESS])
    elif key == "return":
        qs = finished_for_reception(user)
    elif key == "overdue":
        qs = dossiers_in_scope(user).filter(status__in=OPEN, due_at__lt=now)
    elif key == "due_soon":
        limit = WorkCalendar.load().add_working_days(now, 2)
        qs = dossiers_in_scope(user).filter(status__in=OPEN, due_at__gte=now, due_at__lte=limit)
    else:
        return Dossier.objects.none()
    return qs.select_related("procedure", "agency", "current_step", "assignee").order_by(
        "due_at", "submitted_at"
    )
