"""A citizen reports a broken street light with a photo whose GPS places it on the
map; the commune's official accepts it and resolves it with a result photo; the
citizen sees the result and rates the handling. Phone width throughout."""

import re

import pytest
from PIL import Image

from tests.e2e.conftest import official_page, shot
from tests.e2e.test_dossier_flow import assert_fits_the_phone, sign_in
from tests.reports.conftest import BINH_AN, jpeg
from tinhso.reports.choices import ReportStatus as R
from tinhso.reports.models import Report

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_report_from_the_phone_to_the_rating(
    live_server, phone_page, browser, citizen, binh_an_staff, tmp_path
):
    base = live_server.url
    page = phone_page
    photo = tmp_path / "den-hong.jpg"
    photo.write_bytes(jpeg(gps=BINH_AN).read())
    result = tmp_path / "da-sua.jpg"
    result.write_bytes(jpeg(size=(640, 480)).read())

    sign_in(page, base, "0912000101")
    page.goto(base + "/reports/")
    page.get_by_role("link", name="Gửi phản ánh").first.click()
    page.get_by_label("Loại sự việc").select_option(label="Đèn đường hỏng, không sáng")
    page.get_by_label("Số hiệu cột đèn (nếu thấy)").fill("C-12")  # the category's attribute
    page.get_by_label("Ảnh (tối đa 5 ảnh)").set_input_files(str(photo))
    # The photo's GPS is offered; taking it puts the marker on the map.
    page.get_by_role("button", name="Dùng vị trí chụp ảnh").click()
    page.get_by_text("Đã chọn vị trí.").wait_for()
    assert page.locator("#report-map .leaflet-marker-icon").count() == 1
    assert abs(float(page.input_value("input[name=lat]")) - BINH_AN[0]) < 1e-3
    page.get_by_label("Địa chỉ, mô tả nơi xảy ra").fill("Trước số 12 Lê Lợi")
    # Spaces pass the browser's check but not the server's: the refusal keeps the photo.
    page.get_by_label("Nội dung phản ánh").fill("   ")
    page.get_by_role("button", name="Gửi phản ánh").click()
    page.get_by_text("Trường này là bắt buộc.").first.wait_for()
    kept = page.get_by_role("checkbox", name="den-hong.jpg")
    assert kept.is_checked() and not Report.objects.exists()
    page.get_by_label("Nội dung phản ánh").fill("Đèn đường không sáng ba đêm nay.")
    assert_fits_the_phone(page)
    shot(page, "report-form-filled")
    page.get_by_role("button", name="Gửi phản ánh").click()
    page.get_by_text("Đã gửi phản ánh. Đơn vị xử lý: Ủy ban nhân dân phường Bình An.").wait_for()
    report = Report.objects.get()
    assert report.attributes == {"pole_number": "C-12"} and report.photos.count() == 1
    assert not Image.open(report.photos.get().image.open("rb")).getexif()
    page.get_by_text("Số hiệu cột đèn (nếu thấy)").wait_for()  # the question, not its code
    shot(page, "report-sent")

    # The commune's official, signed in with TOTP, accepts and resolves it.
    desk = official_page(browser, base, binh_an_staff["handler"])
    desk.goto(base + "/console/reports/")
    desk.get_by_role("link", name="Đèn đường hỏng, không sáng").click()
    desk.get_by_role("button", name="Tiếp nhận").click()
    desk.get_by_text("Đã cập nhật phản ánh.").wait_for()
    desk.get_by_label("Kết quả xử lý (công khai)").fill("Đã thay bóng đèn mới.")
    desk.get_by_label("Ảnh kết quả").set_input_files(str(result))
    desk.get_by_role("button", name="Báo đã xử lý xong").click()
    desk.get_by_text("Đã cập nhật phản ánh.").wait_for()
    assert_fits_the_phone(desk)
    shot(desk, "report-desk-resolved")
    desk.context.close()
    report.refresh_from_db()
    assert report.status == R.RESOLVED and report.photos.filter(kind="result").count() == 1

    # The citizen sees the result and the timeline, and rates.
    page.goto(f"{base}/reports/{report.public_id}/")
    page.get_by_text("Đã thay bóng đèn mới.").wait_for()
    assert page.get_by_role("img", name="Ảnh kết quả 1").is_visible()
    page.get_by_label("5").check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.get_by_text("Cảm ơn bạn đã đánh giá.").wait_for()
    assert_fits_the_phone(page)
    shot(page, "report-rated")
    report.refresh_from_db()
    assert report.rating == 5


def test_a_question_by_field_reaches_the_unit_that_answers(
    live_server, phone_page, citizen, province
):
    """Issue 14: "Hộ tịch" under "Theo lĩnh vực" was offered, then refused."""
    from tinhso.services.demo import load_catalogue

    load_catalogue(lambda *_: None)
    page = phone_page
    sign_in(page, live_server.url, "0912000101")
    page.goto(live_server.url + "/reports/questions/ask/")
    page.get_by_label("Lĩnh vực").select_option(label="Hộ tịch")
    page.get_by_label("Tiêu đề").fill("Đăng ký khai sinh cho con ở đâu?")
    page.get_by_role("textbox", name="Câu hỏi").fill("Con tôi sinh ở tỉnh khác, tôi đăng ký ở đâu?")
    page.get_by_role("button", name="Gửi câu hỏi").click()
    page.get_by_text(re.compile(r"Đã gửi câu hỏi tới .+\. Hạn trả lời:")).wait_for()
    assert_fits_the_phone(page)
