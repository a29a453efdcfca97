"""Bulletins from above the commune (Circular 39): a source system sends one bulletin
through the API to every commune station of the areas it names, each commune follows
the level's rules, and the sender reads back what each station did; a province leader
does the same from the console. Keys carry scopes — priorities and a part of the
province — and nothing beyond them is accepted."""

from __future__ import annotations

import base64
import datetime as dt
import json
import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.broadcast.conftest import tone_wav
from tests.conftest import grant, make_user, official_client
from tinhso.accounts.choices import Role
from tinhso.broadcast import actions
from tinhso.broadcast.choices import AiringKind, AiringState, BulletinState, Priority
from tinhso.broadcast.models import Airing, Bulletin, Dispatch, Station
from tinhso.core.models import AuditEntry, Notification

pytestmark = pytest.mark.django_db


def body(**changes: Any) -> dict[str, Any]:
    sent = {
        "reference": "TTN-2026-0412",
        "title": "Lịch tiêm chủng mở rộng tháng 12",
        "category": "health",
        "priority": "normal",
        "text": "Trạm y tế tiêm chủng mở rộng ngày 5/12/2026, gọi 0276 3822 115 để hỏi.",
        "areas": ["01"],
        "valid_until": (timezone.now() + dt.timedelta(days=5)).isoformat(),
    }
    sent.update(changes)
    return sent


def post(key: str | None, payload: Any) -> Any:
    headers = {"HTTP_X_BROADCAST_KEY": key} if key else {}
    return Client().post(
        "/api/v1/broadcast/bulletins", json.dumps(payload), "application/json", **headers
    )


def status_of(key: str, reference: str) -> Any:
    return Client().get(f"/api/v1/broadcast/bulletins/{reference}", HTTP_X_BROADCAST_KEY=key)


def test_a_source_system_reaches_every_commune_once_and_hears_what_each_did(province):
    answer = post(province["key"], body())
    assert answer.status_code == 201, answer.content
    sent = answer.json()
    assert [s["station"] for s in sent["stations"]] == ["Đài phường An", "Đài xã Bình"]
    assert {s["state"] for s in sent["stations"]} == {"submitted"}
    again = post(province["key"], body(title="Gửi lại"))  # the same reference: nothing new
    assert again.status_code == 200 and again.json()["title"] == sent["title"]
    copies = Bulletin.objects.filter(dispatch__reference="TTN-2026-0412")
    assert copies.count() == 2 and Dispatch.objects.count() == 1
    # Read once, encoded once, one file for both.
    assert len({c.audio.name for c in copies}) == 1 and copies[0].seconds > 3
    assert AuditEntry.objects.filter(action="broadcast.dispatched").count() == 1
    for leader in (province["leader"], province["binh_leader"]):
        assert Notification.objects.filter(recipient=leader, template="bulletin_arrived").exists()

    # Normal: each commune chooses. An airs it, Bình returns it with its reason.
    an_copy, binh_copy = copies.order_by("station__name")
    actions.do_approve(an_copy, acting_user=province["leader"])
    actions.do_reject(binh_copy, reason="Xã đã tổ chức tiêm", acting_user=province["binh_leader"])
    stations = status_of(province["key"], "TTN-2026-0412").json()["stations"]
    assert [(s["state"], s["reason"]) for s in stations] == [
        ("approved", ""),
        ("rejected", "Xã đã tổ chức tiêm"),
    ]
    assert stations[0]["state_label"] == "Đã duyệt" and stations[0]["commune"] == "01001"

    # The commune's page names the sender and leads to the dispatch.
    page = official_client(province["leader"]).get(reverse("broadcast:bulletin", args=[an_copy.pk]))
    assert "Hệ thống thông tin nguồn tỉnh" in page.content.decode()


