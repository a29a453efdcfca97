import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from tests.conftest import official_client, totp_token
from tinhso.accounts.choices import Role
from tinhso.accounts.models import Membership, User
from tinhso.core import sms
from tinhso.core.models import AuditEntry

NEW = {
    "full_name": "Đỗ Thị Mới",
    "phone": "0903 111 222",
    "email": "moi@ubnd.example.vn",
    "role": Role.SPECIALIST,
}


def test_a_unit_admin_creates_an_official_who_activates_and_enrols(
    commune_admin, places, django_capture_on_commit_callbacks
):
    client = official_client(commune_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/console/staff/new/", {**NEW, "org_unit": places["ward_one_stop"].pk}
        )
    assert response.status_code == 302
    official = User.objects.get(phone="+84903111222")
    assert not official.has_usable_password()
    assert official.memberships.get().role == Role.SPECIALIST
    assert AuditEntry.objects.filter(action="role.granted", object_id=str(official.pk)).exists()
    # The link arrives by SMS and e-mail; the new official sets a password, then MFA.
    assert mail.outbox[0].to == ["moi@ubnd.example.vn"]
    link = re.search(r"https?://\S+", sms.outbox[-1].text).group(0)
    path = urlsplit(link).path
    browser = Client()
    response = browser.post(path, {"new_password1": "12345", "new_password2": "12345"})
    assert response.status_code == 200 and response.context["form"].errors
    response = browser.post(
        path, {"new_password1": "gió-mùa-đông-bắc-7", "new_password2": "gió-mùa-đông-bắc-7"}
    )
    assert response["Location"] == "/accounts/mfa/setup/"
    browser.get("/accounts/mfa/setup/")
    device = official.totpdevice_set.get()
    browser.post("/accounts/mfa/setup/", {"token": totp_token(device)})
    assert browser.get("/console/").status_code == 200
    # The link works once.
    assert Client().get(path).status_code == 400


def test_bad_official_input_gets_clear_messages(commune_admin, receptionist, places):
    client = official_client(commune_admin)
    cases = [
        ({"phone": "abc"}, "phone"),
        ({"phone": "0901000101"}, "phone"),  # the receptionist's number: duplicate
        ({"full_name": ""}, "full_name"),
        ({"role": "god"}, "role"),
        ({"role": Role.SYSTEM_ADMIN}, "role"),  # only system admins grant that
        ({"org_unit": places["commune_ubnd"].pk}, "org_unit"),  # another commune
    ]
    for changes, field in cases:
        data = {**NEW, "org_unit": places["ward_ubnd"].pk, **changes}
        response = client.post("/console/staff/new/", data)
        assert response.status_code == 200
        assert field in response.context["form"].errors, (changes, response.context["form"].errors)
    assert not User.objects.filter(full_name="Đỗ Thị Mới").exists()


def test_an_outsider_cannot_see_or_touch_another_communes_staff(outsider, receptionist):
    client = official_client(outsider)
    listing = client.get("/console/staff/").content.decode()
    assert "Lê Văn Nhận" not in listing
    assert client.get(f"/console/staff/{receptionist.pk}/").status_code == 404
    membership = receptionist.memberships.get()
    response = client.post(f"/console/staff/{receptionist.pk}/roles/{membership.pk}/revoke/")
    assert response.status_code == 404
    assert client.post(f"/console/staff/{receptionist.pk}/reset-mfa/").status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_staff_pages_show_the_console_menu(commune_admin):
    page = official_client(commune_admin).get("/console/staff/").content.decode()
    assert 'aria-current="page"' in page and "/console/" in page


def test_a_receptionist_cannot_manage_staff(receptionist):
    assert official_client(receptionist).get("/console/staff/").status_code == 403


def test_a_province_admin_sees_every_commune(province_admin, receptionist, outsider):
    listing = official_client(province_admin).get("/console/staff/").content.decode()
    assert "Lê Văn Nhận" in listing and "Phạm Văn Ngoài" in listing


def test_grant_and_revoke_a_role(commune_admin, receptionist, places):
    client = official_client(commune_admin)
    url = f"/console/staff/{receptionist.pk}/"
    client.post(url, {"org_unit": places["ward_ubnd"].pk, "role": Role.APPROVER})
    assert receptionist.memberships.filter(role=Role.APPROVER).exists()
    response = client.post(url, {"org_unit": places["ward_ubnd"].pk, "role": Role.APPROVER})
    assert "đã có vai trò" in response.content.decode()
    membership = receptionist.memberships.get(role=Role.APPROVER)
    client.post(f"{url}roles/{membership.pk}/revoke/")
    assert not receptionist.memberships.filter(role=Role.APPROVER).exists()
    actions = list(
        AuditEntry.objects.filter(object_id=str(receptionist.pk)).values_list("action", flat=True)
    )
    assert "role.granted" in actions and "role.revoked" in actions


def test_an_admin_cannot_remove_their_own_admin_role(commune_admin):
    client = official_client(commune_admin)
    membership = commune_admin.memberships.get()
    response = client.post(
        f"/console/staff/{commune_admin.pk}/roles/{membership.pk}/revoke/", follow=True
    )
    assert "chính mình" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_resetting_mfa_makes_the_official_enrol_again(commune_admin, receptionist):
    from tests.conftest import enrol_totp

    enrol_totp(receptionist)
    official_client(commune_admin).post(f"/console/staff/{receptionist.pk}/reset-mfa/")
    assert not receptionist.totpdevice_set.exists()
    assert AuditEntry.objects.filter(action="mfa.reset").exists()


@pytest.mark.parametrize("count", [3, 12])
def test_the_staff_list_query_count_does_not_grow_with_staff(
    province_admin, places, count, django_assert_max_num_queries
):
    from tests.conftest import grant, make_user

    for n in range(count):
        grant(
            make_user(f"+8490300{n:04d}", f"Cán Bộ Số {chr(65 + n)}"),
            places["ward_ubnd"],
            Role.SPECIALIST,
        )
    client = official_client(province_admin)
    with django_assert_max_num_queries(14):
        response = client.get("/console/staff/")
    assert response.content.decode().count("Cán Bộ Số") == count
