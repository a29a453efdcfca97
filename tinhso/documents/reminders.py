"""Reminders to the holders of incoming documents: the working day before the deadline,
and once it has passed (Decree 30/2020/NĐ-CP leaves the follow-up to each agency's own
rules; one reminder each way, not one a day, so they are read).

Run daily (``manage.py remind_documents``, from cron or a systemd timer, docs/documents.md);
running it twice in a day sends nothing twice: each assignment records when it was
reminded, claimed with a conditional UPDATE so that two runs at once do not both send.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from tinhso.accounts.choices import Role
from tinhso.accounts.models import User
from tinhso.core.notify import notify
from tinhso.core.workdays import WorkCalendar
from tinhso.documents.choices import AssignmentState, HandlingRole
from tinhso.documents.models import Assignment


def _people(assignment: Assignment) -> QuerySet[User]:
    """Who holds an assignment: its person, or the handlers of its department."""
    if assignment.user_id is not None:
        return User.objects.filter(pk=assignment.user_id)
    unit = assignment.org_unit
    assert unit is not None
    return User.objects.filter(
        memberships__org_unit=unit,
        memberships__role__in=[Role.SPECIALIST, Role.APPROVER],
        is_active=True,
    ).distinct()


def _open() -> QuerySet[Assignment]:
    return Assignment.objects.filter(state=AssignmentState.OPEN, deadline__isnull=False).exclude(
        role=HandlingRole.INFORM
    )


def _send(assignment: Assignment, template: str) -> int:
    document = assignment.document
    context: dict[str, Any] = {
        "document": document,
        "role": assignment.get_role_display(),
        "deadline": assignment.deadline,
    }
    link = reverse("documents:incoming", args=[document.pk])
    people = list(_people(assignment))
    for person in people:
        notify(person, template, context, link=link)
    return len(people)


def remind(today: dt.date | None = None) -> tuple[int, int]:
    """Send what is due today: (reminders before, reminders after the deadline)."""
    today = today or timezone.localdate()
    tomorrow = WorkCalendar.load().next_working_day(today)
    now = timezone.now()
    sent = [0, 0]
    due_soon = _open().filter(deadline__gt=today, deadline__lte=tomorrow, reminded_at=None)
    late = _open().filter(deadline__lt=today, late_reminded_at=None)
    for index, (rows, field, template) in enumerate(
        (
            (due_soon, "reminded_at", "document_due_soon"),
            (late, "late_reminded_at", "document_late"),
        )
    ):
        for assignment in rows.select_related("document", "user", "org_unit"):
            with transaction.atomic():
                claimed = Assignment.objects.filter(Q(pk=assignment.pk), **{field: None}).update(
                    **{field: now}
                )
                if claimed:
                    sent[index] += _send(assignment, template)
    return sent[0], sent[1]
