import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings

from tests.conftest import run_task_worker
from tinhso.core import sms
from tinhso.core.choices import Channel, DeliveryStatus
from tinhso.core.models import Notification
from tinhso.core.notify import notify
from tinhso.core.tasks import deliver_notification


def test_it_delivers_every_channel_after_commit(citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify(
            citizen,
            "welcome",
            {"user": citizen},
            channels=[Channel.INBOX, Channel.EMAIL, Channel.SMS],
        )
    assert {r.channel for r in rows} == {"inbox", "email", "sms"}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["dan@example.vn"]
    assert "Nguyễn Thị Dân" in mail.outbox[0].body
    assert sms.outbox[0].to == "+84912000101"
    assert set(Notification.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_rolled_back_action_sends_nothing(citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify(citizen, "welcome", {"user": citizen}, channels=[Channel.SMS])
                raise RuntimeError("the action failed half-way")
        except RuntimeError:
            pass
    assert sms.outbox == []
    assert not Notification.objects.exists()


def test_a_person_without_email_is_skipped_not_failed(
    receptionist, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = notify(receptionist, "welcome", {"user": receptionist}, channels=[Channel.EMAIL])
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SKIPPED
    assert mail.outbox == []


def test_it_renders_in_the_recipients_language(citizen):
    citizen.language = "en"
    (row,) = notify(citizen, "welcome", {"user": citizen}, channels=[Channel.INBOX])
    assert row.subject == "Welcome to Tỉnh số"


@override_settings(SMS_BACKEND="tinhso.core.sms.HttpSmsBackend", SMS_HTTP_URL="http://127.0.0.1:9/")
def test_a_gateway_failure_keeps_the_message_queued_for_retry(
    citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(citizen, "welcome", {"user": citizen}, channels=[Channel.SMS])
    row = Notification.objects.get()
    assert row.status == DeliveryStatus.QUEUED
    assert row.attempts == 1
    assert "unreachable" in row.error


def test_delivering_twice_sends_once(citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = notify(citizen, "welcome", {"user": citizen}, channels=[Channel.SMS])
    deliver_notification.call(row.pk)
    assert len(sms.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_delivers_queued_messages(citizen):
    """The real queue: enqueue into the task table, then run `db_worker --batch`."""
    db_tasks = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=db_tasks):
        notify(citizen, "welcome", {"user": citizen}, channels=[Channel.SMS])
        assert sms.outbox == []
        run_task_worker()
    assert len(sms.outbox) == 1
    assert Notification.objects.get().status == DeliveryStatus.SENT
