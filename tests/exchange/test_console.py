"""The IT department's pages: what each administrator sees and may change."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import official_client
from tests.exchange.conftest import CITIZEN
from tests.queries import assert_constant_queries
from tinhso.exchange import outbox
from tinhso.exchange.models import AccessRight, Member, QueuedMessage

pytestmark = pytest.mark.django_db

PAGES = ["/console/exchange/", "/console/exchange/registry/", "/console/exchange/log/",
         "/console/exchange/queue/"]  # fmt: skip


def traffic(axis, count=2):
    token = axis.token()
    for _ in range(count):
        Client().get(axis.url(f"/citizens/{CITIZEN}"), HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.parametrize("page", PAGES)
def test_the_pages_are_for_system_administrators(axis, province_admin, citizen, receptionist, page):
    traffic(axis)
    assert official_client(province_admin).get(page).status_code == 200
    assert official_client(receptionist).get(page).status_code == 403
    assert Client().get(page).status_code == 302


def test_the_overview_shows_traffic_and_failures(axis, province_admin):
    traffic(axis, 3)
    html = official_client(province_admin).get("/console/exchange/").content.decode()
    assert str(axis.population.identifier) in html
    assert "Không dịch vụ nào lỗi" in html


def test_a_granted_right_and_a_revoked_one_from_the_registry_page(axis, province_admin):
    client = official_client(province_admin)
    page = client.get("/console/exchange/registry/").content.decode()
    assert str(axis.desk.identifier) in page
    right = AccessRight.objects.get()
    client.post(f"/console/exchange/registry/rights/{right.pk}/revoke/")
    assert AccessRight.objects.get().revoked_at is not None
    client.post(
        "/console/exchange/registry/rights/",
        {"service": axis.population.pk, "client": axis.desk.pk, "method": "GET", "path": "/c"},
    )
    assert AccessRight.objects.filter(revoked_at__isnull=True).count() == 1


def test_the_link_under_a_service_opens_the_grant_form_with_it_chosen(axis, province_admin):
    page = official_client(province_admin).get(
        f"/console/exchange/registry/?grant={axis.population.pk}"
    )
    assert page.context["grant_form"]["service"].value() == str(axis.population.pk)
    assert f'<option value="{axis.population.pk}" selected>' in page.content.decode()


def test_credentials_are_shown_once(axis, province_admin):
    client = official_client(province_admin)
    shown = client.post(f"/console/exchange/registry/subsystems/{axis.desk.pk}/credentials/")
    assert shown.status_code == 200 and "client_secret" in shown.content.decode()
    again = client.get("/console/exchange/registry/").content.decode()
    assert shown.context["secret"] not in again


def test_an_administrator_of_another_unit_sees_and_changes_nothing_of_theirs(
    axis, outsider, places
):
    from tests.conftest import grant
    from tinhso.accounts.choices import Role

    grant(outsider, places["commune_ubnd"], Role.SYSTEM_ADMIN)
    client = official_client(outsider)
    assert (
        str(axis.desk.identifier) not in client.get("/console/exchange/registry/").content.decode()
    )
    traffic(axis)
    assert CITIZEN not in client.get("/console/exchange/log/").content.decode()
    right = AccessRight.objects.get()
    assert client.post(f"/console/exchange/registry/rights/{right.pk}/revoke/").status_code == 404
    assert AccessRight.objects.get().revoked_at is None
    client.post(
        "/console/exchange/registry/rights/",
        {"service": axis.population.pk, "client": axis.police.pk, "method": "", "path": ""},
    )
    assert AccessRight.objects.count() == 1
    office = Member.objects.get(code=places["ward_ubnd"].identifier)
    response = client.post(
        f"/console/exchange/registry/members/{office.pk}/subsystems/", {"code": "X", "name": "X"}
    )
    assert response.status_code == 404


def test_a_dead_message_is_sent_again_from_the_queue_page(axis, province_admin):
    from tinhso.exchange.actions import do_grant_access

    do_grant_access(axis.population, axis.desk, method="POST", acting_user=province_admin)
    outbox.queue(axis.desk, axis.population, b"{}", path="/nowhere")
    outbox.deliver_due()
    dead = QueuedMessage.objects.get()
    client = official_client(province_admin)
    assert str(dead.message_id) in client.get("/console/exchange/queue/").content.decode()
    client.post(f"/console/exchange/queue/{dead.pk}/send-again/")
    assert QueuedMessage.objects.get().state == "waiting"


def test_the_log_page_does_not_query_per_row(axis, province_admin):
    client = official_client(province_admin)
    assert_constant_queries(
        lambda: client.get("/console/exchange/log/"),
        lambda n: traffic(axis, n),
    )


def test_an_openapi_description_is_uploaded_or_fetched_and_checked(axis, province_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = official_client(province_admin)
    url = f"/console/exchange/registry/services/{axis.population.pk}/openapi/"
    yaml_doc = b"openapi: 3.0.3\ninfo:\n  title: Dan cu\n  version: '2'\n"
    yaml_doc += b"paths:\n  /citizens/{id}: {}\n"
    client.post(url, {"file": SimpleUploadedFile("d.yaml", yaml_doc)})
    axis.population.refresh_from_db()
    assert axis.population.openapi["info"]["title"] == "Dan cu"
    bomb = b"a: &a [x, x]\nb: &b [*a, *a]\nopenapi: 3.0.0\npaths: {}\n"
    refused = client.post(url, {"file": SimpleUploadedFile("b.yaml", bomb)}, follow=True)
    assert "anchor" in refused.content.decode()
    for depth, said in ((100, "quá sâu"), (100_000, "không đọc được")):
        deep = b"openapi: 3.0.0\npaths: " + b"[" * depth + b"]" * depth + b"\n"
        refused = client.post(url, {"file": SimpleUploadedFile("d.yaml", deep)}, follow=True)
        assert refused.status_code == 200 and said in refused.content.decode()
    client.post(url, {"url": f"{axis.provider_url}/openapi.json"})
    axis.population.refresh_from_db()
    assert axis.population.openapi["info"]["title"] == "CSDL dân cư (demo)"
    not_openapi = client.post(url, {"url": f"{axis.provider_url}/citizens/{CITIZEN}"}, follow=True)
    assert "Cần một mô tả OpenAPI 3" in not_openapi.content.decode()
    assert axis.population.openapi["info"]["title"] == "CSDL dân cư (demo)"


def test_the_registry_and_overview_pages_do_not_query_per_row(axis, province_admin):
    from tinhso.exchange import actions as axis_actions
    from tinhso.exchange.models import MemberClass

    client = official_client(province_admin)
    made = iter(range(100))

    def more_members(n):
        for _ in range(n):
            i = next(made)
            member = axis_actions.do_register_member(
                member_class=MemberClass.COM, code=f"DN{i:04d}", name=f"Doanh nghiệp {i}",
                acting_user=province_admin,
            )  # fmt: skip
            system = axis_actions.do_register_subsystem(
                member, code="ERP", name="ERP", acting_user=province_admin
            )
            service = axis_actions.do_register_service(
                system, code="hoadon", name="Hóa đơn", base_url=axis.provider_url,
                acting_user=province_admin,
            )  # fmt: skip
            axis_actions.do_grant_access(service, axis.desk, acting_user=province_admin)
            axis_actions.do_issue_credentials(system, acting_user=province_admin)

    assert_constant_queries(lambda: client.get("/console/exchange/registry/"), more_members)


def test_the_overview_does_not_query_per_service(axis, province_admin):
    from tinhso.exchange import actions as axis_actions

    client = official_client(province_admin)
    token = axis.token()
    made = iter(range(100))

    def more_services(n):
        for _ in range(n):
            service = axis_actions.do_register_service(
                axis.police, code=f"s{next(made)}", name="s", base_url=axis.provider_url,
                acting_user=province_admin,
            )  # fmt: skip
            axis_actions.do_grant_access(service, axis.desk, acting_user=province_admin)
            Client().get(axis.url("/x", service=service), HTTP_AUTHORIZATION=f"Bearer {token}")

    assert_constant_queries(lambda: client.get("/console/exchange/"), more_services)
