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


def test_the_openapi_document_names_each_schema_once_and_lists_the_errors(db):
    """Issue 11, finding 20: EventOut and ErrorOut resolved to the traffic versions."""
    document = Client().get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    detail = schemas["DossierDetailOut"]["properties"]["events"]["items"]["$ref"]
    assert detail.endswith("/DossierEventOut") and "CameraEventOut" in schemas
    assert set(schemas["ErrorOut"]["properties"]) == {"detail", "field"}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            if operation.get("security"):
                assert {"401", "403"} <= codes, (method, path)
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in codes, (method, path)


def test_error_bodies_match_their_declared_schemas(citizen):
    import jsonschema

    document = Client().get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]

    def check(body, name):
        jsonschema.validate(body, {**schemas[name], "components": {"schemas": schemas}})

    anonymous = Client().get("/api/v1/dossiers")
    assert anonymous.status_code == 401
    check(anonymous.json(), "ErrorOut")
    bad = citizen_client(citizen).post("/api/v1/dossiers", {"procedure": "x"})
    assert bad.status_code == 422
    check(bad.json(), "ValidationErrorOut")
    missing = citizen_client(citizen).get("/api/v1/dossiers/KHONG-CO")
    assert missing.status_code == 404
    check(missing.json(), "ErrorOut")
