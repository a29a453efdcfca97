"""The room: the chair's console, the members' requests and ballots, the projector
screen and the live parts that redraw without reload (live.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from tinhso.core.acting import acted
from tinhso.meetings import live, room, voting
from tinhso.meetings.forms import (
    BallotForm,
    ItemChoiceForm,
    SpeakForm,
    SpeechForm,
    VoteChoiceForm,
    VoteForm,
)
from tinhso.meetings.models import AgendaItem, Meeting, Vote
from tinhso.meetings.views import meeting_of


def _back(meeting: Meeting) -> str:
    return reverse("meetings:meeting", args=[meeting.pk]) + "#room"


# What a button in the room does: (request's person, meeting, the form's data) → do_*.
Act = Callable[[Any, Meeting, dict[str, Any]], object]


def _button(form_class: Any, act: Act, done: Promise) -> Callable[..., HttpResponse]:
    """A POST view for one of the room's buttons: the meeting for one who may see it
    (else a 404), the form, the ``do_*``, a message, back to the room."""

    @require_POST
    @login_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        meeting = meeting_of(request, pk)
        form = form_class(request.POST) if form_class else forms.Form({})
        return acted(
            request,
            _back(meeting),
            form,
            lambda data: act(request.user, meeting, data),
            str(done),
        )

    return view


def _vote(meeting: Meeting, pk: int) -> Vote:
    vote = meeting.votes.filter(pk=pk).first()
    if vote is None:
        raise Http404
    vote.meeting = meeting
    return vote


def _item(meeting: Meeting, pk: int) -> AgendaItem:
    item = meeting.items.filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


open_session = _button(
    None, lambda who, m, d: room.do_open_session(m, acting_user=who), _("Đã khai mạc.")
)
close_session = _button(
    None, lambda who, m, d: room.do_close_session(m, acting_user=who), _("Đã bế mạc.")
)
take_up_item = _button(
    ItemChoiceForm,
    lambda who, m, d: room.do_take_up_item(m, _item(m, d["item"]), acting_user=who),
    _("Đã chuyển sang nội dung này."),
)
ask_to_speak = _button(
    SpeakForm,
    lambda who, m, d: room.do_ask_to_speak(m, topic=d["topic"], acting_user=who),
    _("Đã đăng ký phát biểu."),
)
withdraw = _button(
    None,
    lambda who, m, d: room.do_withdraw_request(m, acting_user=who),
    _("Đã rút đăng ký phát biểu."),
)
give_floor = _button(
    SpeechForm,
    lambda who, m, d: room.do_give_floor(m, d["speech"], acting_user=who),
    _("Đã mời phát biểu."),
)
end_speech = _button(
    None,
    lambda who, m, d: room.do_end_speech(m, acting_user=who),
    _("Đã kết thúc lượt phát biểu."),
)
move_up = _button(
    SpeechForm,
    lambda who, m, d: room.do_move_up(m, d["speech"], acting_user=who),
    _("Đã đổi thứ tự phát biểu."),
)
open_vote = _button(
    VoteChoiceForm,
    lambda who, m, d: voting.do_open_vote(_vote(m, d["vote"]), acting_user=who),
    _("Đã mở biểu quyết."),
)
close_vote = _button(
    VoteChoiceForm,
    lambda who, m, d: voting.do_close_vote(_vote(m, d["vote"]), acting_user=who),
    _("Đã kết thúc biểu quyết."),
)
cast = _button(
    BallotForm,
    lambda who, m, d: voting.do_cast(_vote(m, d["vote"]), choice=d["choice"], acting_user=who),
    _("Đã ghi nhận biểu quyết của bạn."),
)


@require_POST
@login_required
def prepare_vote(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_of(request, pk)
    return acted(
        request,
        _back(meeting),
        VoteForm(request.POST, meeting=meeting),
        lambda data: voting.do_prepare_vote(meeting, acting_user=request.user, **data),
        str(_("Đã chuẩn bị biểu quyết.")),
    )


def _live_key(request: HttpRequest, pk: int) -> str:
    """The room's key, for one who may see the meeting (else a 404)."""
    key = live.state_key_for(request.user, pk)
    if key is None:  # not sitting in it: an organiser, or no one
        key = live.state_key(meeting_of(request, pk).pk)
    return key


def _seen(request: HttpRequest, key: str) -> bool:
    return request.GET.get("seen", "")[:80] == key


def _fresh(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@login_required
def screen(request: HttpRequest, pk: int) -> HttpResponse:
    """The projector: the item, the speaker, the live vote — big enough for the back row."""
    meeting = meeting_of(request, pk)
    context = live.context_for(request.user, meeting, live.state_key(meeting.pk))
    return render(request, "meetings/screen.html", {"meeting": meeting, **context})


@login_required
def screen_live(request: HttpRequest, pk: int) -> HttpResponse:
    key = _live_key(request, pk)
    if _seen(request, key):
        return HttpResponse(status=204)
    html = live.screen_html(
        pk,
        key,
        lambda now: render_to_string(
            "meetings/_screen_live.html", {"room": now, "key": key}, request=None
        ),
    )
    return _fresh(HttpResponse(html))


@login_required
def panel_live(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's part of the meeting page: the room, and their own buttons."""
    key = _live_key(request, pk)
    if _seen(request, key):
        return HttpResponse(status=204)
    now = live.cached_room(pk, key)
    context = live.context_for(request.user, now.meeting, key, now)
    return _fresh(render(request, "meetings/_panel_live.html", context))
