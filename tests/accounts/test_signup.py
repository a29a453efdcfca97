import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD
from tinhso.accounts.models import PendingSignup, PhoneVerification, User
from tinhso.core import sms
from tinhso.core.models import AuditEntry

# Real commits, so that the SMS is sent after commit exactly as in production.
pytestmark = pytest.mark.django_db(transaction=True)

GOOD = {
    "full_name": "Trần Văn Bình",
    "phone": "0987 654 321",
    "email": "binh@example.vn",
    "citizen_id": "079090001234",
    "kind": "citizen",
    "password1": "mưa-bụi-tháng-ba-42",
    "password2": "mưa-bụi-tháng-ba-42",
    "consent": "on",
}


def sign_up(client, **changes):
    return client.post("/accounts/signup/", {**GOOD, **changes})


def last_code() -> str:
    return sms.outbox[-1].text.split(" la ")[1].split(",")[0]


def test_a_citizen_signs_up_with_an_sms_code(client):
    response = sign_up(client)
    assert response.status_code == 302 and response["Location"] == "/accounts/signup/verify/"
    assert not User.objects.exists()  # no account until the code is entered
    assert sms.outbox[-1].to == "+84987654321"
    response = client.post("/accounts/signup/verify/", {"code": last_code()})
    assert response.status_code == 302
    user = User.objects.get(phone="+84987654321")
    assert user.is_active and user.phone_verified_at
    assert (user.full_name, user.email, user.citizen_id) == (
        "Trần Văn Bình",
        "binh@example.vn",
        "079090001234",
    )
    assert not PendingSignup.objects.exists()
    assert client.get("/my/").status_code == 200
    assert AuditEntry.objects.filter(
        action="account.phone_verified", object_id=str(user.pk)
    ).exists()
    assert user.password.startswith("md5$")  # hashed (argon2 outside tests), never plain
    # The welcome in the inbox says what to do next and links there.
    welcome = user.notifications.get(template="welcome")
    assert welcome.link == "/" and "Bắt đầu" in welcome.body


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"phone": "12345"}, "phone", "Số điện thoại di động không hợp lệ"),
        ({"phone": ""}, "phone", "Trường này là bắt buộc"),
        ({"citizen_id": "12345"}, "citizen_id", "đúng 12 chữ số"),
        ({"citizen_id": "999090001234"}, "citizen_id", "mã tỉnh"),
        ({"citizen_id": "079390001234"}, "citizen_id", "năm sinh"),
        ({"password1": "12345678", "password2": "12345678"}, "password1", ""),
        ({"password1": "Matkhau@123", "password2": "Matkhau@123"}, "password1", ""),
        ({"password2": "khác-hẳn-mật-khẩu-1"}, "password2", "không khớp"),
        ({"consent": ""}, "consent", "Cần đồng ý"),
        ({"full_name": "<script>alert(1)</script>"}, "full_name", "chỉ gồm chữ cái"),
        ({"full_name": "A" * 151}, "full_name", "150"),
        ({"email": "not-an-email"}, "email", ""),
        ({"kind": "official"}, "kind", ""),
    ],
)
def test_bad_sign_up_input_gets_a_clear_message_and_creates_nothing(
    client, changes, field, message
):
    response = sign_up(client, **changes)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    # The page opens with a summary of what to fix, each item linked to its field.
    page = response.content.decode()
    assert "data-error-summary" in page and "Chưa gửi được. Hãy sửa những chỗ sau:" in page
    assert f'href="#{form[field].id_for_label}"' in page
    assert not User.objects.exists()
    assert sms.outbox == []


def test_a_weak_password_is_refused_with_the_reason(client):
    response = sign_up(client, password1="binh1234", password2="binh1234")
    errors = " ".join(response.context["form"].errors["password1"])
    assert "quá ngắn" in errors or "ít nhất" in errors


def test_a_second_sign_up_for_the_number_cannot_take_the_first_over():
    """Finding 3: the attacker signs up the victim's number while the victim waits."""
    victim, attacker = Client(), Client()
    sign_up(victim)
    victims_code = last_code()
    response = sign_up(
        attacker,
        full_name="Kẻ Gian",
        email="attacker@example.vn",
        citizen_id="",
        password1="mật-khẩu-của-kẻ-gian-9",
        password2="mật-khẩu-của-kẻ-gian-9",
    )
    assert response.status_code == 302
    assert len(sms.outbox) == 1  # the attacker's sign-up sent no second code
    response = victim.post("/accounts/signup/verify/", {"code": victims_code})
    assert response.status_code == 302
    user = User.objects.get(phone="+84987654321")
    assert (user.full_name, user.email) == ("Trần Văn Bình", "binh@example.vn")
    assert user.check_password("mưa-bụi-tháng-ba-42")
    assert not user.check_password("mật-khẩu-của-kẻ-gian-9")
    # The attacker's pending sign-up is gone and its page opens nothing.
    response = attacker.post("/accounts/signup/verify/", {"code": victims_code})
    assert response.status_code == 302 and response["Location"] == "/accounts/signup/"
    assert User.objects.count() == 1


def test_a_code_opens_only_the_sign_up_it_was_sent_for():
    victim, attacker = Client(), Client()
    sign_up(attacker, password1="mật-khẩu-của-kẻ-gian-9", password2="mật-khẩu-của-kẻ-gian-9")
    attackers_code = last_code()
    sign_up(victim)
    response = victim.post("/accounts/signup/verify/", {"code": attackers_code})
    assert "không đúng" in response.content.decode()
    assert not User.objects.exists()


