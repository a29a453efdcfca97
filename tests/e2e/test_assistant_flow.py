"""A citizen asks the procedure assistant on a phone: from the home page's box, with a
follow-up and a choice between close procedures, by voice where the browser hears,
read aloud, in large text."""

import pytest

from tests.e2e.conftest import shot
from tinhso.services.models import Procedure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A browser that hears: its recogniser "hears" a fixed sentence when started.
HEARS = """
window.SpeechRecognition = class {
  start() {
    this.onstart && this.onstart();
    setTimeout(() => {
      this.onresult && this.onresult({results: [[{transcript: "đăng ký kết hôn cần giấy tờ gì"}]]});
      this.onend && this.onend();
    }, 50);
  }
};
"""
# A browser that neither hears nor speaks Vietnamese.
DEAF = """
delete window.SpeechRecognition; delete window.webkitSpeechRecognition;
Object.defineProperty(window, "webkitSpeechRecognition", {value: undefined});
"""


def test_a_citizen_asks_follows_up_and_chooses(live_server, phone_page, demo_catalogue):
    page = phone_page
    page.goto(live_server.url + "/")
    page.get_by_label("Bạn cần làm thủ tục gì? Hỏi trợ lý thủ tục").fill("làm hộ chiếu mất bao lâu")
    page.get_by_role("button", name="Hỏi", exact=True).click()
    passport = Procedure.objects.get(name="Cấp hộ chiếu phổ thông ở trong nước")
    page.get_by_text(f"trong {passport.processing_days} ngày làm việc").first.wait_for()
    assert page.get_by_role("link", name="Nộp hồ sơ trực tuyến").get_attribute("href") == (
        f"/services/p/{passport.code}/submit/"
    )
    shot(page, "assistant-answer-vi")

    # The next question comes back in place (htmx): the page is not reloaded.
    page.evaluate("window.stillHere = true")
    page.get_by_label("Câu hỏi của bạn").fill("có nộp online được không")
    page.get_by_role("button", name="Hỏi", exact=True).click()
    page.locator("#turn-2").get_by_text("toàn trình").first.wait_for()
    assert page.evaluate("window.stillHere") is True
    assert page.get_by_label("Câu hỏi của bạn").input_value() == ""

    page.get_by_label("Câu hỏi của bạn").fill("khai sinh mất bao lâu")
    page.get_by_role("button", name="Hỏi", exact=True).click()
    page.locator("#turn-3").get_by_text("Bạn cần thủ tục nào?").wait_for()
    shot(page, "assistant-clarify-vi")
    page.locator("#turn-3").get_by_role("button", name="Đăng ký khai sinh", exact=True).click()
    birth = Procedure.objects.get(name="Đăng ký khai sinh")
    page.locator("#turn-4").get_by_text(f"trong {birth.processing_days} ngày làm việc").wait_for()


def test_voice_input_where_the_browser_hears(live_server, browser, demo_catalogue):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    context.add_init_script(HEARS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/assistant/")
    page.get_by_role("button", name="Nói câu hỏi").click()
    page.locator("#turn-1").get_by_role("link", name="Đăng ký kết hôn").wait_for()
    assert not page.locator("[data-voice-fallback]").is_visible()
    context.close()


def test_without_voice_the_page_says_so_and_reads_aloud_from_the_server(
    live_server, browser, demo_catalogue
):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    context.add_init_script(DEAF)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/assistant/")
    assert not page.get_by_role("button", name="Nói câu hỏi").is_visible()
    page.get_by_text("Trình duyệt này không nhận được giọng nói").wait_for()
    page.get_by_label("Câu hỏi của bạn").fill("đăng ký kết hôn")
    page.get_by_role("button", name="Hỏi", exact=True).click()
    page.locator("#turn-1").get_by_role("link", name="Đăng ký kết hôn").wait_for()
    code = Procedure.objects.get(name="Đăng ký kết hôn").code
    # Headless Chromium has no Vietnamese voice: the server's recording is fetched.
    with page.expect_response(f"**/services/p/{code}/speech/") as response:
        page.get_by_role("button", name="Đọc to").click()
    assert response.value.status == 200
    assert response.value.headers["content-type"] == "audio/wav"

    page.get_by_role("button", name="Chữ lớn").click()
    assert page.evaluate("document.documentElement.classList.contains('large-text')")
    page.reload()
    assert page.evaluate("document.documentElement.classList.contains('large-text')")
    shot(page, "assistant-large-text-vi")
    context.close()
