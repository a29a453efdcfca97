"""Tasks the conclusions assign: to a unit, with a deadline, reported done by that
unit; the leader sees them all, and the IOC counts those overdue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.staff import staff_in
from tinhso.core.audit import write_audit
from tinhso.core.errors import ActionError
from tinhso.core.models import OrgUnit
from tinhso.core.notify import notify_all
from tinhso.meetings import permissions
from tinhso.meetings.choices import TaskState
from tinhso.meetings.models import FollowUp, Meeting


@transaction.atomic
def do_assign_task(
    meeting: Meeting, *, title: str, unit: OrgUnit, due: dt.date, acting_user: Any
) -> FollowUp:
    if not (
        permissions.can_organise(acting_user, meeting)
        or permissions.can_preside(acting_user, meeting)
    ):
        raise PermissionDenied
    title = title.strip()
    if not title:
        raise ActionError(_("Nhập nhiệm vụ."), field="title")
    if due < timezone.localdate():
        raise ActionError(_("Hạn hoàn thành đã qua."), field="due")
    task = FollowUp.objects.create(
        meeting=meeting, title=title[:500], unit=unit, due=due, created_by=acting_user
    )
    write_audit("meeting.task_assigned", actor=acting_user, obj=meeting, data={"task": task.pk})
    notify_all(
        staff_in(unit, permissions.ORGANISERS),
        "meeting_task",
        {"task": task, "meeting": meeting},
        link=reverse("meetings:tasks"),
    )
    return task


def tasks_for(user: Any) -> QuerySet[FollowUp]:
    """Tasks of the units this person works for or over, and those of meetings they
    organise or chair."""
    if not getattr(user, "is_authenticated", False):
        return FollowUp.objects.none()
    return FollowUp.objects.filter(
        Q(unit__in=permissions.task_units(user))
        | Q(meeting__body__in=permissions.organising_units(user))
        | Q(meeting__chair=user)
    ).distinct()


@transaction.atomic
def do_finish_task(task: FollowUp, *, report: str, acting_user: Any) -> FollowUp:
    task = FollowUp.objects.select_for_update().get(pk=task.pk)
    if not tasks_for(acting_user).filter(pk=task.pk).exists():
        raise PermissionDenied
    if task.state == TaskState.DONE:
        raise ActionError(_("Nhiệm vụ đã được báo cáo hoàn thành."))
    report = report.strip()
    if not report:
        raise ActionError(_("Cho biết kết quả thực hiện."), field="report")
    task.state, task.report, task.done_at = TaskState.DONE, report[:1000], timezone.now()
    task.save(update_fields=["state", "report", "done_at"])
    write_audit("meeting.task_done", actor=acting_user, obj=task.meeting, data={"task": task.pk})
    return task


def overdue(tasks: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    return tasks.filter(state=TaskState.OPEN, due__lt=timezone.localdate())
