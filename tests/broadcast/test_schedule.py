"""Programmes and emergencies: the slots RFC 5545 rules give (holidays kept free where
asked), schedules in the past and bad rules refused, one emergency at a time per place,
the catch-up link, and a scheduler restarted mid-programme that airs nothing twice."""

from __future__ import annotations

import datetime as dt
import time
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tests.broadcast.conftest import tone_wav
from tinhso.broadcast import actions, jingles, programmes
from tinhso.broadcast.choices import AiringKind, AiringState, Priority
from tinhso.broadcast.models import Airing, AiringItem, Programme, Station
from tinhso.broadcast.scheduler import current_slot
from tinhso.core.errors import ActionError
from tinhso.core.workdays import WorkCalendar

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(*parts):
    return dt.datetime(*parts, tzinfo=HCM)


def test_slots_follow_the_rule_and_keep_holidays_free_when_asked(radio):
    programme = Programme(
        station=radio["station"], name="Sáng", rule="FREQ=WEEKLY;BYDAY=MO,WE,FR",
        starts=at(2026, 8, 3, 6, 0), minutes=30,
    )  # fmt: skip
    calendar = WorkCalendar.load()
    assert current_slot(programme, at(2026, 8, 31, 6, 10), calendar) == at(2026, 8, 31, 6, 0)
    assert current_slot(programme, at(2026, 8, 31, 6, 30), calendar) is None  # over
    assert current_slot(programme, at(2026, 9, 1, 6, 10), calendar) is None  # a Tuesday
    # 2 September (National Day) is a Wednesday: aired, unless holidays are kept free.
    assert current_slot(programme, at(2026, 9, 2, 6, 5), calendar) == at(2026, 9, 2, 6, 0)
    programme.skip_holidays = True
    assert current_slot(programme, at(2026, 9, 2, 6, 5), calendar) is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"starts": "past"}, "starts"),
        ({"days": []}, "days"),
        ({"days": ["XX"]}, "days"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": 500}, "minutes"),
        ({"name": "  "}, "name"),
        ({"rule": "FREQ=SOMETIMES"}, "rule"),
        ({"rule": "FREQ=DAILY;UNTIL=20200101T000000Z"}, "rule"),
        ({"rule": "FREQ=DAILY\nX-EVIL:1"}, "rule"),
    ],
)
def test_a_bad_schedule_is_refused_and_nothing_is_kept(radio, fields, field):
    values = dict(name="Bản tin sáng", starts=timezone.now() + dt.timedelta(hours=1),
                  minutes=30, days=["MO", "TU"])  # fmt: skip
    values.update(fields)
    if values["starts"] == "past":
        values["starts"] = timezone.now() - dt.timedelta(days=1)
    with pytest.raises(ActionError) as refused:
        programmes.do_add_programme(radio["station"], acting_user=radio["leader"], **values)
    assert refused.value.field == field
    assert not Programme.objects.exists()


def test_only_the_communes_leaders_set_its_programmes(radio):
    for user in (radio["writer"], radio["outsider"]):
        with pytest.raises(PermissionDenied):
            programmes.do_add_programme(
                radio["station"], name="X", starts=timezone.now() + dt.timedelta(hours=1),
                minutes=10, days=["MO"], acting_user=user,
            )  # fmt: skip


def emergency(radio, areas=(), title="Lũ quét"):
    return actions.do_create_bulletin(
        radio["station"], title=title, category="disaster", priority=Priority.EMERGENCY,
        recording=tone_wav(1.0), valid_until=timezone.now() + dt.timedelta(hours=1),
        areas=list(areas), acting_user=radio["leader"],
    )  # fmt: skip


def test_a_second_emergency_for_the_same_place_waits_for_the_first(radio, places):
    from tinhso.core.choices import AdminUnitKind
    from tinhso.core.models import AdminUnit

    first = emergency(radio, [radio["hamlet"]])
    with pytest.raises(ActionError, match="Lũ quét"):
        emergency(radio, title="Sạt lở")  # the whole commune overlaps the hamlet
    other = AdminUnit.objects.create(
        code="01010", name="Khu phố 2", kind=AdminUnitKind.WARD, parent=places["ward"]
    )
    emergency(radio, [other], title="Cháy chợ")  # another neighbourhood: no overlap
    actions.do_stop_emergency(first, acting_user=radio["leader"])
    emergency(radio, [radio["hamlet"]], title="Sạt lở")  # the first was stopped
    with pytest.raises(PermissionDenied):
        actions.do_stop_emergency(first, acting_user=radio["writer"])


def test_the_catch_up_link_works_only_while_the_bulletin_is_valid(radio, client):
    bulletin = emergency(radio)
    url = jingles.catch_up_path(bulletin)
    assert client.get(url).status_code == 200
    assert client.get(url.replace(".ogg", "x.ogg")).status_code == 404
    assert client.get(f"/radio/{bulletin.pk + 1}/{url.split('/')[-1]}").status_code == 404
    actions.do_stop_emergency(bulletin, acting_user=radio["leader"])
    assert client.get(url).status_code == 404
    assert reverse("radio_catch_up", args=[bulletin.pk, "x"]) == f"/radio/{bulletin.pk}/x.ogg"