def test_priority_arrives_approved_and_a_village_reaches_only_its_commune(province):
    from tinhso.broadcast import programmes
    from tinhso.broadcast.scheduler import programme_items

    morning = programmes.do_add_programme(
        province["station"], name="Sáng", starts=timezone.now() + dt.timedelta(hours=1),
        minutes=30, days=["MO"], acting_user=province["leader"],
    )  # fmt: skip
    own = actions.do_create_bulletin(
        province["station"], title="Họp tổ dân phố", category="notice", recording=tone_wav(0.5),
        valid_until=province["until"], acting_user=province["writer"],
    )  # fmt: skip
    actions.do_submit(own, acting_user=province["writer"])
    actions.do_approve(own, acting_user=province["leader"])
    answer = post(
        province["key"],
        body(reference="TRIEU-CUONG", title="Triều cường", priority="priority", areas=["01009"]),
    )
    assert answer.status_code == 201, answer.content
    assert [s["station"] for s in answer.json()["stations"]] == ["Đài phường An"]
    copy = Bulletin.objects.get(title="Triều cường")
    assert copy.state == BulletinState.APPROVED and list(copy.areas.all()) == [province["hamlet"]]
    titles = [b.title for b in programme_items(morning, timezone.now())]
    assert titles == ["Triều cường", "Họp tổ dân phố"]  # ahead of the commune's normal item


@pytest.mark.parametrize(
    ("key", "changes", "status", "words"),
    [
        ("narrow_key", {"priority": "priority"}, 403, "không được gửi"),
        ("narrow_key", {"areas": ["01004"]}, 403, "ngoài địa bàn"),
        ("key", {"priority": "emergency"}, 403, "Khẩn cấp"),
        ("key", {"areas": ["99999"]}, 400, "99999"),
        ("key", {"valid_until": "2026-01-01T00:00:00+07:00"}, 400, "Thời hạn"),
        ("key", {"text": "12345 !!!"}, 400, "không có chữ"),
        ("key", {"text": "", "audio": "không phải base64"}, 400, "base64"),
        ("key", {"text": "", "audio": base64.b64encode(b"%PDF-1.4 x").decode()}, 400, "âm thanh"),
        ("key", {"valid_from": "0001-01-01T00:00:00"}, 422, "valid_from"),
        ("key", {"areas": []}, 422, "areas"),
        ("key", {"reference": "../x"}, 422, "reference"),
    ],
)
def test_beyond_its_scopes_or_malformed_is_refused_and_nothing_is_kept(
    province, key, changes, status, words
):
    answer = post(province[key], body(**changes))
    assert answer.status_code == status, answer.content
    assert words.lower() in json.dumps(answer.json(), ensure_ascii=False).lower()
    assert not Dispatch.objects.exists() and not Bulletin.objects.exists()


def test_without_a_key_or_with_anothers_nothing_is_sent_or_read(province):
    assert post(None, body()).status_code == 401
    assert post("khoa-sai", body()).status_code == 401
    # A signed-in official's session is not a source system's key.
    official = official_client(province["chair"])
    answer = official.post("/api/v1/broadcast/bulletins", json.dumps(body()), "application/json")
    assert answer.status_code == 401
    assert post(province["key"], body()).status_code == 201
    assert status_of(province["narrow_key"], "TTN-2026-0412").status_code == 404
    assert status_of(province["key"], "TTN-2026-0412").status_code == 200
    province["provincial"].is_active = False
    province["provincial"].save()
    assert status_of(province["key"], "TTN-2026-0412").status_code == 401


