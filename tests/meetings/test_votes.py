"""Electronic votes: the rules, one vote per member in the database, nothing after the
close, nothing from anyone not a member present — and a secret vote that no row ties
to a person."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.conftest import official_client
from tests.meetings.conftest import in_session
from tinhso.core.errors import ActionError
from tinhso.core.models import AuditEntry
from tinhso.meetings import room, voting
from tinhso.meetings.choices import Choice, MajorityRule, QuorumRule, VoteState
from tinhso.meetings.models import Ballot, Participant, Vote

pytestmark = pytest.mark.django_db


def opened(council, meeting, **rules) -> Vote:
    vote = voting.do_prepare_vote(
        meeting, question="Thông qua Nghị quyết kế hoạch năm 2027", acting_user=council["chair"],
        **rules,
    )  # fmt: skip
    return voting.do_open_vote(vote, acting_user=council["chair"])


def test_an_open_vote_counts_each_member_once_and_applies_its_rule(council):
    meeting = in_session(council)  # 5 members: chair, secretary, 3 delegates; all present
    vote = opened(council, meeting, majority=MajorityRule.OF_MEMBERS)
    one, two, three = council["delegates"]
    voting.do_cast(vote, choice=Choice.YES, acting_user=one)
    voting.do_cast(vote, choice=Choice.YES, acting_user=two)
    voting.do_cast(vote, choice=Choice.NO, acting_user=three)
    with pytest.raises(ActionError, match="đã biểu quyết"):
        voting.do_cast(vote, choice=Choice.NO, acting_user=one)
    voting.do_cast(vote, choice=Choice.YES, acting_user=council["chair"])
    vote.refresh_from_db()
    assert (vote.yes, vote.no, vote.abstain, vote.members) == (3, 1, 0, 5)
    assert {b.participant.user: b.choice for b in vote.ballots.select_related("participant")}[
        three
    ] == Choice.NO
    vote = voting.do_close_vote(vote, acting_user=council["chair"])
    assert vote.passed is True and vote.present == 5  # 3 of 5 members: more than half


def test_the_database_refuses_a_second_ballot_whatever_the_code_does(council):
    meeting = in_session(council)
    vote = opened(council, meeting)
    member = Participant.objects.get(meeting=meeting, user=council["delegates"][0])
    Ballot.objects.create(vote=vote, participant=member, choice=Choice.YES)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(vote=vote, participant=member, choice=Choice.NO)


def test_no_vote_after_the_close_nor_before_the_open(council):
    meeting = in_session(council)
    vote = voting.do_prepare_vote(meeting, question="Dự toán", acting_user=council["chair"])
    with pytest.raises(ActionError, match="không đang mở"):
        voting.do_cast(vote, choice=Choice.YES, acting_user=council["delegates"][0])
    voting.do_open_vote(vote, acting_user=council["chair"])
    voting.do_cast(vote, choice=Choice.YES, acting_user=council["delegates"][0])
    voting.do_close_vote(vote, acting_user=council["chair"])
    with pytest.raises(ActionError, match="không đang mở"):
        voting.do_cast(vote, choice=Choice.NO, acting_user=council["delegates"][1])
    vote.refresh_from_db()
    assert (vote.yes, vote.no, vote.ballots.count()) == (1, 0, 1)


def test_only_members_present_vote(council):
    from tinhso.meetings import actions

    meeting = in_session(council, present=2)  # the third delegate did not check in
    guest = council["outsider"]
    actions.do_invite(meeting, people=[guest], role="guest", acting_user=council["clerk"])
    actions.do_check_in(meeting, meeting.participants.get(user=guest), acting_user=guest)
    vote = opened(council, meeting)
    with pytest.raises(ActionError, match="Chỉ thành viên"):
        voting.do_cast(vote, choice=Choice.YES, acting_user=guest)
    with pytest.raises(ActionError, match="điểm danh"):
        voting.do_cast(vote, choice=Choice.YES, acting_user=council["delegates"][2])
    with pytest.raises(ActionError, match="Chỉ thành viên"):
        voting.do_cast(vote, choice=Choice.YES, acting_user=council["clerk"])
    # Through the page too: the outsider of another commune sees no such meeting.
    other = official_client(council["delegates"][2])
    answer = other.post(
        reverse("meetings:cast", args=[meeting.pk]), {"vote": vote.pk, "choice": "yes"}
    )
    assert answer.status_code == 302
    vote.refresh_from_db()
    assert vote.turnout == 0 and not vote.ballots.exists()


def test_a_secret_vote_leaves_no_row_tying_a_person_to_a_choice(council):
    meeting = in_session(council)
    vote = opened(council, meeting, secret=True)
    one, two, three = council["delegates"]
    voting.do_cast(vote, choice=Choice.NO, acting_user=one)
    voting.do_cast(vote, choice=Choice.YES, acting_user=two)
    voting.do_cast(vote, choice=Choice.ABSTAIN, acting_user=three)
    voting.do_close_vote(vote, acting_user=council["chair"])
    vote.refresh_from_db()
    assert (vote.yes, vote.no, vote.abstain) == (1, 1, 1)
    assert set(vote.ballots.values_list("choice", flat=True)) == {""}
    # Every row anywhere that points at the first delegate (their account or their
    # participation) carries no choice, and no log row names one.
    person = Participant.objects.get(meeting=meeting, user=one)
    choices = set(Choice.values)
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if target is None or target not in (type(one), Participant):
                continue
            key = one.pk if target is type(one) else person.pk
            for row in model.objects.filter(**{field.attname: key}).values():
                assert not choices & {v for v in row.values() if isinstance(v, str)}, model
    for entry in AuditEntry.objects.filter(action="meeting.voted"):
        assert not choices & set(map(str, entry.data.values())), entry.data


def test_a_secret_vote_shows_only_the_turnout_while_open(council):
    meeting = in_session(council)
    vote = opened(council, meeting, secret=True)
    voting.do_cast(vote, choice=Choice.NO, acting_user=council["delegates"][0])
    screen = official_client(council["secretary"]).get(
        reverse("meetings:screen_live", args=[meeting.pk])
    )
    text = screen.content.decode()
    assert "1/5 thành viên có mặt đã bỏ phiếu" in text and "Không tán thành</dt>" not in text


@pytest.mark.parametrize(
    ("quorum", "majority", "present", "yes", "passed"),
    [
        (QuorumRule.HALF, MajorityRule.OF_PRESENT, 6, 4, True),  # 4 of 6 present
        (QuorumRule.HALF, MajorityRule.OF_MEMBERS, 6, 5, False),  # 5 of 10: not more than half
        (QuorumRule.HALF, MajorityRule.OF_MEMBERS, 5, 5, False),  # no quorum: 5 of 10
        (QuorumRule.TWO_THIRDS, MajorityRule.TWO_THIRDS, 7, 7, True),  # 7 ≥ ⌈20/3⌉
        (QuorumRule.TWO_THIRDS, MajorityRule.TWO_THIRDS, 9, 6, False),
        (QuorumRule.NONE, MajorityRule.OF_PRESENT, 1, 1, True),
    ],
)
def test_the_rules(quorum, majority, present, yes, passed):
    vote = Vote(quorum=quorum, majority=majority, yes=yes)
    assert voting.outcome(vote, members=10, present=present).passed is passed


def test_the_room_screen_redraws_only_when_something_changed(
    council, django_assert_max_num_queries
):
    meeting = in_session(council)
    screen = official_client(council["delegates"][0])
    url = reverse("meetings:screen_live", args=[meeting.pk])
    first = screen.get(url)
    key = first.content.decode().split("?seen=")[1].split('"')[0]
    # Asked every second by every screen: the session, the account, its TOTP device,
    # then one query for "may see it" and "what changed" together.
    with django_assert_max_num_queries(4):
        assert screen.get(url, {"seen": key}).status_code == 204
    vote = opened(council, meeting)
    drawn = screen.get(url, {"seen": key})
    assert drawn.status_code == 200 and "Thông qua Nghị quyết" in drawn.content.decode()
    key = drawn.content.decode().split("?seen=")[1].split('"')[0]
    voting.do_cast(vote, choice=Choice.YES, acting_user=council["delegates"][1])
    again = screen.get(url, {"seen": key})
    assert again.status_code == 200 and "<dd>1</dd>" in again.content.decode()
    room.do_take_up_item(meeting, meeting.items.last(), acting_user=council["chair"])
    assert screen.get(url, {"seen": key}).status_code == 200
    assert vote.state == VoteState.OPEN


@pytest.mark.django_db(transaction=True)
def test_one_members_tablets_voting_at_the_same_moment_count_once(council):
    """Four requests of one member at once (a double tap, two devices): one ballot."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises them)")
    meeting = in_session(council)
    vote = opened(council, meeting)
    member = council["delegates"][0]
    start = threading.Barrier(4)
    outcomes: list[str] = []

    def cast(choice: str) -> None:
        start.wait()
        try:
            voting.do_cast(vote, choice=choice, acting_user=member)
            outcomes.append("counted")
        except ActionError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(c,)) for c in ("yes", "no", "yes", "abstain")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    vote.refresh_from_db()
    assert sorted(outcomes) == ["counted", "refused", "refused", "refused"]
    assert vote.turnout == 1 and vote.ballots.count() == 1