def test_a_registered_number_gets_the_same_answer_and_its_owner_an_sms(citizen):
    """Finding 17: the form does not tell who is registered."""
    fresh = sign_up(Client(), phone="0987 000 111")
    taken_client = Client()
    taken = sign_up(taken_client, phone="0912000101", email="", citizen_id="")
    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    page = taken_client.get("/accounts/signup/verify/").content.decode()
    assert "0912 000 101" in page and "đã gửi mã" in page
    notice = sms.outbox[-1]
    assert notice.to == "+84912000101" and "da co tai khoan" in notice.text.lower()
    assert not re.search(r"\d{6}", notice.text)  # no code in it
    response = taken_client.post("/accounts/signup/verify/", {"code": "123456"})
    assert "không đúng" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.full_name == "Nguyễn Thị Dân" and citizen.check_password(PASSWORD)
    assert User.objects.count() == 1


def test_an_email_or_id_already_used_is_left_out_at_activation(client, citizen):
    citizen.citizen_id = "079090001234"
    citizen.save()
    sign_up(client, email="DAN@example.vn")
    response = client.post("/accounts/signup/verify/", {"code": last_code()}, follow=True)
    assert "chưa được lưu" in response.content.decode()
    user = User.objects.get(phone="+84987654321")
    assert user.email is None and user.citizen_id is None


def test_signing_up_again_from_the_same_browser_updates_its_own_sign_up(client):
    sign_up(client)
    first_code = last_code()
    response = sign_up(client, full_name="Trần Văn Bính")
    assert response.status_code == 302  # the first code still works
    assert PendingSignup.objects.count() == 1 and len(sms.outbox) == 1
    client.post("/accounts/signup/verify/", {"code": first_code})
    assert User.objects.get().full_name == "Trần Văn Bính"


def test_repeated_sign_ups_cannot_flood_a_phone_with_sms():
    for _ in range(8):
        PhoneVerification.objects.update(created_at=timezone.now() - dt.timedelta(minutes=2))
        sign_up(Client())
    assert len(sms.outbox) == 5
    PhoneVerification.objects.update(created_at=timezone.now() - dt.timedelta(minutes=2))
    response = sign_up(Client())
    assert "quá nhiều mã hôm nay" in response.content.decode()


def test_a_wrong_code_is_refused_and_counted(client):
    sign_up(client)
    for left in (4, 3, 2, 1, 0):
        response = client.post("/accounts/signup/verify/", {"code": "000000"})
        # The citizen is told how many tries are left.
        assert f"Bạn còn {left} lần thử" in response.content.decode()
    # After five wrong tries even the right code is refused: no brute force of 10^6 codes.
    response = client.post("/accounts/signup/verify/", {"code": last_code()})
    assert "quá nhiều lần" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize("code", ["", "abc123", "1234567", "12 34"])
def test_a_malformed_code_is_refused(client, code):
    sign_up(client)
    response = client.post("/accounts/signup/verify/", {"code": code})
    assert response.context["form"].errors["code"]
    assert PhoneVerification.objects.get().attempts == 0


def test_an_expired_code_is_refused(client):
    sign_up(client)
    PhoneVerification.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.post("/accounts/signup/verify/", {"code": last_code()})
    assert "hết hạn" in response.content.decode()


def test_resending_too_soon_is_refused_then_allowed(client):
    sign_up(client)
    response = client.post("/accounts/signup/resend/", follow=True)
    assert "chờ một phút" in response.content.decode()
    assert len(sms.outbox) == 1
    PhoneVerification.objects.update(created_at=timezone.now() - dt.timedelta(minutes=2))
    client.post("/accounts/signup/resend/")
    assert len(sms.outbox) == 2


def test_the_verify_page_without_a_pending_sign_up_goes_back(client):
    response = client.get("/accounts/signup/verify/")
    assert response.status_code == 302 and response["Location"] == "/accounts/signup/"


def test_an_oversized_post_is_refused_without_a_500(client):
    response = client.post("/accounts/signup/", {**GOOD, "full_name": "x" * 3_000_000})
    assert response.status_code == 413 and "quá lớn" in response.content.decode()
    assert not User.objects.exists()


def test_profile_edit_refuses_duplicates_and_records_which_fields_changed(citizen, receptionist):
    from tests.conftest import citizen_client

    receptionist.email = "taken@example.vn"
    receptionist.save()
    client = citizen_client(citizen)
    data = {
        "full_name": "Nguyễn Thị Dân",
        "email": "taken@example.vn",
        "citizen_id": "",
        "language": "vi",
    }
    response = client.post("/accounts/profile/", data)
    assert "đã được dùng" in response.content.decode()
    data["email"] = "moi@example.vn"
    client.post("/accounts/profile/", data)
    citizen.refresh_from_db()
    assert citizen.email == "moi@example.vn"
    entry = AuditEntry.objects.get(action="account.profile_updated")
    assert entry.data == {"fields": ["email"]}
    assert "moi@example.vn" not in str(entry.data)


def test_two_sign_ups_at_once_open_nothing_and_send_few_codes():
    """Two submissions at the same moment (threads, own connections, two sessions)."""
    import threading

    from django.db import connections

    results = []

    def submit():
        try:
            results.append(sign_up(Client()).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [302, 302]
    assert not User.objects.exists()  # nothing opens before the code
    assert 1 <= len(sms.outbox) <= 2  # the cool-down holds once one transaction commits
