"""A council session on a tablet (landscape 1280 × 800): a delegate scans a document's
QR code, signs in, reads page 5 and writes a note on it, checks in, asks to speak and
votes; the room's screen follows without being reloaded; an outsider guessing a
confidential document's address gets nothing."""

import pytest

from tests.conftest import PASSWORD, enrol_totp, totp_token
from tests.e2e.conftest import official_page, shot
from tests.meetings.conftest import in_session
from tinhso.meetings import room, voting
from tinhso.meetings.models import PageNote, SpeakingRequest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 1280, "height": 800}


def tablet_sign_in(browser, base, person, start):
    """Scan → the sign-in page → password and code → back where the code pointed."""
    device = person.totpdevice_set.first() or enrol_totp(person)
    context = browser.new_context(viewport=TABLET, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base + start)
    page.get_by_label("Số điện thoại hoặc thư điện tử").fill(person.phone)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_label("Mã 6 số trong ứng dụng xác thực").fill(totp_token(device))
    page.get_by_role("button", name="Tiếp tục").click()
    return page


def test_a_delegate_reads_notes_speaks_and_votes_and_the_screen_follows(
    live_server, browser, council
):
    base = live_server.url
    meeting = in_session(council, present=2)  # the third delegate checks in at the door
    document = meeting.documents.get()
    delegate = council["delegates"][2]
    chair = council["chair"]

    # The projector, run by the secretary; marked so that a reload would show.
    screen = official_page(browser, base, council["secretary"])
    screen.set_viewport_size(TABLET)
    screen.goto(f"{base}/meetings/{meeting.pk}/screen/")
    screen.evaluate("window.notReloaded = true")

    tablet = tablet_sign_in(browser, base, delegate, f"/meetings/m/{document.code}/")
    tablet.get_by_role("heading", name="Dự thảo nghị quyết kế hoạch 2027").wait_for()
    page5 = tablet.locator("#page-5")
    page5.scroll_into_view_if_needed()
    page5.locator("img").evaluate("img => img.decode()")
    assert page5.locator("img").evaluate("img => img.naturalWidth") > 500
    page5.get_by_text("Ghi chú riêng trên trang này").click()
    page5.get_by_label("Ghi chú riêng của tôi").fill("Hỏi lại nguồn vốn ở trang 5")
    page5.get_by_role("button", name="Lưu ghi chú").click()
    tablet.locator("#page-5").get_by_text("Hỏi lại nguồn vốn ở trang 5").wait_for()
    assert PageNote.objects.get(author=delegate).page == 5
    shot(tablet, "meeting-reader-page-5")

    tablet.goto(f"{base}/meetings/{meeting.pk}/")
    tablet.get_by_role("button", name="Điểm danh: tôi đã có mặt").click()
    tablet.get_by_role("button", name="Xin phát biểu").click()
    tablet.get_by_role("button", name="Rút đăng ký").wait_for()

    speech = SpeakingRequest.objects.get(participant__user=delegate)
    room.do_give_floor(meeting, speech.pk, acting_user=chair)
    screen.locator(".speaker").get_by_text(delegate.full_name).wait_for()

    vote = voting.do_prepare_vote(
        meeting, question="Thông qua Nghị quyết kế hoạch năm 2027", acting_user=chair
    )
    voting.do_open_vote(vote, acting_user=chair)
    # The tablet's panel shows the ballot by itself, within a second or two.
    tablet.get_by_role("button", name="Tán thành", exact=True).click()
    tablet.get_by_text("Bạn đã biểu quyết.").wait_for()
    for person in (chair, council["delegates"][0], council["delegates"][1]):
        voting.do_cast(vote, choice="yes", acting_user=person)
    screen.locator(".tally").get_by_text("4", exact=True).wait_for()
    voting.do_close_vote(vote, acting_user=chair)
    screen.get_by_text("Kết quả: THÔNG QUA").wait_for()
    assert screen.evaluate("window.notReloaded") is True
    shot(screen, "meeting-room-screen")
    shot(tablet, "meeting-tablet-voted")
    tablet.context.close()
    screen.context.close()


def test_an_outsider_cannot_open_a_confidential_document_by_its_address(
    live_server, browser, council
):
    base = live_server.url
    meeting = in_session(council, confidential=True)
    document = meeting.documents.get()
    page = official_page(browser, base, council["outsider"])
    for path in (
        f"/meetings/documents/{document.pk}/",
        f"/meetings/documents/{document.pk}/pages/1.png",
        f"/meetings/m/{document.code}/",
        f"/meetings/{meeting.pk}/screen/",
    ):
        response = page.goto(base + path)
        assert response is not None and response.status == 404, path
        assert "Dự thảo nghị quyết" not in page.content()
    page.context.close()
