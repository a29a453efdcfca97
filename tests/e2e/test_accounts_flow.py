"""A citizen signs up with the SMS code, signs in, switches language;
an official signs in with a TOTP code and reaches the console."""

import re

import pytest

from tests.conftest import PASSWORD, enrol_totp, totp_token
from tests.e2e.conftest import shot
from tinhso.core import sms

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_citizen_signs_up_signs_in_and_switches_language(live_server, phone_page):
    page = phone_page
    page.goto(live_server.url + "/")
    shot(page, "home-vi")
    page.get_by_role("link", name="Tạo tài khoản").click()
    page.get_by_label("Họ và tên").fill("Phan Thị Hoa")
    page.get_by_label("Số điện thoại di động").fill("0934 567 890")
    page.get_by_label("Thư điện tử (không bắt buộc)").fill("hoa@example.vn")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill("hoa-sen-nở-mùa-hạ-9")
    page.get_by_label("Nhập lại mật khẩu").fill("khác")
    page.get_by_label(re.compile("Tôi đồng ý")).check()
    page.get_by_role("button", name="Đăng ký và nhận mã").click()
    # A hurried typo: the form says what is wrong and keeps what was typed.
    # The summary at the top holds the focus and links to the field to fix.
    problem = page.get_by_role("link", name="Nhập lại mật khẩu: Hai mật khẩu không khớp.")
    problem.wait_for()
    assert page.evaluate("document.activeElement.dataset.errorSummary") == ""
    problem.click()
    assert page.evaluate("document.activeElement.id") == "id_password2"
    assert page.get_by_label("Họ và tên").input_value() == "Phan Thị Hoa"
    shot(page, "signup-error-vi")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill("hoa-sen-nở-mùa-hạ-9")
    page.get_by_label("Nhập lại mật khẩu").fill("hoa-sen-nở-mùa-hạ-9")
    page.get_by_label(re.compile("Tôi đồng ý")).check()
    page.get_by_role("button", name="Đăng ký và nhận mã").click()

    page.get_by_role("heading", name="Nhập mã xác minh").wait_for()
    assert sms.outbox[-1].to == "+84934567890"
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1].text).group(1)
    shot(page, "verify-vi")
    page.get_by_label("Mã xác minh (6 chữ số)").fill(code)
    page.get_by_role("button", name="Xác minh").click()
    page.get_by_text("Tài khoản đã sẵn sàng").wait_for()

    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Đăng nhập"
    ).click()
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill("0934567890")
    page.get_by_label("Mật khẩu").fill("hoa-sen-nở-mùa-hạ-9")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("heading", name="Xin chào, Hoa").wait_for()

    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("heading", name="Hello, Hoa").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Inbox").click()
    page.get_by_role("heading", name="Inbox").wait_for()
    # Messages keep the language they were sent in (she signed up in Vietnamese).
    page.get_by_text("Chào mừng bạn đến với Tỉnh số").wait_for()
    shot(page, "inbox-en")


def test_an_official_signs_in_with_totp(live_server, phone_page, receptionist):
    device = enrol_totp(receptionist)
    page = phone_page
    page.goto(live_server.url + "/console/")
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill("0901 000 101")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("heading", name="Nhập mã xác thực").wait_for()
    page.get_by_label("Mã 6 số trong ứng dụng xác thực").fill("000000")
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_text("Mã xác thực không đúng", exact=False).first.wait_for()
    shot(page, "mfa-error-vi")
    page.wait_for_timeout(1100)  # django-otp's throttle after a wrong code
    page.get_by_label("Mã 6 số trong ứng dụng xác thực").fill(totp_token(device))
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_role("heading", name="Bàn làm việc").wait_for()
    assert page.url.endswith("/console/")
    assert page.get_by_text("Một cửa phường An").is_visible()
    shot(page, "console-vi")