@pytest.mark.django_db(transaction=True)
def test_a_scheduler_restarted_mid_programme_goes_on_without_airing_anything_twice(
    radio, settings, tmp_path
):
    from tests.broadcast.servers import Icecast, SchedulerThread
    from tinhso.broadcast.devices import Link

    settings.MEDIA_ROOT = tmp_path / "media"
    icecast = Icecast(tmp_path / "icecast")
    settings.ICECAST_URL = settings.BROADCAST_STREAM_URL = icecast.url
    settings.ICECAST_SOURCE_PASSWORD = icecast.password
    for n in range(3):
        bulletin = actions.do_create_bulletin(
            radio["station"], title=f"Tin {n}", category="notice", recording=tone_wav(3.0),
            valid_until=radio["until"], acting_user=radio["writer"],
        )  # fmt: skip
        actions.do_submit(bulletin, acting_user=radio["writer"])
        actions.do_approve(bulletin, acting_user=radio["leader"])
    programmes.do_add_programme(
        radio["station"], name="Sáng", starts=timezone.now(), minutes=20,
        days=list(programmes.DAYS), acting_user=radio["leader"],
    )  # fmt: skip
    link = Link("mqtt://127.0.0.1:1", "unused")  # no speakers here: nothing is published
    items = AiringItem.objects.order_by("position")
    try:
        first = SchedulerThread(link, worker="first")
        deadline = time.monotonic() + 30
        while items.filter(started_at__isnull=False).count() < 2:
            assert time.monotonic() < deadline, "the programme never reached its second item"
            time.sleep(0.2)
        first.stop()  # SIGTERM while the second item airs
        restarted_at = timezone.now()
        second = SchedulerThread(link, worker="second")
        airing = Airing.objects.get(kind=AiringKind.PROGRAMME)
        deadline = time.monotonic() + 40
        while Airing.objects.get(pk=airing.pk).state == AiringState.ON_AIR:
            assert time.monotonic() < deadline, "the programme never finished"
            time.sleep(0.3)
        second.stop()
    finally:
        icecast.stop()
    assert Airing.objects.count() == 1
    assert Airing.objects.get().state == AiringState.DONE
    one, two, three = items
    assert one.ended_at < restarted_at  # aired once, before the restart, not again
    assert two.started_at > restarted_at  # cut short: aired again from its start
    assert three.started_at > two.started_at and three.ended_at is not None


def test_priority_items_air_first_in_the_communes_order_each_in_its_programme(radio):
    from tinhso.broadcast.scheduler import programme_items

    def approved(title, priority=Priority.NORMAL):
        bulletin = actions.do_create_bulletin(
            radio["station"], title=title, category="notice", priority=priority,
            recording=tone_wav(0.5), valid_until=radio["until"], acting_user=radio["writer"],
        )  # fmt: skip
        actions.do_submit(bulletin, acting_user=radio["writer"])
        return actions.do_approve(bulletin, acting_user=radio["leader"])

    morning, evening = (
        programmes.do_add_programme(
            radio["station"],
            name=name,
            starts=timezone.now() + dt.timedelta(hours=1),
            minutes=30,
            days=["MO"],
            acting_user=radio["leader"],
        )
        for name in ("Sáng", "Chiều")
    )
    notice = approved("Thông báo")
    fair = approved("Hội chợ")
    approved("Triều cường", Priority.PRIORITY)
    dengue = approved("Sốt xuất huyết", Priority.PRIORITY)
    programmes.do_place(dengue, programme=None, rank=1, acting_user=radio["leader"])
    programmes.do_place(fair, programme=evening, rank=100, acting_user=radio["leader"])
    now = timezone.now()
    titles = [b.title for b in programme_items(morning, now)]
    assert titles == ["Sốt xuất huyết", "Triều cường", "Thông báo"]
    assert [b.title for b in programme_items(evening, now)][-1] == "Hội chợ"
    with pytest.raises(PermissionDenied):
        programmes.do_place(notice, programme=None, rank=5, acting_user=radio["writer"])
    elsewhere = Station.objects.create(
        unit=radio["places"]["commune_ubnd"], name="Đài khác", mount="khac"
    )
    other = Programme.objects.create(
        station=elsewhere, name="Khác", rule="FREQ=DAILY", starts=now, minutes=10
    )
    with pytest.raises(ActionError):
        programmes.do_place(notice, programme=other, rank=5, acting_user=radio["leader"])


def test_a_programme_says_when_it_airs_in_words(radio):
    starts = at(2026, 12, 7, 6, 30)
    said = {
        rule: programmes.describe(Programme(rule=rule, starts=starts, minutes=30))
        for rule in (
            "FREQ=WEEKLY;BYDAY=MO,WE",
            "FREQ=DAILY",
            "FREQ=HOURLY",
            "FREQ=MONTHLY;BYMONTHDAY=1",
        )
    }
    assert said == {
        "FREQ=WEEKLY;BYDAY=MO,WE": "Thứ Hai, Thứ Tư lúc 06:30",
        "FREQ=DAILY": "hằng ngày lúc 06:30",
        "FREQ=HOURLY": "mỗi giờ, phút 30",
        "FREQ=MONTHLY;BYMONTHDAY=1": "FREQ=MONTHLY;BYMONTHDAY=1",
    }
