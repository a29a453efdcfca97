"""The message log holds: edits, deletions and forged seals are found. The
metaservices tell a system who offers what and what it may call."""

from __future__ import annotations

import base64

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.exchange.conftest import CITIZEN
from tinhso.exchange import actions, log
from tinhso.exchange.models import Exchange, ExchangeBody, LogSeal

pytestmark = pytest.mark.django_db


def exchanges(axis, count):
    token = axis.token()
    for _ in range(count):
        response = Client().get(
            axis.url(f"/citizens/{CITIZEN}"), HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        assert response.status_code == 200


def breaks():
    return [f"{b.where}: {b.reason}" for b in log.verify()]


def test_a_sealed_log_verifies_and_the_command_says_so(axis, capsys):
    exchanges(axis, 3)
    call_command("seal_exchange_log")
    exchanges(axis, 2)
    call_command("seal_exchange_log")
    assert list(Exchange.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
    assert LogSeal.objects.count() == 2
    call_command("verify_exchange_log")
    assert "intact: 5 exchange(s) in 2 signed seal(s)" in capsys.readouterr().out


def test_an_edited_row_is_found(axis):
    exchanges(axis, 3)
    log.seal()
    Exchange.objects.filter(seq=2).update(status=500)
    assert breaks() == ["seq 2: the content does not match its hash: the row was edited"]
    with pytest.raises(CommandError):
        call_command("verify_exchange_log")


def test_a_deleted_row_is_found_even_when_the_chain_is_rewritten(axis):
    exchanges(axis, 4)
    log.seal()
    Exchange.objects.filter(seq=2).delete()
    assert any("rows 2–2 are missing" in b for b in breaks())
    # Renumbered and re-hashed by someone without the key: the seal no longer matches.
    previous = log.GENESIS_HASH
    for seq, row in enumerate(Exchange.objects.order_by("seq"), start=1):
        row.seq, row.prev_hash = seq, previous
        row.entry_hash = previous = log.entry_hash(previous, row)
        row.save()
    assert breaks() == ["seal 1–4: the chain's head does not match the sealed one: rows changed"]


def test_a_forged_seal_is_found(axis):
    exchanges(axis, 2)
    made = log.seal()
    LogSeal.objects.filter(pk=made.pk).update(signature=base64.b64encode(b"\0" * 256).decode())
    assert breaks() == ["seal 1–2: the signature does not verify"]


def test_bodies_are_kept_only_when_the_owner_says_and_only_for_their_days(axis, province_admin):
    exchanges(axis, 1)
    assert not ExchangeBody.objects.exists()
    actions.do_set_body_keeping(axis.population, keep=True, days=7, acting_user=province_admin)
    exchanges(axis, 1)
    kept = ExchangeBody.objects.get()
    assert CITIZEN.encode() in bytes(kept.response)
    from datetime import timedelta

    assert log.purge_bodies(now=kept.expires_at + timedelta(seconds=1)) == 1
    assert Exchange.objects.count() == 2  # the log rows stay


def meta(axis, tail, **query):
    provider = axis.population.subsystem.identifier
    url = (
        f"/exchange/r1/{provider}/{tail}"
        if tail != "listClients"
        else f"/exchange/r1/{provider.instance}/listClients"
    )
    return Client().get(url, query, HTTP_AUTHORIZATION=f"Bearer {axis.token()}")


def test_the_metaservices_say_who_offers_what_and_what_the_caller_may_call(axis, province_admin):
    hidden = actions.do_register_service(
        axis.police, code="records", name="Hồ sơ nghiệp vụ", base_url=axis.provider_url,
        acting_user=province_admin,
    )  # fmt: skip
    clients = meta(axis, "listClients").json()["member"]
    assert {c["id"]["subsystem_code"] for c in clients} == {"CSDLDANCU", "MOTCUA"}
    methods = meta(axis, "listMethods").json()["service"]
    assert {m["service_code"] for m in methods} == {"population", "records"}
    allowed = meta(axis, "allowedMethods").json()["service"]
    assert [a["service_code"] for a in allowed] == ["population"]
    assert allowed[0]["endpoint_list"] == [{"method": "GET", "path": "/citizens/*"}]
    assert (
        meta(axis, "getOpenAPI", serviceCode="population").json()["info"]["title"] == "CSDL dân cư"
    )
    refused = meta(axis, "getOpenAPI", serviceCode=hidden.code)
    assert refused.status_code == 403 and refused["X-Road-Error"] == "Client.AccessDenied"
    assert meta(axis, "getOpenAPI", serviceCode="nothing").status_code == 404
