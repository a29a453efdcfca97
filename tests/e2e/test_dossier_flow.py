"""A citizen submits a dossier with a document; the receptionist receives it;
the specialist and the approver process it; the receptionist hands over the
result; the citizen sees it and rates the service. Phone width throughout."""

import re

import pytest

from tests.conftest import PASSWORD, totp_token
from tests.e2e.conftest import official_page, shot
from tests.services.conftest import PDF
from tinhso.core.signing import verify_pdf
from tinhso.services.models import Dossier

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, phone, device=None):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill(phone)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    if device is not None:
        page.get_by_label("Mã 6 số trong ứng dụng xác thực").fill(totp_token(device))
        page.get_by_role("button", name="Tiếp tục").click()
        page.get_by_role("heading", name="Bàn làm việc").wait_for()


def assert_fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def official_does(browser, base, person, code, buttons, step):
    """One official signs in (with TOTP) and presses each button on the dossier page."""
    page = official_page(browser, base, person, steps_ahead=step)
    page.goto(f"{base}/console/dossiers/{code}/")
    for name in buttons:
        if name == "Hoàn thành xử lý":  # signed and sent only once previewed
            page.get_by_label("Tôi đã xem trước kết quả").check()
        page.get_by_role("button", name=name, exact=True).click()
        page.get_by_text(f"Đã thực hiện: {name}.").wait_for()
    assert_fits_the_phone(page)
    shot(page, f"desk-after-{buttons[-1]}")
    page.context.close()


def test_a_dossier_from_submission_to_rating(
    live_server, phone_page, browser, citizen, birth_registration, ward_staff, places, tmp_path
):
    base = live_server.url
    page = phone_page
    sign_in(page, base, "0912000101")
    page.goto(base + "/services/")
    page.get_by_label("Tìm thủ tục (có thể gõ không dấu)").fill("khai sinh")
    page.get_by_role("link", name="Đăng ký khai sinh").click()
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    # In English the form asks to "Submit" (an action), never "Submitted" (a state).
    page.context.add_cookies([{"name": "tinhso_language", "value": "en", "url": base}])
    page.reload()
    assert page.get_by_role("button", name="Submit dossier", exact=True).count() == 1
    assert "Submitted" not in page.locator("h1").inner_text() + page.title()
    page.context.add_cookies([{"name": "tinhso_language", "value": "vi", "url": base}])
    page.reload()
    page.get_by_label("Nộp tại").select_option(label="UBND phường An")
    page.get_by_label("Địa chỉ liên hệ").fill("12 Lê Lợi, phường An")
    page.get_by_label("Họ tên trẻ").fill("Nguyễn Minh Khang")
    page.get_by_label("Ngày sinh").fill("2026-11-01")
    page.get_by_label("Giới tính").select_option("Nam")
    scan = tmp_path / "giay-chung-sinh.pdf"
    scan.write_bytes(PDF)
    page.get_by_label("Giấy chứng sinh").set_input_files(str(scan))
    assert_fits_the_phone(page)
    shot(page, "submit-filled")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.get_by_text(re.compile(r"Đã nộp hồ sơ 000\.01\.00\.H01-")).wait_for()
    code = Dossier.objects.get().code
    assert_fits_the_phone(page)
    shot(page, "my-dossier-new")

    official_does(
        browser,
        live_server.url,
        ward_staff["receptionist"],
        code,
        ["Tiếp nhận", "Chuyển bước tiếp theo"],
        step=0,
    )
    official_does(
        browser,
        live_server.url,
        ward_staff["specialist"],
        code,
        ["Nhận xử lý", "Chuyển bước tiếp theo"],
        step=0,
    )
    official_does(
        browser, live_server.url, ward_staff["approver"], code, ["Hoàn thành xử lý"], step=0
    )
    official_does(
        browser, live_server.url, ward_staff["receptionist"], code, ["Trả kết quả"], step=1
    )

    page.goto(f"{base}/services/my/{code}/")
    page.get_by_text("Đã nhận kết quả").first.wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"ket-qua-{code}.pdf").click()
    data = open(download_info.value.path(), "rb").read()  # noqa: SIM115
    result = verify_pdf(data)
    assert result.valid and "UBND phường An" in result.signer
    # The result comes before the survey on the citizen's page.
    result_link = page.get_by_role("link", name=f"ket-qua-{code}.pdf").bounding_box()
    survey = page.get_by_label("Rất hài lòng").bounding_box()
    assert result_link["y"] < survey["y"]
    # A copy with one byte changed gets one verdict, at the top: not the original.
    tampered = tmp_path / "ban-sua.pdf"
    position = data.index(b"/Producer")
    tampered.write_bytes(data[:position] + bytes([data[position] ^ 1]) + data[position + 1 :])
    token = Dossier.objects.get().documents.get(kind="result").verify_token
    checker = page.context.new_page()
    checker.goto(f"{base}/verify/{token}/")
    checker.get_by_label("Tệp PDF").set_input_files(str(tampered))
    checker.get_by_role("button", name="Kiểm tra").click()
    checker.get_by_text("Bản của bạn KHÔNG phải bản gốc").wait_for()
    assert checker.locator(".verdict").count() == 1
    assert_fits_the_phone(checker)
    checker.close()
    page.get_by_label("Rất hài lòng").check()
    page.get_by_label("Góp ý (không bắt buộc)").fill("Nhanh, cán bộ tận tình.")
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.get_by_text("Cảm ơn bạn đã đánh giá.").wait_for()
    shot(page, "my-dossier-rated")
    dossier = Dossier.objects.get()
    assert dossier.rating == 5 and dossier.status == 10
