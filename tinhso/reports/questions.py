"""Online Q&A (hỏi đáp trực tuyến): ask a unit, the unit answers by a deadline,
published answers are searchable by anyone, with or without diacritics."""

from __future__ import annotations

from functools import reduce
from operator import and_
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.choices import Role
from tinhso.accounts.models import User
from tinhso.accounts.permissions import has_role_over
from tinhso.accounts.staff import staff_in
from tinhso.core.audit import client_ip, write_audit
from tinhso.core.choices import Channel
from tinhso.core.errors import ActionError, clean_note
from tinhso.core.models import OrgUnit
from tinhso.core.notify import notify, notify_all
from tinhso.core.text import query_words
from tinhso.core.workdays import WorkCalendar
from tinhso.reports import abuse
from tinhso.reports.choices import QuestionStatus as Q_
from tinhso.reports.models import Question

ANSWER_ROLES = (Role.SPECIALIST, Role.APPROVER, Role.UNIT_ADMIN)
MAX_TITLE = 200
MAX_BODY = 4000
MAX_ANSWER = 10000


def can_answer(user: Any, question: Question) -> bool:
    return has_role_over(user, ANSWER_ROLES, question.unit)


@transaction.atomic
def do_ask_question(
    *,
    asker: User,
    title: str,
    body: str,
    unit: OrgUnit | None,
    field: Any = None,
    allow_publish: bool = True,
    request: HttpRequest | None = None,
) -> Question:
    ip = client_ip(request) if request is not None else None
    abuse.reserve(account_key=f"user:{asker.pk}", user=asker, ip=ip)
    title = " ".join((title or "").split())
    body = (body or "").strip()
    if not title:
        raise ActionError(_("Vui lòng nhập tiêu đề."), field="title", code="required")
    if len(title) > MAX_TITLE:
        raise ActionError(_("Tiêu đề dài quá %(n)d ký tự.") % {"n": MAX_TITLE}, field="title")
    if not body:
        raise ActionError(_("Vui lòng nhập câu hỏi."), field="body", code="required")
    if len(body) > MAX_BODY:
        raise ActionError(_("Câu hỏi dài quá %(n)d ký tự.") % {"n": MAX_BODY}, field="body")
    if unit is None and field is not None:
        unit = field.unit
    if unit is None or not unit.is_active:
        raise ActionError(_("Hãy chọn đơn vị hoặc lĩnh vực cần hỏi."), field="unit")
    question = Question.objects.create(
        asker=asker,
        unit=unit,
        field=field,
        title=title,
        body=body,
        allow_publish=allow_publish,
        due_at=WorkCalendar.load().add_working_days(timezone.now(), settings.QUESTION_ANSWER_DAYS),
    )
    write_audit("question.asked", actor=asker, obj=question, request=request)
    notify_all(
        staff_in(unit, ANSWER_ROLES),
        "question_new",
        {"question": question},
        link=reverse("report_desk:question", args=[question.public_id]),
    )
    return question


def _close(
    question: Question,
    *,
    acting_user: User,
    status: str,
    text: str,
    publish: bool,
    request: HttpRequest | None,
) -> Question:
    """Answer or decline a waiting question: one person, once; the asker is told."""
    question = Question.objects.select_for_update().select_related("unit").get(pk=question.pk)
    if not can_answer(acting_user, question):
        raise PermissionDenied
    if question.status != Q_.WAITING:
        raise ActionError(_("Câu hỏi này đã được xử lý."), code="already_answered")
    question.answer = text
    question.status = status
    question.answered_by = acting_user
    question.answered_at = timezone.now()
    # Published only when the asker agreed to it.
    question.is_published = publish and question.allow_publish
    question.save()
    write_audit(f"question.{status}", actor=acting_user, obj=question, request=request)
    if question.asker is not None:
        notify(
            question.asker,
            "question_answered",
            {"question": question},
            channels=[Channel.INBOX, Channel.SMS] if status == Q_.ANSWERED else [Channel.INBOX],
            link=reverse("reports:question", args=[question.public_id]),
        )
    return question


@transaction.atomic
def do_answer_question(
    question: Question,
    *,
    acting_user: User,
    answer: str,
    publish: bool,
    request: HttpRequest | None = None,
) -> Question:
    answer = (answer or "").strip()
    if not answer:
        raise ActionError(_("Vui lòng nhập câu trả lời."), field="answer", code="required")
    if len(answer) > MAX_ANSWER:
        raise ActionError(_("Câu trả lời dài quá %(n)d ký tự.") % {"n": MAX_ANSWER}, field="answer")
    return _close(
        question,
        acting_user=acting_user,
        status=Q_.ANSWERED,
        text=answer,
        publish=publish,
        request=request,
    )


@transaction.atomic
def do_reject_question(
    question: Question, *, acting_user: User, note: str, request: HttpRequest | None = None
) -> Question:
    """Abusive or off-topic questions are closed with the reason told to the asker."""
    return _close(
        question,
        acting_user=acting_user,
        status=Q_.REJECTED,
        text=clean_note(note, required=True),
        publish=False,
        request=request,
    )


def search_published(query: str) -> QuerySet[Question]:
    """Published answers matching every word of the query, diacritics or not."""
    questions = Question.objects.filter(is_published=True).select_related("unit", "field")
    words = query_words(query)
    if words:
        questions = questions.filter(reduce(and_, (Q(search_text__contains=w) for w in words)))
    return questions.order_by("-answered_at")


def similar_published(text: str, limit: int = 5) -> list[Question]:
    """Published answers sharing the most words with what the citizen is typing.

    Any-word match in the database, then ranked by how many of the typed words
    each one contains; short words ("ve", "la", "co") carry no meaning and are skipped.
    """
    words = [w for w in dict.fromkeys(query_words(text, limit=12)) if len(w) >= 3]
    if not words:
        return []
    candidates = list(
        Question.objects.filter(is_published=True)
        .filter(reduce(lambda a, b: a | b, (Q(search_text__contains=w) for w in words)))
        .only("public_id", "title", "search_text", "answered_at")
        .order_by("-answered_at")[:200]
    )
    scored = [(sum(w in q.search_text for w in words), q) for q in candidates]
    best = [q for score, q in sorted(scored, key=lambda x: -x[0]) if score >= min(2, len(words))]
    return best[:limit]
