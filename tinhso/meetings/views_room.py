"""The room: the chair's console, the members' requests and ballots, the projector
screen and the live parts that redraw without reload (live.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
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
from tinhso.meetings.models import Meeting, Vote
from tinhso.meetings.views import meeting_of


def _back(meeting: Meeting) -> str:
    return reverse("meetings:meeting", args=[meeting.pk]) + "#room"


def _do(
    request: HttpRequest,
    pk: int,
    form_class: Any,
    act: Callable[[Meeting, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    meeting = meeting_of(request, pk)
    form = form_class(request.POST) if form_class else forms.Form({})
    return acted(request, _back(meeting), form, lambda data: act(meeting, data), done)


def _vote(meeting: Meeting, pk: int) -> Vote:
    vote = meeting.votes.filter(pk=pk).first()
    if vote is None:
        raise Http404
    vote.meeting = meeting
    return vote


@require_POST
@login_required
def open_session(request: HttpRequest, pk: int) -> HttpResponse:
    return _do(
        request,
        pk,
        None,
        lambda m, _d: room.do_open_session(m, acting_user=request.user),
        _("Đã khai mạc."),
    )


@require_POST
@login_required
def close_session(request: HttpRequest, pk: int) -> HttpResponse:
    return _do(
        request,
        pk,
        None,
        lambda m, _d: room.do_close_session(m, acting_user=request.user),
        _("Đã bế mạc."),
    )


@require_POST
@login_required
def take_up_item(request: HttpRequest, pk: int) -> HttpResponse:
    def act(meeting: Meeting, data: dict[str, Any]) -> object:
        item = meeting.items.filter(pk=data["item"]).first()
        if item is None:
            raise Http404
        return room.do_take_up_item(meeting, item, acting_user=request.user)

    return _do(request, pk, ItemChoiceForm, act, _("Đã chuyển sang nội dung này."))


@require_POST
@login_required
def ask_to_speak(request: HttpRequest, pk: int) -> HttpResponse:
    return _do(
        request,
        pk,
        SpeakForm,
        lambda m, d: room.do_ask_to_speak(m, topic=d["topic"], acting_user=request.user),
        _("Đã đăng ký phát biểu."),
    )


@require_POST
@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _do(
        request,
        pk,
        None,
        lambda m, _d: room.do_withdraw_request(m, acting_user=request.user),
        _("Đã rút đăng ký phát biểu."),
    )


@require_POST
@login_required
def give_floor(request: HttpRequest, pk: int) -> HttpResponse:
    return _do(
        request,
        pk,
        SpeechForm,
        lambda m, d: room.do_give_floor(m, d["speech"], acting_user=request.user),
        _("Đã mời phát biểu."),
    )


@require_POST
@login_required
def end_speech(request: HttpRequest, pk: int) -> HttpResponse:
    return _do(
        request,
        pk,
        None,
        lambda m, _d: room.do_end_speech(m, acting_user=request.user),
        _("Đã kết thúc lượt phát biểu."),
    )


@require_POST
@login_required
def move_up(request: HttpRequest, pk: int) -> HttpResponse:
    return _do(
        request,
        pk,
        SpeechForm,
        lambda m, d: room.do_move_up(m, d["speech"], acting_user=request.user),
        _("Đã đổi thứ tự phát biểu."),
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
        _("Đã chuẩn bị biểu quyết."),
    )


@require_POST
@login_required
def open_vote(request: HttpRequest, pk: int) -> HttpResponse:
    return _do(
        request,
        pk,
        VoteChoiceForm,
        lambda m, d: voting.do_open_vote(_vote(m, d["vote"]), acting_user=request.user),
        _("Đã mở biểu quyết."),
    )


@require_POST
@login_required
def close_vote(request: HttpRequest, pk: int) -> HttpResponse:
    return _do(
        request,
        pk,
        VoteChoiceForm,
        lambda m, d: voting.do_close_vote(_vote(m, d["vote"]), acting_user=request.user),
        _("Đã kết thúc biểu quyết."),
    )


@require_POST
@login_required
def cast(request: HttpRequest, pk: int) -> HttpResponse:
    return _do(
        request,
        pk,
        BallotForm,
        lambda m, d: voting.do_cast(
            _vote(m, d["vote"]), choice=d["choice"], acting_user=request.user
        ),
        _("Đã ghi nhận biểu quyết của bạn."),
    )


def _live(request: HttpRequest, pk: int, template: str) -> HttpResponse:
    key = live.state_key_for(request.user, pk)
    if key is None:  # not sitting in it: an organiser, or a 404
        key = live.state_key(meeting_of(request, pk).pk)
    if request.GET.get("seen", "")[:80] == key:
        return HttpResponse(status=204)
    meeting = meeting_of(request, pk)
    response = render(request, template, live.context_for(request.user, meeting, key))
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
    return _live(request, pk, "meetings/_screen_live.html")


@login_required
def panel_live(request: HttpRequest, pk: int) -> HttpResponse:
    return _live(request, pk, "meetings/_panel_live.html")
