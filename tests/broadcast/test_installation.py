"""Setting up a commune's radio from the console: the unit's IT administrator opens the
station, adds a loudspeaker, gives it a password (shown once), corrects it and takes it
down; a speaker taken down is counted nowhere and loses its broker account. The
station's other staff and outsiders cannot."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import grant, make_user, official_client
from tinhso.accounts.choices import Role
from tinhso.broadcast import credentials
from tinhso.broadcast.derived import speakers_online
from tinhso.broadcast.models import Speaker, Station
from tinhso.broadcast.scheduler import targets
from tinhso.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def it_admin(radio):
    return grant(make_user("+84901000701", "Kỹ thuật Phường"), radio["places"]["ward_ubnd"],
                 Role.UNIT_ADMIN)  # fmt: skip


SPEAKER = {
    "code": "loa-an-01", "name": "Cụm loa chợ An", "address": "10.20.1.11",
    "model": "IP 30 W", "cluster": "Khu phố 1", "latitude": "11.31", "longitude": "106.1",
}  # fmt: skip


def test_the_it_administrator_sets_up_a_station_and_its_speakers(radio, it_admin):
    places = radio["places"]
    province_it = official_client(grant(make_user("+84901000702", "Kỹ thuật Tỉnh"),
                                        places["ubnd"], Role.UNIT_ADMIN))  # fmt: skip
    # Bình has no station yet: the province's IT administrator opens it.
    assert "Mở đài truyền thanh" in province_it.get(reverse("broadcast:bulletins")).content.decode()
    opened = province_it.post(
        reverse("broadcast:new_station"),
        {"unit": places["commune_ubnd"].pk, "name": "Đài xã Bình", "mount": "binh"},
    )
    assert opened.status_code == 302
    assert Station.objects.get(mount="binh").unit == places["commune_ubnd"]
    again = {"unit": places["commune_ubnd"].pk, "name": "Lần hai", "mount": "x"}
    taken = province_it.post(reverse("broadcast:new_station"), again)
    assert taken.status_code == 200 and Station.objects.filter(mount="x").count() == 0  # has one

    admin = official_client(it_admin)
    station = radio["station"]
    added = admin.post(
        reverse("broadcast:new_speaker", args=[station.pk]),
        {**SPEAKER, "area": radio["hamlet"].pk},
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    speaker = Speaker.objects.get(code="loa-an-01")
    assert (speaker.area, speaker.latitude, speaker.address) == (
        radio["hamlet"],
        11.31,
        "10.20.1.11",
    )
    page = admin.get(reverse("broadcast:station", args=[station.pk])).content.decode()
    assert "Cụm loa chợ An" in page and "chưa có mật khẩu" in page

    # The password: shown once, kept hashed, in the broker's file.
    shown = admin.post(reverse("broadcast:speaker_password", args=[speaker.pk]))
    assert shown["Cache-Control"] == "no-store"
    password = shown.context["password"]
    assert password in shown.content.decode() and password not in Speaker.objects.get().mqtt_hash
    assert "loa-an-01:$7$" in credentials.password_file()

    # A correction; a code a device already uses, an area outside the commune: refused.
    other = Speaker.objects.create(station=station, code="loa-an-02", name="Cụm loa hai")
    edit = reverse("broadcast:speaker", args=[speaker.pk])
    assert admin.post(edit, {**SPEAKER, "name": "Cụm loa chợ An mới"}).status_code == 302
    assert Speaker.objects.get(pk=speaker.pk).name == "Cụm loa chợ An mới"
    for bad in ({"code": "loa-an-02"}, {"area": places["commune"].pk}, {"latitude": "91"},
                {"longitude": ""}, {"address": "999.1.1.1"}):  # fmt: skip
        refused = admin.post(edit, {**SPEAKER, **bad})
        assert refused.status_code == 200, bad
    assert Speaker.objects.get(pk=speaker.pk).code == "loa-an-01"

    # Taken down: no account, not a target, not in the IOC's share online.
    Speaker.objects.filter(pk=other.pk).update(online=True)
    Speaker.objects.filter(pk=speaker.pk).update(online=False)
    assert speakers_online(places["ward"], None, None) == 50.0
    assert admin.post(reverse("broadcast:retire_speaker", args=[speaker.pk])).status_code == 302
    assert "loa-an-01" not in credentials.password_file()
    assert speakers_online(places["ward"], None, None) == 100.0
    page = admin.get(reverse("broadcast:station", args=[station.pk])).content.decode()
    assert "Cụm loa chợ An" not in page and "1 thiết bị đã gỡ" in page
    from tests.broadcast.conftest import tone_wav
    from tinhso.broadcast import actions

    bulletin = actions.do_create_bulletin(
        station, title="Khẩn", category="disaster", priority="emergency", recording=tone_wav(0.5),
        valid_until=radio["until"], acting_user=radio["leader"],
    )  # fmt: skip
    assert [s.code for s in targets(bulletin)] == ["loa-an-02"]
    assert {"broadcast.station_opened", "broadcast.speaker_added", "broadcast.speaker_changed",
            "broadcast.speaker_password", "broadcast.speaker_retired"} <= set(
        AuditEntry.objects.values_list("action", flat=True))  # fmt: skip


def test_writers_leaders_and_outsiders_cannot_install(radio, it_admin):
    speaker = Speaker.objects.create(station=radio["station"], code="loa-1", name="Loa 1")
    pages = [
        ("get", reverse("broadcast:new_speaker", args=[radio["station"].pk])),
        ("get", reverse("broadcast:speaker", args=[speaker.pk])),
        ("post", reverse("broadcast:speaker_password", args=[speaker.pk])),
        ("post", reverse("broadcast:retire_speaker", args=[speaker.pk])),
        ("get", reverse("broadcast:new_station")),
    ]
    for who, expected in (("writer", 403), ("leader", 403), ("outsider", 404)):
        client = official_client(radio[who])
        for method, url in pages:
            answer = getattr(client, method)(url)
            wanted = 403 if url.endswith("/stations/new/") else expected
            assert answer.status_code == wanted, (who, url, answer.status_code)
    assert Speaker.objects.get().mqtt_hash == "" and Speaker.objects.get().retired_at is None