def test_a_province_leader_sends_one_emergency_to_every_commune_from_the_console(province):
    chair = official_client(province["chair"])
    form = chair.get(reverse("broadcast:new_dispatch"))
    assert form.status_code == 200 and "Tỉnh Test" in form.content.decode()
    sent = chair.post(
        reverse("broadcast:new_dispatch"),
        {
            "title": "Bão số 9 đổ bộ",
            "category": "disaster",
            "priority": "emergency",
            "text": "Bão số 9 đổ bộ chiều nay. Người dân ở trong nhà, tránh xa bờ sông.",
            "areas": [province["places"]["province"].pk],
            "valid_until": (timezone.localtime() + dt.timedelta(hours=6)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
        },
    )
    assert sent.status_code == 302, sent.content.decode()[:3000]
    copies = Bulletin.objects.filter(title="Bão số 9 đổ bộ")
    assert copies.count() == 2
    assert {(c.state, c.priority, c.author) for c in copies} == {
        (BulletinState.APPROVED, Priority.EMERGENCY, province["chair"])
    }
    page = chair.get(sent["Location"]).content.decode()
    assert "Đài phường An" in page and "Đài xã Bình" in page
    # A commune's leader sees the dispatch with their own station only.
    theirs = official_client(province["binh_leader"]).get(sent["Location"]).content.decode()
    assert "Đài xã Bình" in theirs and "Đài phường An" not in theirs
    # Without the emergency role: refused, nothing sent.
    deputy = official_client(
        grant(make_user("+84901000603", "Phó Tỉnh"), province["places"]["ubnd"], Role.APPROVER)
    )
    refused = deputy.post(
        reverse("broadcast:new_dispatch"),
        {"title": "Khác", "category": "disaster", "priority": "emergency", "text": "Thử lại.",
         "areas": [province["places"]["province"].pk], "valid_until": "2030-01-01T10:00"},
    )  # fmt: skip
    assert refused.status_code == 200 and "không có quyền" in refused.content.decode()
    assert Bulletin.objects.filter(title="Khác").count() == 0
    # A commune's writer cannot send from above at all, nor see the form.
    assert (
        official_client(province["writer"]).get(reverse("broadcast:new_dispatch")).status_code
        == 403
    )
    # Someone whose part of the tree holds none of its stations: as if it did not exist.
    one_stop = grant(
        make_user("+84901000604", "Lý Thị Cửa"), province["places"]["ward_one_stop"], Role.CLERK
    )
    assert official_client(one_stop).get(sent["Location"]).status_code == 404


@pytest.mark.django_db(transaction=True)  # the scheduler works on its own thread
def test_the_provinces_emergency_follows_a_communes_own_instead_of_cutting_it(
    province, settings, tmp_path
):
    from tests.broadcast.servers import Icecast, SchedulerThread
    from tinhso.broadcast import dispatch
    from tinhso.broadcast.devices import Link

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BROADCAST_EMERGENCY_REPEAT = 1
    icecast = Icecast(tmp_path / "icecast")
    settings.ICECAST_URL = settings.BROADCAST_STREAM_URL = icecast.url
    settings.ICECAST_SOURCE_PASSWORD = icecast.password
    fire = actions.do_create_bulletin(
        province["station"], title="Cháy chợ An", category="disaster", priority="emergency",
        recording=tone_wav(4.0), valid_until=province["until"], acting_user=province["leader"],
    )  # fmt: skip
    link = Link("mqtt://127.0.0.1:1", "unused")  # no speakers here: nothing is published
    try:
        scheduler = SchedulerThread(link, worker="one")
        deadline = time.monotonic() + 20
        while not Airing.objects.filter(bulletin=fire).exists():
            assert time.monotonic() < deadline, "the commune's emergency never aired"
            time.sleep(0.2)
        storm, _new = dispatch.do_dispatch(
            areas=[province["places"]["province"]], title="Bão", category="disaster",
            priority="emergency", recording=tone_wav(1.0), valid_until=province["until"],
            acting_user=province["chair"],
        )  # fmt: skip
        copies = {c.station_id: c for c in storm.bulletins.all()}
        deadline = time.monotonic() + 40
        while Airing.objects.filter(bulletin__dispatch=storm, state=AiringState.DONE).count() < 2:
            assert time.monotonic() < deadline, "the province's emergency did not air everywhere"
            time.sleep(0.3)
        scheduler.stop()
    finally:
        icecast.stop()
    first = Airing.objects.get(bulletin=fire)
    at_an = Airing.objects.get(bulletin=copies[province["station"].pk])
    at_binh = Airing.objects.get(bulletin=copies[province["binh"].pk])
    assert first.state == AiringState.DONE and at_an.kind == AiringKind.EMERGENCY
    assert at_an.started_at >= first.ended_at  # after An's own, not over it
    assert at_binh.started_at < first.ended_at  # Bình had nothing on air: at once


def test_a_bulletin_sent_by_mistake_is_taken_back_everywhere(province):
    assert post(province["key"], body(priority="priority")).status_code == 201
    withdraw = "/api/v1/broadcast/bulletins/TTN-2026-0412/withdraw"
    other = Client().post(withdraw, HTTP_X_BROADCAST_KEY=province["narrow_key"])
    assert other.status_code == 404  # not its bulletin
    answer = Client().post(withdraw, HTTP_X_BROADCAST_KEY=province["key"])
    assert answer.status_code == 200 and answer.json()["withdrawn_at"]
    now = timezone.now()
    assert all(c.valid_until <= now for c in Bulletin.objects.all())
    again = Client().post(withdraw, HTTP_X_BROADCAST_KEY=province["key"])
    assert again.json()["withdrawn_at"] == answer.json()["withdrawn_at"]
    assert AuditEntry.objects.filter(action="broadcast.withdrawn").count() == 1


def test_the_province_takes_back_an_emergency_a_commune_leader_cannot(province):
    from tinhso.broadcast import dispatch

    storm, _new = dispatch.do_dispatch(
        areas=[province["places"]["province"]], title="Bão", category="disaster",
        priority="emergency", recording=tone_wav(1.0), valid_until=province["until"],
        acting_user=province["chair"],
    )  # fmt: skip
    assert Notification.objects.filter(
        recipient=province["binh_leader"], template="bulletin_arrived"
    ).exists()  # the commune knows what its speakers air
    page = reverse("broadcast:dispatch", args=[storm.pk])
    commune = official_client(province["binh_leader"])
    assert "Thu hồi ở mọi đài" not in commune.get(page).content.decode()
    commune.post(reverse("broadcast:withdraw", args=[storm.pk]))
    assert Dispatch.objects.get().withdrawn_at is None
    chair = official_client(province["chair"])
    assert "Thu hồi ở mọi đài" in chair.get(page).content.decode()
    chair.post(reverse("broadcast:withdraw", args=[storm.pk]))
    assert Dispatch.objects.get().withdrawn_at is not None
    assert not Bulletin.objects.filter(stopped_at__isnull=True).exists()  # off the air
    assert "Đã thu hồi lúc" in chair.get(page).content.decode()


def test_the_status_report_costs_the_same_for_2_stations_as_for_8(province):
    from tests.queries import queries_of
    from tinhso.core.choices import AdminUnitKind, OrgUnitKind
    from tinhso.core.models import AdminUnit, OrgUnit

    assert post(province["key"], body(reference="HAI")).status_code == 201
    two, two_shown = queries_of(lambda: status_of(province["key"], "HAI"))
    for n in range(6):
        area = AdminUnit.objects.create(
            code=f"0105{n}", name=f"Xã {n}", kind=AdminUnitKind.COMMUNE,
            parent=province["places"]["province"],
        )  # fmt: skip
        unit = OrgUnit.objects.create(
            identifier=f"000.5{n}.00.H01", name=f"UBND xã {n}", area=area,
            kind=OrgUnitKind.PEOPLES_COMMITTEE, parent=province["places"]["ubnd"],
        )  # fmt: skip
        Station.objects.create(unit=unit, name=f"Đài xã {n}", mount=f"xa-{n}")
    assert post(province["key"], body(reference="TAM")).status_code == 201
    eight, eight_shown = queries_of(lambda: status_of(province["key"], "TAM"))
    assert len(json.loads(eight_shown)["stations"]) == 8
    assert json.loads(two_shown)["stations"] and len(two) == len(eight)
