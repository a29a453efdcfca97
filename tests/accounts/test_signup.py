import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tinhso.accounts.models import PhoneVerification, User
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
    user = User.objects.get(phone="+84987654321")
    assert not user.is_active
    assert sms.outbox[-1].to == "+84987654321"
    response = client.post("/accounts/signup/verify/", {"code": last_code()})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active and user.phone_verified_at
    assert client.get("/my/").status_code == 200
    assert AuditEntry.objects.filter(
        action="account.phone_verified", object_id=str(user.pk)
    ).exists()
    assert user.password.startswith("md5$")  # hashed (argon2 outside tests), never plain


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
    assert not User.objects.exists()
    assert sms.outbox == []


def test_a_weak_password_is_refused_with_the_reason(client):
    response = sign_up(client, password1="binh1234", password2="binh1234")
    errors = " ".join(response.context["form"].errors["password1"])
    assert "quá ngắn" in errors or "ít nhất" in errors


def test_duplicate_phone_email_and_citizen_id_are_refused(client, citizen):
    citizen.citizen_id = "079090001234"
    citizen.save()
    for changes, field in [
        ({"phone": "0912000101"}, "phone"),
        ({"email": "DAN@example.vn"}, "email"),
        ({}, "citizen_id"),
    ]:
        response = sign_up(Client(), **changes)
        assert field in response.context["form"].errors, (changes, response.context["form"].errors)
    assert User.objects.count() == 1


def test_signing_up_again_before_verifying_updates_the_pending_account(client):
    sign_up(client)
    response = sign_up(Client(), full_name="Người Khác")
    assert response.status_code == 302  # straight to the code page: the first code still works
    assert User.objects.get(phone="+84987654321").full_name == "Người Khác"
    assert User.objects.count() == 1
    assert len(sms.outbox) == 1


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
    for _ in range(5):
        response = client.post("/accounts/signup/verify/", {"code": "000000"})
        assert "không đúng" in response.content.decode() or "quá nhiều" in response.content.decode()
    # After five wrong tries even the right code is refused: no brute force of 10^6 codes.
    response = client.post("/accounts/signup/verify/", {"code": last_code()})
    assert "quá nhiều lần" in response.content.decode()
    assert not User.objects.get().is_active


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
    assert response.status_code == 400
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


def test_a_double_clicked_sign_up_makes_one_account():
    """Two submissions of the same form at the same moment (threads, own connections)."""
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
    assert sorted(results) in ([200, 302], [302, 302])
    assert User.objects.filter(phone="+84987654321").count() == 1
