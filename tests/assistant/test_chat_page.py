"""The chat page (works without JavaScript; htmx adds one turn at a time), the question
log without personal data, and the catalogue team's page of unanswered questions."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import grant, make_user, official_client
from tinhso.accounts.choices import Role, UserKind
from tinhso.assistant.models import AskedQuestion, Phrasing
from tinhso.core.models import AuditEntry, OrgUnit
from tinhso.services.models import Procedure

CHAT = "/assistant/"
DESK = "/console/assistant/"


def test_a_question_without_javascript_shows_the_card_and_the_button(demo_catalogue):
    client = Client()
    response = client.post(CHAT, {"q": "làm hộ chiếu mất bao lâu"})
    assert response.status_code == 302 and response["Location"].endswith("#turn-1")
    page = client.get(CHAT).content.decode()
    p = Procedure.objects.get(name="Cấp hộ chiếu phổ thông ở trong nước")
    assert "làm hộ chiếu mất bao lâu" in page
    assert f"{p.processing_days} ngày làm việc" in page
    assert "200.000 đồng" in page
    assert f'href="/services/p/{p.code}/submit/"' in page
    assert "Nộp hồ sơ trực tuyến" in page
    assert f'data-read-audio="/services/p/{p.code}/speech/"' in page


def test_with_htmx_one_turn_comes_back_and_the_conversation_continues(demo_catalogue):
    client = Client()
    htmx = {"HTTP_HX_REQUEST": "true"}
    first = client.post(CHAT, {"q": "đăng ký kết hôn"}, **htmx)
    assert first.status_code == 200
    assert 'id="turn-1"' in first.content.decode()
    assert "<html" not in first.content.decode()
    follow = client.post(CHAT, {"q": "thế mất bao lâu?"}, **htmx).content.decode()
    assert 'id="turn-2"' in follow and "Đăng ký kết hôn" in follow
    assert "ngày làm việc" in follow


def test_the_clarifying_buttons_choose_a_procedure(demo_catalogue):
    client = Client()
    client.post(CHAT, {"q": "khai sinh mất bao lâu"})
    page = client.get(CHAT).content.decode()
    assert 'name="choose"' in page
    code = Procedure.objects.get(name="Đăng ký khai sinh").code
    client.post(CHAT, {"choose": code})
    turns = client.session["assistant_turns"]
    assert turns[-1]["q"] == "Đăng ký khai sinh"  # the name, not the code, as said
    assert turns[-1]["procedure"]["code"] == code
    # A code that was not offered is refused, and nothing is added.
    response = client.post(CHAT, {"choose": code})
    assert response.status_code == 302
    assert len(client.session["assistant_turns"]) == 2
    assert AskedQuestion.objects.count() == 1  # the choice is not a new question


@pytest.mark.parametrize("question", ["", "   ", "x" * 501])
def test_an_empty_or_long_question_is_refused_with_a_message(demo_catalogue, question):
    client = Client()
    response = client.post(CHAT, {"q": question}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "câu hỏi" in response.content.decode().lower()
    assert "assistant_turns" not in client.session
    assert AskedQuestion.objects.count() == 0


def test_starting_over_forgets_the_conversation(demo_catalogue):
    client = Client()
    client.post(CHAT, {"q": "đăng ký kết hôn"})
    client.post("/assistant/forget/")
    assert "assistant_turns" not in client.session
    assert "Xin chào" in client.get(CHAT).content.decode()


def test_the_log_keeps_questions_without_personal_data(demo_catalogue):
    Client().post(
        CHAT, {"q": "Tôi là Nguyễn Văn An, số 0912 345 678, muốn làm lại CCCD 079123456789"}
    )
    logged = AskedQuestion.objects.get()
    assert "Nguyễn" not in logged.text and "0912" not in logged.text
    assert "079123456789" not in logged.text
    assert "làm lại CCCD" in logged.text
    assert logged.channel == "chat"


@pytest.fixture
def catalogue_team(demo_catalogue):
    root = OrgUnit.objects.filter(parent=None).first()
    return grant(make_user("+84901000901", "Đội Danh Mục"), root, Role.SYSTEM_ADMIN)


def test_the_team_sees_the_most_asked_unanswered_questions_and_adds_a_phrasing(catalogue_team):
    for _ in range(3):
        Client().get("/api/v1/assistant/answer", {"q": "làm giấy hát cho tiệm"})
    Client().get("/api/v1/assistant/answer", {"q": "giá vàng hôm nay"})
    client = official_client(catalogue_team)
    page = client.get(DESK).content.decode()
    assert page.index("làm giấy hát cho tiệm") < page.index("giá vàng hôm nay")
    assert "3 lần" in page
    response = client.post(
        "/console/assistant/phrasings/", {"said": "giấy hát", "means": "dịch vụ karaoke"}
    )
    assert response.status_code == 302
    assert Phrasing.objects.filter(said="giấy hát", means="dịch vụ karaoke").exists()
    assert AuditEntry.objects.filter(action="assistant.phrasing_added").count() == 1
    page = client.get(DESK).content.decode()
    assert "làm giấy hát" not in page  # dealt with
    answer = Client().get("/api/v1/assistant/answer", {"q": "làm giấy hát cho tiệm"}).json()
    assert answer["procedure"]["name"] == "Cấp giấy phép kinh doanh dịch vụ karaoke"
    # The same phrasing twice, or an empty one: a message, nothing changed.
    client.post("/console/assistant/phrasings/", {"said": "giấy hát", "means": "x y"})
    client.post("/console/assistant/phrasings/", {"said": " ", "means": "karaoke"})
    assert Phrasing.objects.count() == 1


def test_the_team_sets_aside_a_question_that_needs_no_phrasing(catalogue_team):
    Client().get("/api/v1/assistant/answer", {"q": "giá vàng hôm nay"})
    client = official_client(catalogue_team)
    folded = AskedQuestion.objects.get().folded
    client.post("/console/assistant/set-aside/", {"folded": folded})
    assert AskedQuestion.objects.get().dealt_with
    assert AuditEntry.objects.filter(action="assistant.question_set_aside").count() == 1
    assert "giá vàng" not in client.get(DESK).content.decode()


def test_only_the_catalogue_team_sees_the_log(demo_catalogue):
    root = OrgUnit.objects.filter(parent=None).first()
    Client().get("/api/v1/assistant/answer", {"q": "giá vàng hôm nay"})
    unit_admin = grant(make_user("+84901000902", "Quản Trị Đơn Vị"), root, Role.UNIT_ADMIN)
    citizen = make_user("+84912000902", "Người Dân", UserKind.CITIZEN)
    for user in (unit_admin, citizen):
        client = official_client(user)
        assert client.get(DESK).status_code == 403
        assert (
            client.post(
                "/console/assistant/phrasings/", {"said": "a b", "means": "c d"}
            ).status_code
            == 403
        )
        assert (
            client.post("/console/assistant/set-aside/", {"folded": "gia vang hom nay"}).status_code
            == 403
        )
    assert Client().get(DESK).status_code == 302  # to sign in
    assert not Phrasing.objects.exists()
    assert not AskedQuestion.objects.filter(dealt_with=True).exists()


def test_a_procedure_is_read_aloud_by_the_server(demo_catalogue, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    p = Procedure.objects.get(name="Đăng ký kết hôn")
    response = Client().get(f"/services/p/{p.code}/speech/")
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert response.content[:4] == b"RIFF" and len(response.content) > 10_000
    assert Client().get("/services/p/9.999999.000.00.00.H99/speech/").status_code == 404


def test_read_aloud_that_cannot_speak_says_so(demo_catalogue, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.TTS_BACKEND = "tinhso.core.tts.backends.HttpTtsBackend"
    settings.TTS_HTTP_URL = ""  # a vendor not configured
    p = Procedure.objects.get(name="Đăng ký kết hôn")
    response = Client().get(f"/services/p/{p.code}/speech/")
    assert response.status_code == 503
    assert "Chưa đọc to được" in response.content.decode()


def test_the_procedure_page_offers_read_aloud(demo_catalogue):
    p = Procedure.objects.get(name="Đăng ký kết hôn")
    page = Client().get(f"/services/p/{p.code}/").content.decode()
    assert 'data-read-aloud="#procedure-text"' in page
    assert f'data-read-audio="/services/p/{p.code}/speech/"' in page


def test_a_script_asking_in_a_loop_does_not_fill_the_log(demo_catalogue, settings):
    settings.ASSISTANT_LOG_PER_HOUR = 3
    client = Client()
    for _ in range(5):
        answer = client.get("/api/v1/assistant/answer", {"q": "đăng ký kết hôn"})
        assert answer.json()["procedure"]["name"] == "Đăng ký kết hôn"  # still answered
    assert AskedQuestion.objects.count() == 3


def test_the_team_sees_the_questions_that_had_to_be_asked_back(catalogue_team):
    Client().get("/api/v1/assistant/answer", {"q": "khai sinh mất bao lâu"})
    page = official_client(catalogue_team).get(DESK).content.decode()
    asked_back = page.index("phải hỏi lại để chọn thủ tục")
    assert page.index("khai sinh mất bao lâu") > asked_back
