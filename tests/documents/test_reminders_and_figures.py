"""Reminders before and after a deadline, sent once; the IOC's document figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.documents.conftest import register
from tinhso.core.models import Notification
from tinhso.core.workdays import WorkCalendar
from tinhso.documents import actions, derived
from tinhso.documents.actions import Holder
from tinhso.documents.models import Assignment, IncomingDocument

pytestmark = pytest.mark.django_db


def assigned(office, deadline: dt.date, **holder):
    document = register(office, notation=f"{IncomingDocument.objects.count() + 1}/TB-UBND")
    actions.do_assign(document, lead=Holder(**holder), days=1, acting_user=office["leader"])
    Assignment.objects.filter(document=document).update(deadline=deadline)
    IncomingDocument.objects.filter(pk=document.pk).update(deadline=deadline)
    return document


def test_holders_are_reminded_once_before_and_once_after_the_deadline(office):
    today = timezone.localdate()
    tomorrow = WorkCalendar.load().next_working_day(today)
    assigned(office, tomorrow, user=office["specialist"])
    assigned(office, today - dt.timedelta(days=2), org_unit=office["culture"])
    assigned(office, today + dt.timedelta(days=30), user=office["colleague"])  # not yet
    Notification.objects.all().delete()  # the assignment messages

    call_command("remind_documents")
    call_command("remind_documents")  # a second run the same day sends nothing more

    soon = Notification.objects.filter(template="document_due_soon")
    late = Notification.objects.filter(template="document_late")
    assert [n.recipient for n in soon] == [office["specialist"]]
    # The department's part: both of its specialists are told.
    assert {n.recipient for n in late} == {office["specialist"], office["colleague"]}
    assert "quá hạn" in late.first().subject
    assert not Notification.objects.filter(
        recipient=office["colleague"], template="document_due_soon"
    )


def test_the_ioc_figures_count_received_on_time_and_overdue(office, places):
    start = timezone.now() - dt.timedelta(days=1)
    end = timezone.now() + dt.timedelta(minutes=1)
    late = assigned(office, timezone.localdate() - dt.timedelta(days=1), user=office["specialist"])
    on_time = assigned(
        office, timezone.localdate() + dt.timedelta(days=3), user=office["specialist"]
    )
    actions.do_finish(on_time.assignments.get(), acting_user=office["specialist"])
    actions.do_finish(late.assignments.get(), acting_user=office["specialist"])
    still_open = assigned(
        office, timezone.localdate() - dt.timedelta(days=3), user=office["specialist"]
    )
    area = places["ward"]
    assert derived.documents_received(area, start, end) == 3
    assert derived.documents_on_time_rate(area, start, end) == 50.0
    assert derived.documents_overdue(area, start, end) == 1
    still_open.refresh_from_db()
    assert still_open.is_late()
    # Another commune has none.
    assert derived.documents_received(places["commune"], start, end) == 0
    assert derived.documents_on_time_rate(places["commune"], start, end) is None
