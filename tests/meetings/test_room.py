"""In the room: the chair opens, moves through the agenda, hears those who asked in the
order they chose; members ask and withdraw; the screens show it; no one else can."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.conftest import official_client
from tests.meetings.conftest import in_session, meeting_for
from tinhso.core.errors import ActionError
from tinhso.meetings import room
from tinhso.meetings.choices import MeetingState, SpeechState

pytestmark = pytest.mark.django_db


def test_members_ask_and_the_chair_gives_the_floor_in_the_order_chosen(council):
    meeting = in_session(council)
    one, two, three = council["delegates"]
    first = room.do_ask_to_speak(meeting, topic="Vốn đầu tư công", acting_user=one)
    with pytest.raises(ActionError, match="đã đăng ký"):
        room.do_ask_to_speak(meeting, acting_user=one)
    second = room.do_ask_to_speak(meeting, acting_user=two)
    third = room.do_ask_to_speak(meeting, acting_user=three)
    room.do_withdraw_request(meeting, acting_user=two)
    room.do_move_up(meeting, third.pk, acting_user=council["chair"])
    waiting = list(meeting.speeches.filter(state=SpeechState.WAITING))
    assert waiting == [third, first]
    room.do_give_floor(meeting, third.pk, acting_user=council["chair"])
    room.do_give_floor(meeting, first.pk, acting_user=council["chair"])  # third is done
    states = dict(meeting.speeches.values_list("pk", "state"))
    assert states == {
        first.pk: SpeechState.SPEAKING, second.pk: SpeechState.WITHDRAWN,
        third.pk: SpeechState.DONE,
    }  # fmt: skip
    screen = official_client(two).get(reverse("meetings:screen", args=[meeting.pk]))
    assert "Lê Văn Một" in screen.content.decode() and "Vốn đầu tư công" in screen.content.decode()
    room.do_end_speech(meeting, acting_user=council["secretary"])
    # Once done, they may ask again.
    room.do_ask_to_speak(meeting, acting_user=council["delegates"][2])


def test_only_the_chair_or_secretary_runs_the_room(council):
    meeting = in_session(council)
    speech = room.do_ask_to_speak(meeting, acting_user=council["delegates"][0])
    for person in (council["delegates"][1], council["clerk"]):
        with pytest.raises(PermissionDenied):
            room.do_give_floor(meeting, speech.pk, acting_user=person)
        with pytest.raises(PermissionDenied):
            room.do_close_session(meeting, acting_user=person)
    with pytest.raises(ActionError, match="thành viên"):
        room.do_ask_to_speak(meeting, acting_user=council["clerk"])


def test_nothing_is_asked_before_the_opening_or_after_the_close(council):
    meeting = meeting_for(council)
    from tinhso.meetings import actions

    actions.do_invite(meeting, people=council["delegates"], acting_user=council["clerk"])
    with pytest.raises(ActionError, match="không đang diễn ra"):
        room.do_ask_to_speak(meeting, acting_user=council["delegates"][0])
    room.do_open_session(meeting, acting_user=council["chair"])
    waiting = room.do_ask_to_speak(meeting, acting_user=council["delegates"][0])
    meeting = room.do_close_session(meeting, acting_user=council["chair"])
    assert meeting.state == MeetingState.CLOSED
    waiting.refresh_from_db()
    assert waiting.state == SpeechState.WITHDRAWN
    with pytest.raises(ActionError):
        room.do_ask_to_speak(meeting, acting_user=council["delegates"][1])


def test_a_member_does_it_from_the_tablet(council):
    meeting = in_session(council)
    tablet = official_client(council["delegates"][0])
    page = tablet.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "Xin phát biểu" in page and "Thông qua kế hoạch năm 2027" in page
    # The agenda's planned times: 15:00 (08:00 UTC) and, after 30 minutes, 15:30.
    assert '<span class="meta">15:30</span> <strong>Dự toán ngân sách 2027' in page
    tablet.post(reverse("meetings:ask_to_speak", args=[meeting.pk]), {"topic": "Giao thông"})
    panel = tablet.get(reverse("meetings:panel_live", args=[meeting.pk])).content.decode()
    assert "Rút đăng ký" in panel and "Giao thông" in panel
    chair = official_client(council["chair"])
    console = chair.get(reverse("meetings:panel_live", args=[meeting.pk])).content.decode()
    assert "Mời phát biểu" in console


def test_an_outsider_reaches_none_of_the_room(council):
    meeting = in_session(council)
    outsider = official_client(council["outsider"])
    for name in ("screen", "screen_live", "panel_live", "minutes", "search"):
        assert outsider.get(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 404
    for name in (
        "open_session", "close_session", "take_up_item", "ask_to_speak", "withdraw",
        "give_floor", "end_speech", "move_up", "prepare_vote", "open_vote", "close_vote",
        "cast", "start_minutes", "edit_minutes", "sign_minutes", "publish", "assign_task",
    ):  # fmt: skip
        answer = outsider.post(reverse(f"meetings:{name}", args=[meeting.pk]), {"vote": 1})
        assert answer.status_code == 404, name
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.IN_SESSION and not meeting.speeches.exists()


def test_the_time_per_speaker_is_set_per_meeting(council):
    assert meeting_for(council, speech_minutes=3).speech_seconds == 180
    with pytest.raises(ActionError, match="1 đến 30"):
        meeting_for(council, speech_minutes=0)
