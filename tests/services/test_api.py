import json
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import citizen_client, official_client
from tests.services.conftest import pdf
from tinhso.services.choices import DossierStatus as S
from tinhso.services.models import Dossier


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def test_procedures_are_public_and_searchable_without_accents(birth_registration):
    data = Client().get("/api/v1/procedures", {"q": "dang ky khai sinh"}).json()
    assert [p["code"] for p in data] == [birth_registration.code]
    detail = Client().get(f"/api/v1/procedures/{birth_registration.code}").json()
    assert detail["documents"][0]["name"] == "Giấy chứng sinh" and detail["form_schema"]
    assert Client().get("/api/v1/procedures/0.000000").status_code == 404


def api_submit(client, proc, places, **changes):
    requirement = proc.documents.get(mandatory=True)
    data = {
        "procedure": proc.code,
        "agency": places["ward_ubnd"].identifier,
        "applicant_address": "12 Lê Lợi",
        "form_data": json.dumps({"child_name": "Bé Na", "birth_date": "2026-11-02", "sex": "Nữ"}),
        f"doc_{requirement.pk}": pdf(),
    }
    data.update(changes)
    return client.post("/api/v1/dossiers", data)


def test_a_citizen_submits_and_reads_their_dossier_over_the_api(
    citizen, birth_registration, places
):
    client = citizen_client(citizen)
    response = api_submit(client, birth_registration, places)
    assert response.status_code == 201, response.content
    code = response.json()["code"]
    assert client.get("/api/v1/dossiers").json()[0]["code"] == code
    detail = client.get(f"/api/v1/dossiers/{code}").json()
    assert detail["form_data"]["sex"] == "Nữ" and detail["events"][0]["kind"] == "submitted"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"procedure": "9.999999"}, "procedure"),
        ({"form_data": "{not json"}, "form_data"),
        (
            {"form_data": json.dumps({"child_name": "", "birth_date": "2026-11-02", "sex": "Nữ"})},
            "child_name",
        ),
        (
            {"form_data": json.dumps({"child_name": "A", "birth_date": "x", "sex": "Nữ"})},
            "birth_date",
        ),
        ({"agency": "000.99.00.H01"}, "agency"),
        ({"submission_key": "not-a-uuid"}, "submission_key"),
        ({"unknown": pdf()}, "unknown"),
    ],
)
def test_bad_api_submissions_get_400_with_the_field(
    citizen, birth_registration, places, changes, field
):
    response = api_submit(citizen_client(citizen), birth_registration, places, **changes)
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field and response.json()["detail"]
    assert not Dossier.objects.exists()


def test_a_missing_document_over_the_api(citizen, birth_registration, places):
    requirement = birth_registration.documents.get(mandatory=True)
    response = api_submit(
        citizen_client(citizen), birth_registration, places, **{f"doc_{requirement.pk}": ""}
    )
    assert response.status_code == 400 and "Thiếu giấy tờ" in response.json()["detail"]


def test_the_same_submission_key_makes_one_dossier(citizen, birth_registration, places):
    client = citizen_client(citizen)
    key = str(uuid.uuid4())
    first = api_submit(client, birth_registration, places, submission_key=key).json()["code"]
    second = api_submit(client, birth_registration, places, submission_key=key).json()["code"]
    assert first == second and Dossier.objects.count() == 1


def test_submitting_needs_authentication(birth_registration, places):
    assert api_submit(Client(), birth_registration, places).status_code == 401


def test_officials_act_over_the_api_and_outsiders_are_refused(submit, ward_staff, commune_staff):
    dossier = submit()
    url = f"/api/v1/dossiers/{dossier.code}/actions/"
    outsider = official_client(commune_staff["receptionist"])
    assert outsider.post(url + "receive", {}, content_type="application/json").status_code == 404
    specialist = official_client(ward_staff["specialist"])
    assert specialist.post(url + "receive", {}, content_type="application/json").status_code == 403
    receptionist = official_client(ward_staff["receptionist"])
    response = receptionist.post(url + "receive", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == S.RECEIVED
    response = receptionist.post(url + "refuse", {"note": "x"}, content_type="application/json")
    assert response.status_code == 400 and "Không thể chuyển" in response.json()["detail"]
    assert (
        receptionist.post(url + "explode", {}, content_type="application/json").status_code == 404
    )
    response = receptionist.post(
        url + "stop", {"note": "x" * 3000}, content_type="application/json"
    )
    assert response.status_code == 422


def test_the_portal_payload(submit, ward_staff):
    dossier = submit()
    payload = (
        official_client(ward_staff["receptionist"])
        .get(f"/api/v1/dossiers/{dossier.code}/portal-sync")
        .json()
    )
    assert payload["MaHoSo"] == dossier.code and payload["TrangThaiHoSo"] == "1"
    assert payload["MaTTHC"] == "1.001193.000.00.00.H01" and payload["KenhThucHien"] == "2"
    assert len(payload["NgayNopHoSo"]) == 14 and payload["NgayNopHoSo"].isdigit()
    assert payload["NgayTiepNhan"] == ""


def test_public_lookup_over_the_api(submit, citizen):
    dossier = submit()
    ask = {"code": dossier.code, "secret": citizen.phone[-4:]}
    ok = Client().get("/api/v1/lookup", ask)
    assert ok.json() == {
        "code": dossier.code,
        "procedure_name": "Đăng ký khai sinh",
        "status": 1,
        "status_label": "Mới đăng ký",
        "due_at": None,
    }
    # The busiest public call stays one query for the dossier (plus the rate counter's).
    with CaptureQueriesContext(connection) as captured:
        Client().get("/api/v1/lookup", ask)
    dossier_queries = [
        q["sql"] for q in captured.captured_queries if "services_dossier" in q["sql"]
    ]
    assert len(dossier_queries) == 1 and "ORDER BY" not in dossier_queries[0]
    assert len(captured.captured_queries) <= 3
    assert (
        Client().get("/api/v1/lookup", {"code": dossier.code, "secret": "0000"}).status_code == 404
    )
    assert Client().get("/api/v1/lookup", {"code": dossier.code}).status_code == 422


def test_poisoned_or_deep_form_data_is_refused_and_stores_nothing(
    citizen, birth_registration, places
):
    """Issue 11, findings 12 and 13: a lone surrogate stored once broke every official's
    page; 5,000-deep form_data was a RecursionError."""
    client = citizen_client(citizen)
    poisoned = '{"child_name": "A\\ud800B", "birth_date": "2026-11-02", "sex": "Nữ"}'
    deep = '{"child_name": ' + "[" * 5000 + "]" * 5000 + "}"
    controls = json.dumps({"child_name": "A\x01B", "birth_date": "2026-11-02", "sex": "Nữ"})
    for form_data in (poisoned, deep, controls):
        response = api_submit(client, birth_registration, places, form_data=form_data)
        assert response.status_code == 400, response.content
        assert response.json()["field"] == "form_data"
    requirement = birth_registration.documents.get(mandatory=True)
    response = api_submit(
        client, birth_registration, places, **{"doc_²": pdf(), f"doc_{requirement.pk}": pdf()}
    )
    assert response.status_code == 400 and "doc_" in response.json()["detail"]
    assert not Dossier.objects.exists()


def test_a_surrogate_in_a_json_body_is_refused_at_the_door(citizen):
    response = citizen_client(citizen).post(
        "/api/v1/dossiers/X/actions/receive",
        '{"note": "A\\ud800B"}',
        content_type="application/json",
    )
    assert response.status_code == 400 and "Unicode" in response.json()["detail"]
