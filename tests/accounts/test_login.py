import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tinhso.core.models import AuditEntry


def login(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.mark.parametrize("typed", ["0912000101", "0912 000 101", "+84912000101", "DAN@example.vn"])
def test_a_citizen_signs_in_with_phone_or_email_however_typed(citizen, typed):
    client = Client()
    response = login(client, typed)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/my/").status_code == 200
    assert AuditEntry.objects.filter(action="auth.login", actor=citizen).exists()


def test_a_wrong_password_gets_a_clear_message_and_an_audit_row(citizen):
    response = login(Client(), "0912000101", "sai-mat-khau")
    assert response.status_code == 200
    assert "không đúng" in response.content.decode()
    failed = AuditEntry.objects.get(action="auth.login_failed")
    assert failed.object_repr == "+84912000101"
    assert "sai-mat-khau" not in str(failed.data) + failed.object_repr


def test_an_unknown_account_gets_the_same_message(db):
    response = login(Client(), "0999999999")
    assert "không đúng" in response.content.decode()


def test_repeated_failures_lock_the_account_even_with_the_right_password(citizen):
    client = Client()
    for _ in range(5):
        login(client, "0912000101", "sai-mat-khau")
    response = login(client, "0912 000 101")  # spelled differently: still the same account
    assert response.status_code == 429
    assert "tạm khóa" in response.content.decode()
    assert AuditEntry.objects.filter(action="auth.locked_out").exists()
    assert Client().get("/my/").status_code == 302


def test_a_lock_on_one_account_does_not_lock_another(citizen, receptionist):
    client = Client()
    for _ in range(5):
        login(client, "0912000101", "sai-mat-khau")
    response = login(client, "0901000101")
    assert response.status_code == 302


def test_login_does_not_redirect_to_another_site(citizen):
    response = Client().post(
        "/accounts/login/?next=https://evil.example/",
        {"username": "0912000101", "password": PASSWORD},
    )
    assert response["Location"] == "/"


def test_an_unverified_sign_up_cannot_sign_in(db, client):
    from tinhso.accounts.models import User

    User.objects.create_user(
        "+84912000555", PASSWORD, full_name="Chưa Xác Minh", kind="citizen", is_active=False
    )
    assert login(client, "0912000555").status_code == 200
