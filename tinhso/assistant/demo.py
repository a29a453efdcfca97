"""The demo's question log: what a week of citizens might have asked, each put to the
assistant itself (the outcome is the assistant's real answer), so that the catalogue
team's page has something to work on. Idempotent."""

from __future__ import annotations

from collections.abc import Callable

from tinhso.assistant import conversation, questionlog
from tinhso.assistant.models import AskedQuestion

# (question, times asked)
ASKED = [
    ("làm lại căn cước bị mất ở đâu", 14),
    ("đăng ký khai sinh cho con cần gì", 11),
    ("mở phòng hát cần giấy gì", 6),
    ("xin giấy phép bán hàng rong", 5),
    ("đăng ký xe máy điện cho con", 4),
    ("xin hỗ trợ nhà bị sập do bão", 4),
    ("chứng nhận hộ cận nghèo", 3),
    ("Tôi là Nguyễn Văn Tám sđt 0912345678 xin cấp lại sổ đỏ", 2),
    ("đổi tên cho con được không", 2),
    ("giá vàng hôm nay", 1),
]


def load(write: Callable[[str], object]) -> None:
    if AskedQuestion.objects.exists():
        write("assistant: question log already there")
        return
    for question, times in ASKED:
        reply = conversation.reply(question)
        for _ in range(times):
            questionlog.record(question, "chat", reply.kind, reply.best_key, reply.best_score)
    write(f"assistant: {AskedQuestion.objects.count()} logged questions")
