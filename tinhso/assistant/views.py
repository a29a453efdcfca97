"""The assistant's pages: the citizens' chat, and the catalogue team's page of what
people ask. Thin: the conversation, the log and the changes live in their modules."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhso.accounts.choices import Role
from tinhso.accounts.permissions import role_required
from tinhso.assistant import actions, catalogue, conversation, present, questionlog
from tinhso.core.addresses import client_address
from tinhso.core.errors import ActionError
from tinhso.core.params import ascii_int

SESSION_KEY = "assistant_turns"
MAX_TURNS = 12  # kept in the session; older turns scroll away
MAX_QUESTION = 500
EXAMPLES = [
    "Bằng lái xe máy bị mất thì làm lại thế nào?",
    "Đăng ký khai sinh cho con cần giấy tờ gì?",
    "Làm hộ chiếu mất bao lâu?",
    "Muốn mở quán ăn cần giấy phép gì?",
]
CATALOGUE_TEAM = (Role.SYSTEM_ADMIN,)
LOG_DAYS_SHOWN = 30


def chat(request: HttpRequest) -> HttpResponse:
    turns: list[dict[str, Any]] = request.session.get(SESSION_KEY, [])
    if request.method == "POST":
        return _ask(request, turns)
    return render(request, "assistant/chat.html", {"turns": turns, "examples": EXAMPLES})


def _ask(request: HttpRequest, turns: list[dict[str, Any]]) -> HttpResponse:
    question = " ".join(request.POST.get("q", "").split())
    chosen = request.POST.get("choose", "")[:40]
    if chosen:
        # A button of the clarifying question: the procedure's code is what is asked,
        # its name what the conversation shows.
        offered = {o["code"]: o["name"] for o in (turns[-1]["options"] if turns else [])}
        if chosen not in offered:
            return _refuse(request, _("Lựa chọn này đã cũ. Vui lòng hỏi lại."))
        question, shown = chosen, offered[chosen]
    else:
        shown = question
    if not question:
        return _refuse(request, _("Vui lòng nhập câu hỏi."))
    if len(question) > MAX_QUESTION:
        return _refuse(request, _("Câu hỏi dài quá %(n)d ký tự.") % {"n": MAX_QUESTION})
    context = conversation.Context.from_token(turns[-1]["context"] if turns else "")
    reply = conversation.reply(question, context)
    if not chosen:
        questionlog.record(
            question,
            "chat",
            reply.kind,
            reply.best_key,
            reply.best_score,
            client_address(request),
        )
    turn = {"q": shown, **present.as_dict(reply, question)}
    # The same procedure as the turn before: its card folds away, the sentence answers.
    before = turns[-1].get("procedure") if turns else None
    turn["repeat"] = bool(
        before and turn["procedure"] and before["code"] == turn["procedure"]["code"]
    )
    turns = [*turns, turn][-MAX_TURNS:]
    request.session[SESSION_KEY] = turns
    if getattr(request, "htmx", False):
        return render(
            request, "assistant/_turn.html", {"turn": turn, "number": len(turns), "new": True}
        )
    return redirect(f"{request.path}#turn-{len(turns)}")


def _refuse(request: HttpRequest, message: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        return render(request, "assistant/_refused.html", {"message": message}, status=422)
    messages.error(request, message)
    return redirect(request.path)


@require_POST
def forget(request: HttpRequest) -> HttpResponse:
    """Start over: the conversation leaves the session."""
    request.session.pop(SESSION_KEY, None)
    return redirect("assistant:chat")


def catalogue_names() -> list[str]:
    return [r.name for r in catalogue.index("procedures").records]


@role_required(*CATALOGUE_TEAM)
def asked(request: HttpRequest) -> HttpResponse:
    """What people asked over the last days, and the questions that found nothing,
    most asked first, each with "add this phrasing"."""
    days = ascii_int(request.GET.get("days", ""), minimum=1, maximum=365) or LOG_DAYS_SHOWN
    counts = questionlog.summary(days)
    total = sum(counts.values())
    return render(
        request,
        "assistant/asked.html",
        {
            "days": days,
            "total": total,
            "counts": counts,
            "unanswered": questionlog.top_unanswered(days),
            "clarified": questionlog.top_clarified(days),
            "procedure_names": catalogue_names(),
        },
    )


@role_required(*CATALOGUE_TEAM)
@require_POST
def add_phrasing(request: HttpRequest) -> HttpResponse:
    try:
        phrasing = actions.do_add_phrasing(
            request.user,
            request.POST.get("said", ""),
            request.POST.get("means", ""),
            request=request,
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Đã thêm cách nói «%(said)s» → «%(means)s».")
            % {"said": phrasing.said, "means": phrasing.means},
        )
    return redirect("assistant_desk:asked")


@role_required(*CATALOGUE_TEAM)
@require_POST
def set_aside(request: HttpRequest) -> HttpResponse:
    try:
        actions.do_set_aside(request.user, request.POST.get("folded", ""), request=request)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã bỏ câu hỏi khỏi danh sách."))
    return redirect("assistant_desk:asked")
