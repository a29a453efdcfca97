"""A reply as the chat shows it and the API returns it: the sentence, the procedure's
card, the choices, the published answers, the context to send back."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tinhso.assistant import answers, llm
from tinhso.assistant.conversation import ANSWER, CLARIFY, QUESTIONS, Reply
from tinhso.services.facts import spoken_summary


def sentence(reply: Reply) -> str:
    if reply.kind == ANSWER and reply.procedure is not None:
        return answers.fact_sentence(reply.procedure, reply.focus)
    if reply.kind == CLARIFY:
        return _("Có vài thủ tục gần với câu hỏi. Bạn cần thủ tục nào?")
    if reply.kind == QUESTIONS:
        return _(
            "Danh mục thủ tục không có thủ tục cho câu hỏi này, nhưng có câu hỏi đã được "
            "cơ quan nhà nước trả lời:"
        )
    return _(
        "Chưa tìm thấy thủ tục nào trong danh mục cho câu hỏi này. Bạn có thể hỏi lại "
        "bằng cách khác, hoặc gửi câu hỏi cho cơ quan nhà nước."
    )


def as_dict(reply: Reply, question: str) -> dict[str, Any]:
    said = sentence(reply)
    reworded = None
    if reply.kind == ANSWER and reply.procedure is not None and llm.enabled():
        related = tuple(f"{q.name}\n{' '.join(q.texts)}" for q in reply.questions)
        reworded = llm.reword(question, spoken_summary(reply.procedure), related)
    return {
        "kind": reply.kind,
        "said": reworded or said,
        "reworded": reworded is not None,
        "focus": reply.focus,
        "procedure": answers.card(reply.procedure) if reply.procedure is not None else None,
        "options": [{"code": code, "name": name} for code, name in reply.options],
        "questions": [
            {"id": q.key, "title": q.name, "url": reverse("reports:question", args=[q.key])}
            for q in reply.questions
        ],
        "ask_url": reverse("reports:ask"),
        "context": reply.context.token,
    }
