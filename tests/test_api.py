import pytest
from django.test import Client

from tests.conftest import citizen_client


def test_me_needs_authentication(db):
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_me_with_a_session(citizen):
    data = citizen_client(citizen).get("/api/v1/me").json()
    assert data["full_name"] == "Nguyễn Thị Dân" and data["roles"] == []


def test_a_bad_bearer_token_is_refused(db):
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 401


@pytest.mark.django_db
def test_admin_units_are_public_and_filterable(places):
    everything = Client().get("/api/v1/admin-units").json()
    assert {u["code"] for u in everything} == {"01", "01001", "01004"}
    children = Client().get("/api/v1/admin-units", {"parent": "01"}).json()
    assert {u["code"] for u in children} == {"01001", "01004"}
    assert Client().get("/api/v1/admin-units", {"parent": "x" * 5000}).json() == []


@pytest.mark.django_db
def test_org_units_list_qcvn_identifiers(places):
    units = Client().get("/api/v1/org-units").json()
    ward = next(u for u in units if u["identifier"] == "000.01.00.H01")
    assert ward["area_code"] == "01001" and ward["parent_identifier"] == "000.00.00.H01"


def test_the_openapi_schema_is_published(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/me" in schema["paths"]
