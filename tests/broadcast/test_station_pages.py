"""The station's page: speakers with their state, the schedule leaders edit, what aired
with its confirmations, the month's log; the emergency's stop button. An outsider sees
nothing (404); a writer sees but does not schedule."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.broadcast.conftest import tone_wav
from tests.conftest import official_client
from tinhso.broadcast import actions
from tinhso.broadcast.choices import AiringKind, AiringState, Priority
from tinhso.broadcast.models import Airing, AiringItem, Bulletin, Programme, Reach, Speaker

pytestmark = pytest.mark.django_db


def aired_programme(radio):
    """A programme that aired one bulletin, heard by one of two speakers."""
    station = radio["station"]
    bulletin = actions.do_create_bulletin(
        station, title="Lịch tiêm chủng", category="health", recording=tone_wav(1.0),
        valid_until=radio["until"], acting_user=radio["writer"],
    )  # fmt: skip
    actions.do_submit(bulletin, acting_user=radio["writer"])
    actions.do_approve(bulletin, acting_user=radio["leader"])
    programme = Programme.objects.create(station=station, name="Bản tin sáng", rule="FREQ=DAILY",
                                         starts=timezone.now(), minutes=30)  # fmt: skip
    now = timezone.now()
    airing = Airing.objects.create(
        station=station, kind=AiringKind.PROGRAMME, programme=programme, slot=now,
        state=AiringState.DONE, ended_at=now,
    )  # fmt: skip
    AiringItem.objects.create(
        airing=airing, bulletin=bulletin, position=1, started_at=now, ended_at=now
    )
    for code, heard in (("an-01", True), ("an-02", False)):
        speaker = Speaker.objects.create(
            station=station, code=code, name=f"Loa {code}", online=heard,
            latitude=10.8, longitude=106.6,
        )  # fmt: skip
        confirmed = now if heard else None
        Reach.objects.create(airing=airing, speaker=speaker, told_at=now, confirmed_at=confirmed)
    return bulletin


def test_the_station_page_shows_speakers_schedule_and_what_aired(radio):
    aired_programme(radio)
    page = official_client(radio["leader"]).get(
        reverse("broadcast:station", args=[radio["station"].pk])
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "1/2" in text  # speakers online, and confirmations of the airing
    assert "Bản tin sáng" in text and "Mất kết nối" in text and 'name="rule"' in text


def test_the_months_log_lists_each_bulletin_aired_with_its_confirmations(radio):
    aired_programme(radio)
    url = reverse("broadcast:month_log", args=[radio["station"].pk])
    response = official_client(radio["writer"]).get(url, {"month": f"{timezone.localdate():%Y-%m}"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Thời điểm phát"
    assert [r[1:3] + r[6:] for r in rows[1:]] == [
        ["Bản tin sáng", "Lịch tiêm chủng", "Lê Văn Viết", "Trần Thị Duyệt", "2", "1"]
    ]
    last_year = official_client(radio["writer"]).get(url, {"month": "2020-01"})
    assert len(list(csv.reader(io.StringIO(last_year.content.decode("utf-8-sig"))))) == 1
    assert official_client(radio["writer"]).get(url, {"month": "garbage"}).status_code == 200


def test_leaders_schedule_programmes_writers_do_not_and_outsiders_see_nothing(radio):
    station = radio["station"]
    add = reverse("broadcast:add_programme", args=[station.pk])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    form = {"name": "Bản tin chiều", "days": ["MO", "WE"], "time": "17:00",
            "first_day": f"{tomorrow:%Y-%m-%d}", "minutes": "30"}  # fmt: skip
    official_client(radio["writer"]).post(add, form)
    assert not Programme.objects.exists()
    official_client(radio["leader"]).post(add, form)
    programme = Programme.objects.get()
    assert programme.rule == "FREQ=WEEKLY;BYDAY=MO,WE"
    assert timezone.localtime(programme.starts).hour == 17
    past = official_client(radio["leader"]).post(
        add, {**form, "first_day": "2020-01-01"}, follow=True
    )
    assert "đã qua" in past.content.decode() and Programme.objects.count() == 1
    outsider = official_client(radio["outsider"])
    assert outsider.get(reverse("broadcast:station", args=[station.pk])).status_code == 404
    assert outsider.post(add, form).status_code == 404
    end = reverse("broadcast:end_programme", args=[station.pk, programme.pk])
    assert outsider.post(end).status_code == 404
    official_client(radio["leader"]).post(end)
    assert not Programme.objects.get().active


def test_a_leader_stops_an_emergency_from_its_page(radio):
    warning = actions.do_create_bulletin(
        radio["station"], title="Cháy rừng", category="disaster", priority=Priority.EMERGENCY,
        recording=tone_wav(1.0), valid_until=timezone.now() + dt.timedelta(hours=1),
        acting_user=radio["leader"],
    )  # fmt: skip
    page = official_client(radio["leader"]).get(reverse("broadcast:bulletin", args=[warning.pk]))
    assert "Dừng phát khẩn cấp" in page.content.decode()
    stop = reverse("broadcast:stop_emergency", args=[warning.pk])
    official_client(radio["writer"]).post(stop)
    warning.refresh_from_db()
    assert warning.stopped_at is None
    official_client(radio["leader"]).post(stop)
    warning.refresh_from_db()
    assert warning.stopped_at is not None


def test_leaders_give_the_station_its_own_jingles_and_not_audio_is_refused(radio):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("broadcast:set_jingles", args=[radio["station"].pk])
    chime = SimpleUploadedFile("chuong.wav", tone_wav(2.0), content_type="audio/wav")
    official_client(radio["writer"]).post(url, {"opening": chime})
    radio["station"].refresh_from_db()
    assert not radio["station"].opening_jingle
    junk = SimpleUploadedFile("chuong.wav", b"not audio at all", content_type="audio/wav")
    refused = official_client(radio["leader"]).post(url, {"opening": junk}, follow=True)
    assert refused.status_code == 200
    radio["station"].refresh_from_db()
    assert not radio["station"].opening_jingle
    chime.seek(0)
    official_client(radio["leader"]).post(url, {"opening": chime})
    radio["station"].refresh_from_db()
    assert radio["station"].opening_jingle.name.endswith(".ogg")
    assert not radio["station"].closing_jingle  # not given: left as it was


def test_an_official_of_another_commune_reaches_none_of_the_stations_pages(radio):
    bulletin = aired_programme(radio)
    station, programme = radio["station"], Programme.objects.get()
    outsider = official_client(radio["outsider"])
    for name, args in (
        ("broadcast:station", [station.pk]), ("broadcast:month_log", [station.pk]),
        ("broadcast:set_jingles", [station.pk]), ("broadcast:add_programme", [station.pk]),
        ("broadcast:end_programme", [station.pk, programme.pk]),
        ("broadcast:place", [bulletin.pk]), ("broadcast:stop_emergency", [bulletin.pk]),
        ("broadcast:bulletin", [bulletin.pk]), ("broadcast:audio", [bulletin.pk]),
    ):  # fmt: skip
        url = reverse(name, args=args)
        assert outsider.get(url).status_code in (404, 405), url
        assert outsider.post(url).status_code == 404, url
    assert Programme.objects.get().active and Bulletin.objects.get(pk=bulletin.pk).rank == 100
