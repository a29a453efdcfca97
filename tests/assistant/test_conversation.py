"""The assistant as a conversation: the answer card is the catalogue's record, close
candidates get a question back, follow-ups keep their procedure, published Q&A answers
are offered, and a question outside the catalogue says so."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tinhso.assistant import conversation
from tinhso.core.models import OrgUnit
from tinhso.reports.models import Question
from tinhso.services.models import Procedure

URL = "/api/v1/assistant/answer"
PASSPORT = "Cấp hộ chiếu phổ thông ở trong nước"


def turn(question: str, context: str = "") -> dict:
    response = Client().get(URL, {"q": question, "context": context})
    assert response.status_code == 200, response.content
    return response.json()


def record_of(name: str) -> Procedure:
    return Procedure.objects.prefetch_related("documents").get(name=name)


@pytest.mark.parametrize(
    "question",
    [
        "làm hộ chiếu mất bao lâu",
        "đăng ký kết hôn cần giấy tờ gì",
        "bằng lái xe máy bị mất thì xin cấp lại thế nào",
        "muon mo tiem thuoc tay can giay phep gi",
        "lệ phí đăng ký tạm trú bao nhiêu",
    ],
)
def test_the_card_is_the_catalogues_record(demo_catalogue, question):
    answer = turn(question)
    assert answer["kind"] == "answer"
    card = answer["procedure"]
    p = record_of(card["name"])
    assert card["code"] == p.code
    assert card["fee"] == p.fee
    assert card["fee_note"] == p.fee_note
    assert card["processing_days"] == p.processing_days
    assert card["fully_online"] == (p.online_level == "full")
    assert card["documents"] == [
        {"name": d.name, "mandatory": d.mandatory} for d in p.documents.all()
    ]
    assert card["submit_url"] == f"/services/p/{p.code}/submit/"


def test_the_sentence_answers_the_fact_asked_from_the_record(demo_catalogue):
    p = record_of(PASSPORT)
    time = turn("làm hộ chiếu mất bao lâu")
    assert time["focus"] == "time"
    assert f"{p.processing_days} ngày làm việc" in time["said"]
    fee = turn("làm hộ chiếu hết bao nhiêu tiền")
    assert fee["focus"] == "fee"
    assert "200.000 đồng" in fee["said"] and p.fee == 200_000
    free = turn("đăng ký khai tử có mất phí không")
    assert free["focus"] == "fee"
    assert "không mất phí" in free["said"]


def test_a_follow_up_is_about_the_procedure_before(demo_catalogue):
    first = turn("tôi muốn đăng ký kết hôn")
    assert first["procedure"]["name"] == "Đăng ký kết hôn"
    days = record_of("Đăng ký kết hôn").processing_days
    follow = turn("thế mất bao lâu?", first["context"])
    assert follow["kind"] == "answer"
    assert follow["procedure"]["name"] == "Đăng ký kết hôn"
    assert follow["focus"] == "time"
    assert f"{days} ngày làm việc" in follow["said"]
    online = turn("có nộp online được không?", follow["context"])
    assert online["procedure"]["name"] == "Đăng ký kết hôn"
    assert online["focus"] == "online"
    # A new topic is a new procedure, not the one before.
    other = turn("còn làm hộ chiếu thì sao", online["context"])
    assert other["procedure"]["name"] == PASSPORT
    # Without the context the same follow-up has nothing to be about.
    assert turn("thế mất bao lâu?")["kind"] == "nothing"


def test_a_tampered_context_is_no_context(demo_catalogue):
    for context in ["'; DROP TABLE x; --|time", "9.99|nonsense", "x" * 100, "|||"]:
        assert turn("thế mất bao lâu?", context)["kind"] == "nothing"


def test_close_candidates_get_a_question_back_and_a_choice_answers(demo_catalogue):
    asked = turn("khai sinh mất bao lâu")
    assert asked["kind"] == "clarify"
    names = [o["name"] for o in asked["options"]]
    assert "Đăng ký khai sinh" in names and len(names) <= 3
    assert asked["procedure"] is None  # nothing chosen for the citizen
    code = next(o["code"] for o in asked["options"] if o["name"] == "Đăng ký khai sinh")
    chosen = turn(code, asked["context"])
    assert chosen["kind"] == "answer"
    assert chosen["procedure"]["name"] == "Đăng ký khai sinh"
    assert chosen["focus"] == "time"  # the question that was asked, answered


def test_a_question_the_words_settle_is_answered_without_asking_back(demo_catalogue):
    # "con" is in the foreign-element registration's list of papers, not in what it is
    # for: the plain registration is the answer, not a choice between the two.
    answered = turn("đăng ký khai sinh cho con")
    assert answered["kind"] == "answer"
    assert answered["procedure"]["name"] == "Đăng ký khai sinh"


def test_outside_the_catalogue_says_so_and_offers_the_qa_form(demo_catalogue):
    answer = turn("giá vàng hôm nay bao nhiêu")
    assert answer["kind"] == "nothing"
    assert answer["procedure"] is None and answer["options"] == []
    assert answer["ask_url"] == "/reports/questions/ask/"
    assert "Chưa tìm thấy thủ tục" in answer["said"]


def publish(title: str, body: str, answer: str) -> Question:
    unit = OrgUnit.objects.filter(parent=None).first()
    return Question.objects.create(
        unit=unit,
        title=title,
        body=body,
        answer=answer,
        status="answered",
        is_published=True,
        answered_at=timezone.now(),
        due_at=timezone.now() + dt.timedelta(days=7),
    )


def test_published_answers_are_a_second_source(demo_catalogue):
    question = publish(
        "Nuôi chó có phải đăng ký với xã không?",
        "Nhà tôi nuôi chó cảnh, có cần đăng ký nuôi chó với xã không?",
        "Chủ nuôi chó phải khai báo với Ủy ban nhân dân cấp xã để được hướng dẫn tiêm phòng dại.",
    )
    answer = turn("nuôi chó có phải đăng ký không")
    assert answer["kind"] == "questions"
    assert answer["questions"] == [
        {
            "id": str(question.public_id),
            "title": question.title,
            "url": f"/reports/questions/{question.public_id}/",
        }
    ]
    # An unpublished answer is nobody's business.
    Question.objects.filter(pk=question.pk).update(is_published=False)
    question.refresh_from_db()
    question.save()  # a save in this process rebuilds the indexes
    assert turn("nuôi chó có phải đăng ký không")["kind"] == "nothing"


def test_the_follow_up_detection():
    assert conversation.asked_fact("thế mất bao lâu?") == "time"
    assert conversation.asked_fact("hồ sơ cần những gì") == "documents"
    assert conversation.asked_fact("nop o dau") == "where"
    assert conversation.asked_fact("lam ho chieu") == ""
    assert not conversation.has_topic("thế thì mất bao nhiêu tiền ạ?")
    assert not conversation.has_topic("có nộp online được không")
    assert conversation.has_topic("hộ chiếu mất bao lâu")
    assert conversation.has_topic("còn đăng ký kết hôn thì sao")
