"""One-way messages: nothing is lost while the receiver is down, it arrives once when
it is back, a refusal is set aside for an administrator."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from bench.common import free_port
from tests.exchange.conftest import provider_on, received
from tinhso.exchange import actions, inbox, outbox
from tinhso.exchange.models import DeliveryState, Exchange, QueuedMessage, ReceivedMessage

pytestmark = pytest.mark.django_db


def send(axis, service, body=b'{"so": "123/UBND"}'):
    return Client().post(
        f"/exchange/queue/r1/{service.identifier}/messages",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {axis.token()}",
    )


def due_now():
    QueuedMessage.objects.update(next_attempt_at=timezone.now())


@pytest.fixture
def later_service(axis, province_admin):
    """A receiver that is down now and will come up on this port."""
    port = free_port()
    service = actions.do_register_service(
        axis.police, code="inbox", name="Nhận văn bản", base_url=f"http://127.0.0.1:{port}",
        timeout_seconds=2, acting_user=province_admin,
    )  # fmt: skip
    actions.do_grant_access(service, axis.desk, method="POST", acting_user=province_admin)
    actions.do_set_body_keeping(service, keep=True, days=1, acting_user=province_admin)
    return service, port


def test_a_message_waits_while_the_receiver_is_down_and_arrives_once(axis, later_service):
    service, port = later_service
    accepted = send(axis, service)
    assert accepted.status_code == 202
    message_id = accepted.json()["message_id"]
    assert outbox.deliver_due() == 1
    waiting = QueuedMessage.objects.get()
    assert (waiting.state, waiting.attempts, waiting.last_status) == ("waiting", 1, 502)
    assert waiting.next_attempt_at > timezone.now() + dt.timedelta(seconds=20)
    assert outbox.deliver_due() == 0  # not due yet
    due_now()
    outbox.deliver_due()  # still down: the pause doubles
    assert QueuedMessage.objects.get().next_attempt_at > timezone.now() + dt.timedelta(seconds=50)
    with provider_on(port) as url:
        due_now()
        assert outbox.deliver_due() == 1
        delivered = QueuedMessage.objects.get()
        assert delivered.state == DeliveryState.DELIVERED and delivered.attempts == 3
        arrived = [r for r in received(url) if r["path"] == "/messages"]
        assert [r["message_id"] for r in arrived] == [message_id]
        assert json.loads(arrived[0]["body"]) == {"so": "123/UBND"}
        assert outbox.deliver_due() == 0  # delivered is delivered
        # A worker that died after the receiver had it, before it noted so: sent again
        # under the same X-Road-Id, and the receiver knows it.
        QueuedMessage.objects.update(state=DeliveryState.WAITING, claimed_until=None)
        due_now()
        outbox.deliver_due()
        last = Exchange.objects.filter(message_id=message_id).order_by("-id").first()
        assert json.loads(bytes(last.body.response))["duplicate"] is True
    status = Client().get(
        f"/exchange/queue/{message_id}", HTTP_AUTHORIZATION=f"Bearer {axis.token()}"
    )
    assert status.json()["state"] == "delivered"


def test_a_refused_message_is_set_aside_and_an_administrator_sends_it_again(
    axis, province_admin, outsider
):
    actions.do_grant_access(axis.population, axis.desk, method="POST", acting_user=province_admin)
    assert send(axis, axis.population).status_code == 202  # POST /messages… of population
    QueuedMessage.objects.update(path="/nowhere")  # the receiver answers 404
    outbox.deliver_due()
    dead = QueuedMessage.objects.get()
    assert (dead.state, dead.last_status) == (DeliveryState.DEAD, 404)
    with pytest.raises(PermissionDenied):
        actions.do_send_again(dead, acting_user=outsider)
    actions.do_send_again(dead, acting_user=province_admin)
    assert QueuedMessage.objects.get().state == DeliveryState.WAITING


def test_after_the_give_up_time_the_message_is_dead(axis, later_service):
    service, _port = later_service
    send(axis, service)
    QueuedMessage.objects.update(give_up_at=timezone.now() - dt.timedelta(seconds=1))
    outbox.deliver_due()
    assert QueuedMessage.objects.get().state == DeliveryState.DEAD


def test_only_a_granted_sender_queues(axis, later_service, province_admin):
    service, _port = later_service
    actions.do_revoke_access(service.rights.get(), acting_user=province_admin)
    refused = send(axis, service)
    assert refused.status_code == 403 and refused["X-Road-Error"] == "Client.AccessDenied"
    assert not QueuedMessage.objects.exists()


def test_another_system_does_not_see_the_sender_s_message(axis, later_service, province_admin):
    service, _port = later_service
    message_id = send(axis, service).json()["message_id"]
    other = actions.do_register_subsystem(
        axis.police.member, code="KHAC", name="Khác", acting_user=province_admin
    )
    client_id, secret = actions.do_issue_credentials(other, acting_user=province_admin)
    response = Client().get(
        f"/exchange/queue/{message_id}",
        HTTP_AUTHORIZATION=f"Bearer {axis.token(client_id, secret)}",
    )
    assert response.status_code == 404


def test_our_receivers_act_once_per_message(db):
    done = []
    assert inbox.receive_once("m-1", "documents", lambda: done.append(1) or "ok") == (True, "ok")
    assert inbox.receive_once("m-1", "documents", lambda: done.append(2)) == (False, None)
    assert done == [1] and ReceivedMessage.objects.count() == 1


def test_sigterm_lets_the_message_in_hand_finish_and_lets_the_others_go(axis, province_admin):
    import os
    import signal
    import threading
    import time

    from django.core.management import call_command

    from tests.loopback import serve

    began, arrived = threading.Event(), []

    def slow(path):
        began.set()
        time.sleep(0.4)
        return 200, {"Content-Type": "application/json"}, b"{}"

    bodies: list[bytes] = []
    with serve(slow, bodies) as (port, _seen):
        service = actions.do_register_service(
            axis.police, code="slowinbox", name="slow", base_url=f"http://127.0.0.1:{port}",
            acting_user=province_admin,
        )  # fmt: skip
        actions.do_grant_access(service, axis.desk, method="POST", acting_user=province_admin)
        for n in range(3):
            outbox.queue(axis.desk, service, f'{{"n": {n}}}'.encode())

        def terminate():
            assert began.wait(10)
            os.kill(os.getpid(), signal.SIGTERM)

        threading.Thread(target=terminate, daemon=True).start()
        call_command("deliver_exchange_messages", stdout=open(os.devnull, "w"))  # noqa: SIM115
        states = sorted(QueuedMessage.objects.values_list("state", "attempts", "claimed_until"))
        assert states == [("delivered", 1, None), ("waiting", 0, None), ("waiting", 0, None)]
        call_command("deliver_exchange_messages", stdout=open(os.devnull, "w"))  # noqa: SIM115
        arrived = sorted(bodies)
    assert set(QueuedMessage.objects.values_list("state", flat=True)) == {"delivered"}
    assert arrived == [b'{"n": 0}', b'{"n": 1}', b'{"n": 2}']
