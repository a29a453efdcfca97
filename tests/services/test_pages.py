import pytest
from django.core.cache import cache
from django.test import Client

from tests.conftest import citizen_client, make_user, official_client
from tests.services.conftest import pdf
from tinhso.accounts.choices import UserKind
from tinhso.services import actions
from tinhso.services.choices import DossierStatus as S
from tinhso.services.models import Dossier


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


@pytest.mark.parametrize(
    "query", ["khai sinh", "KHAI SINH", "dang ky khai sinh", "Đăng ký khai", "1.001193"]
)
def test_catalogue_search_ignores_diacritics_and_case(birth_registration, query):
    page = Client().get("/services/", {"q": query}).content.decode()
    assert "Đăng ký khai sinh" in page


def test_catalogue_search_ranks_by_the_words_that_match(birth_registration):
    """ "giay khai sinh" found nothing while every word had to be in the name; now it
    finds the birth registration, and not a procedure that shares only "giấy"."""
    from tinhso.services.models import Procedure

    other = Procedure.objects.get(pk=birth_registration.pk)
    other.pk, other.code, other.name = None, "9.999", "Cấp giấy phép xây dựng"
    other.result_name = "Giấy phép xây dựng"
    other.save()
    page = Client().get("/services/", {"q": "giay khai sinh"}).content.decode()
    assert "Đăng ký khai sinh" in page and "Cấp giấy phép xây dựng" not in page
    assert (
        "Cấp giấy phép xây dựng" in Client().get("/services/", {"q": "giay phep"}).content.decode()
    )


def test_catalogue_search_with_nonsense_finds_nothing_politely(birth_registration):
    page = Client().get("/services/", {"q": "xyz' OR 1=1 --" + "a" * 500}).content.decode()
    assert "Không tìm thấy thủ tục" in page


def test_catalogue_filters_by_field_and_level(birth_registration):
    assert "Đăng ký khai sinh" in Client().get("/services/", {"field": "ho-tich"}).content.decode()
    assert (
        "Đăng ký khai sinh"
        not in Client().get("/services/", {"level": "province"}).content.decode()
    )


def test_catalogue_answers_htmx_with_the_list_only(birth_registration):
    response = Client().get("/services/", {"q": "khai"}, HTTP_HX_REQUEST="true")
    assert (
        "<html" not in response.content.decode()
        and "Đăng ký khai sinh" in response.content.decode()
    )


def test_procedure_page_lists_documents_steps_and_fee(birth_registration):
    page = Client().get(f"/services/p/{birth_registration.code}/").content.decode()
    for text in ("Giấy chứng sinh", "Thẩm định", "Miễn phí", "3 ngày làm việc"):
        assert text in page


def submit_page(client, procedure, places, **changes):
    requirement = procedure.documents.get(mandatory=True)
    data = {
        "a-agency": places["ward_ubnd"].pk,
        "a-applicant_address": "12 Lê Lợi",
        "f-child_name": "Nguyễn Văn Bé",
        "f-birth_date": "2026-11-01",
        "f-sex": "Nam",
        f"doc_{requirement.pk}": pdf(),
        "submission_key": "8f0e7c1a-3b1d-4c55-9a3e-0d6b7c1e2f30",
    }
    data.update(changes)
    return client.post(f"/services/p/{procedure.code}/submit/", data)


def test_a_citizen_submits_online_through_the_page(citizen, birth_registration, places):
    client = citizen_client(citizen)
    response = submit_page(client, birth_registration, places)
    dossier = Dossier.objects.get()
    assert response["Location"] == f"/services/my/{dossier.code}/"
    assert dossier.form_data == {
        "child_name": "Nguyễn Văn Bé",
        "birth_date": "2026-11-01",
        "sex": "Nam",
    }
    assert dossier.applicant_address == "12 Lê Lợi"
    page = client.get(response["Location"]).content.decode()
    assert dossier.code in page and "Đã gửi, chờ tiếp nhận" in page


def test_the_same_form_posted_twice_makes_one_dossier(citizen, birth_registration, places):
    client = citizen_client(citizen)
    submit_page(client, birth_registration, places)
    submit_page(client, birth_registration, places)
    assert Dossier.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"f-birth_date": "31/02/2026"}, "ngày hợp lệ"),
        ({"f-sex": "Khác"}, "lựa chọn hợp lệ"),
        ({"f-child_name": ""}, "bắt buộc"),
        ({"a-agency": ""}, "bắt buộc"),
        ({"a-agency": "999999"}, "lựa chọn hợp lệ"),
    ],
)
def test_bad_form_values_are_refused_with_a_message(
    citizen, birth_registration, places, changes, message
):
    response = submit_page(citizen_client(citizen), birth_registration, places, **changes)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Dossier.objects.exists()


def test_a_missing_or_fake_document_is_refused_on_the_page(citizen, birth_registration, places):
    requirement = birth_registration.documents.get(mandatory=True)
    client = citizen_client(citizen)
    response = submit_page(client, birth_registration, places, **{f"doc_{requirement.pk}": ""})
    assert "Thiếu giấy tờ bắt buộc" in response.content.decode()
    fake = pdf("hop-dong.pdf", b"<html><script>alert(1)</script></html>")
    response = submit_page(client, birth_registration, places, **{f"doc_{requirement.pk}": fake})
    assert "không phải PDF, JPEG hay PNG" in response.content.decode()
    assert not Dossier.objects.exists()


def test_submitting_needs_sign_in(birth_registration):
    response = Client().get(f"/services/p/{birth_registration.code}/submit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_only_the_applicant_sees_their_dossier_and_files(
    submit, citizen, ward_staff, commune_staff
):
    dossier = submit()
    document = dossier.documents.get()
    stranger = make_user("+84912000999", "Người Lạ", UserKind.CITIZEN)
    assert citizen_client(stranger).get(f"/services/my/{dossier.code}/").status_code == 404
    assert citizen_client(stranger).get(f"/services/files/{document.pk}/").status_code == 404
    assert (
        official_client(commune_staff["receptionist"])
        .get(f"/services/files/{document.pk}/")
        .status_code
        == 404
    )
    response = citizen_client(citizen).get(f"/services/files/{document.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert (
        official_client(ward_staff["specialist"]).get(f"/services/files/{document.pk}/").status_code
        == 200
    )


def test_public_lookup_needs_the_right_last_digits(submit, citizen):
    dossier = submit()
    hit = Client().post(
        "/services/lookup/", {"code": dossier.code.lower(), "secret": citizen.phone[-4:]}
    )
    page = hit.content.decode()
    assert "Đã gửi, chờ tiếp nhận" in page and citizen.full_name not in page
    # The whole number works too (only its last four digits count), spaces and all.
    whole = Client().post(
        "/services/lookup/", {"code": dossier.code, "secret": "0" + citizen.phone[3:]}
    )
    assert "Đã gửi, chờ tiếp nhận" in whole.content.decode()
    for code, secret in [(dossier.code, "0000"), ("000.01.00.H01-000000-0001", citizen.phone[-4:])]:
        page = Client().post("/services/lookup/", {"code": code, "secret": secret}).content.decode()
        assert "Không tìm thấy hồ sơ" in page and "Đã gửi, chờ tiếp nhận" not in page
    # The digits never travel in the address.
    assert (
        "Đã gửi, chờ tiếp nhận"
        not in Client()
        .get("/services/lookup/", {"code": dossier.code, "secret": citizen.phone[-4:]})
        .content.decode()
    )


def test_public_lookup_is_rate_limited(submit, settings):
    settings.LOOKUPS_PER_WINDOW = 3
    client = Client()
    for _ in range(3):
        client.post("/services/lookup/", {"code": "X", "secret": "1234"})
    page = client.post("/services/lookup/", {"code": "X", "secret": "1234"}).content.decode()
    assert "quá nhiều lần" in page


def test_the_applicant_rates_once_through_the_page(submit, citizen):
    dossier = submit()
    Dossier.objects.filter(pk=dossier.pk).update(status=S.RESULT_RETURNED)
    client = citizen_client(citizen)
    client.post(f"/services/my/{dossier.code}/rate/", {"rating": "5", "comment": "Tốt"})
    page = client.post(
        f"/services/my/{dossier.code}/rate/", {"rating": "1"}, follow=True
    ).content.decode()
    assert "đã đánh giá hồ sơ này" in page
    assert Dossier.objects.get(pk=dossier.pk).rating == 5
    response = client.post(f"/services/my/{dossier.code}/rate/", {"rating": "x"}, follow=True)
    assert "chọn một mức" in response.content.decode()


def test_the_applicant_sends_a_supplement_through_the_page(
    submit, citizen, ward_staff, birth_registration
):
    r, s = ward_staff["receptionist"], ward_staff["specialist"]
    dossier = actions.do_forward(actions.do_receive(submit(), acting_user=r), acting_user=r)
    actions.do_request_supplement(dossier, acting_user=s, note="Thiếu bản sao CCCD")
    client = citizen_client(citizen)
    page = client.get(f"/services/my/{dossier.code}/").content.decode()
    # The applicant reads what it means for them; the desk keeps the national name.
    assert "Thiếu bản sao CCCD" in page and "Cần bổ sung giấy tờ" in page
    desk = official_client(s).get(f"/console/dossiers/{dossier.code}/").content.decode()
    # The desk keeps the national name and says why there is nothing to press.
    assert "Yêu cầu bổ sung" in desk and "Đang chờ người nộp bổ sung giấy tờ" in desk
    client.post(f"/services/my/{dossier.code}/supplement/", {"other": pdf("cccd.pdf")})
    assert Dossier.objects.get(pk=dossier.pk).status == S.IN_PROGRESS


# --- The officials' desk -----------------------------------------------------------
def test_worklists_show_counts_and_only_my_communes_dossiers(submit, ward_staff, commune_staff):
    submit()
    page = official_client(ward_staff["receptionist"]).get("/console/dossiers/").content.decode()
    assert "Chờ tiếp nhận" in page and "000.01.00.H01-" in page
    outsider = (
        official_client(commune_staff["receptionist"]).get("/console/dossiers/").content.decode()
    )
    assert "000.01.00.H01-" not in outsider


def test_the_desk_walks_a_dossier_through_with_buttons(submit, ward_staff):
    dossier = submit()
    r = official_client(ward_staff["receptionist"])
    page = r.get(f"/console/dossiers/{dossier.code}/").content.decode()
    assert "Tiếp nhận" in page and "Hoàn thành xử lý" not in page
    r.post(f"/console/dossiers/{dossier.code}/receive/")
    r.post(f"/console/dossiers/{dossier.code}/forward/")
    s = official_client(ward_staff["specialist"])
    s.post(f"/console/dossiers/{dossier.code}/claim/")
    s.post(f"/console/dossiers/{dossier.code}/forward/", {"note": "Đủ điều kiện"})
    a = official_client(ward_staff["approver"])
    page = a.get(f"/console/dossiers/{dossier.code}/").content.decode()
    # The papers come before the buttons; one main button; stopping is set apart.
    assert page.index("Giấy tờ") < page.index("Hoàn thành xử lý")
    panel = page[page.index('id="actions-title"') :]
    panel = panel[: panel.index("</section>")]
    assert panel.count('class="button"') == 1
    assert page.index("danger-zone") < page.index("Dừng xử lý hồ sơ")
    assert "Đủ điều kiện" in page  # the specialist's opinion reached the approver
    # The result is signed and sent only after it was seen.
    a.post(f"/console/dossiers/{dossier.code}/finish/")
    assert Dossier.objects.get(pk=dossier.pk).status == S.IN_PROGRESS
    preview = a.get(f"/console/dossiers/{dossier.code}/result-preview/")
    assert preview["Content-Type"] == "application/pdf" and preview.content.startswith(b"%PDF")
    assert not Dossier.objects.get(pk=dossier.pk).documents.filter(kind="result").exists()
    a.post(f"/console/dossiers/{dossier.code}/finish/", {"previewed": "1"})
    r.post(f"/console/dossiers/{dossier.code}/return_result/")
    assert Dossier.objects.get(pk=dossier.pk).status == S.RESULT_RETURNED
    # Nobody else previews a result.
    assert r.get(f"/console/dossiers/{dossier.code}/result-preview/").status_code == 404


def test_dangerous_actions_need_their_box_ticked(submit, ward_staff):
    dossier = submit()
    r = official_client(ward_staff["receptionist"])
    page = r.post(
        f"/console/dossiers/{dossier.code}/refuse/", {"note": "Sai thủ tục"}, follow=True
    ).content.decode()
    assert "Hãy đánh dấu ô xác nhận" in page
    assert Dossier.objects.get(pk=dossier.pk).status == S.NEW
    r.post(f"/console/dossiers/{dossier.code}/refuse/", {"note": "Sai thủ tục", "confirm": "1"})
    assert Dossier.objects.get(pk=dossier.pk).status == S.REFUSED


def test_a_wrong_step_action_is_a_message_not_an_error(submit, ward_staff):
    dossier = submit()
    s = official_client(ward_staff["specialist"])
    response = s.post(f"/console/dossiers/{dossier.code}/finish/", follow=True)
    assert response.status_code == 200 and "không có quyền" in response.content.decode()
    r = official_client(ward_staff["receptionist"])
    response = r.post(
        f"/console/dossiers/{dossier.code}/refuse/", {"note": "", "confirm": "1"}, follow=True
    )
    assert "ghi rõ lý do" in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).status == S.NEW
    assert r.post(f"/console/dossiers/{dossier.code}/explode/").status_code == 404


def test_an_outsider_official_gets_404_for_another_communes_dossier(submit, commune_staff):
    dossier = submit()
    client = official_client(commune_staff["approver"])
    assert client.get(f"/console/dossiers/{dossier.code}/").status_code == 404
    assert client.post(f"/console/dossiers/{dossier.code}/stop/", {"note": "x"}).status_code == 404
    assert Dossier.objects.get(pk=dossier.pk).status == S.NEW


def test_a_citizen_cannot_open_the_desk(citizen):
    assert citizen_client(citizen).get("/console/dossiers/").status_code == 403


@pytest.mark.parametrize("count", [2, 10])
def test_the_worklist_query_count_does_not_grow_with_dossiers(
    submit, ward_staff, count, django_assert_max_num_queries
):
    for _ in range(count):
        submit()
    client = official_client(ward_staff["receptionist"])
    with django_assert_max_num_queries(20):
        response = client.get("/console/dossiers/?list=receive")
    assert response.content.decode().count("000.01.00.H01-") >= count


def test_a_receptionist_registers_a_paper_dossier_at_the_counter(
    ward_staff, birth_registration, places, citizen
):
    client = official_client(ward_staff["receptionist"])
    assert "Đăng ký khai sinh" in client.get("/console/dossiers/new/").content.decode()
    requirement = birth_registration.documents.get(mandatory=True)
    data = {
        "procedure": birth_registration.code,
        "submission_key": "1b7e0d5c-8a8e-4f7e-9a77-2f8f0c1d2e3f",
        "a-applicant_name": "Nguyễn Thị Dân",
        "a-applicant_phone": "0912 000 101",
        "a-applicant_citizen_id": "",
        "a-applicant_address": "Tổ 3, phường An",
        "a-channel": "counter",
        "a-agency": places["ward_ubnd"].pk,
        "f-child_name": "Nguyễn Văn Tí",
        "f-birth_date": "2026-11-05",
        "f-sex": "Nam",
        f"doc_{requirement.pk}": pdf("scan.pdf"),
    }
    response = client.post("/console/dossiers/new/", data)
    dossier = Dossier.objects.get()
    assert response["Location"] == f"/console/dossiers/{dossier.code}/"
    assert dossier.status == S.RECEIVED and dossier.channel == "counter"
    assert dossier.applicant == citizen  # the same phone: it shows in her app too


def test_the_counter_form_refuses_bad_input_and_other_communes(
    ward_staff, birth_registration, places
):
    client = official_client(ward_staff["receptionist"])
    base = {
        "procedure": birth_registration.code,
        "a-applicant_name": "A B",
        "a-applicant_phone": "abc",
        "a-applicant_address": "x",
        "a-channel": "counter",
        "a-agency": places["commune_ubnd"].pk,
        "f-child_name": "C",
        "f-birth_date": "2026-11-05",
        "f-sex": "Nam",
    }
    page = client.post("/console/dossiers/new/", base).content.decode()
    assert "Số điện thoại di động không hợp lệ" in page and "lựa chọn hợp lệ" in page
    assert not Dossier.objects.exists()
    assert (
        official_client(ward_staff["specialist"]).get("/console/dossiers/new/").status_code == 403
    )


def test_the_admin_refuses_a_broken_form_schema(birth_registration, province_admin):
    from tinhso.services.admin import ProcedureAdminForm

    data = {
        f: getattr(birth_registration, f)
        for f in (
            "code",
            "name",
            "level",
            "processing_days",
            "fee",
            "fee_note",
            "online_level",
            "result_name",
            "legal_basis",
            "is_active",
        )
    }
    data["field"] = birth_registration.field_id
    for schema in (
        '[{"name": "x", "type": "hologram"}]',
        '[{"name": "a b"}]',
        '{"not": "a list"}',
        '[{"name": "a", "type": "text"}, {"name": "a", "type": "text"}]',
    ):
        form = ProcedureAdminForm({**data, "form_schema": schema}, instance=birth_registration)
        assert "form_schema" in form.errors, schema
    form = ProcedureAdminForm(
        {**data, "form_schema": '[{"name": "a", "type": "text"}]'}, instance=birth_registration
    )
    assert form.is_valid(), form.errors


def test_a_draft_keeps_values_and_papers_until_submission(citizen, birth_registration, places):
    client = citizen_client(citizen)
    requirement = birth_registration.documents.get(mandatory=True)
    url = f"/services/p/{birth_registration.code}/submit/"
    response = client.post(
        url,
        {
            "save_draft": "1",
            "a-applicant_address": "12 Lê Lợi",
            "f-child_name": "Bé Bơ",
            "f-birth_date": "",
            f"doc_{requirement.pk}": pdf("chung-sinh.pdf"),
        },
    )
    assert response.status_code == 302 and not Dossier.objects.exists()
    page = client.get(url).content.decode()
    assert "Bé Bơ" in page and "chung-sinh.pdf" in page and "bản nháp" in page
    # Later: fill in the rest and submit without uploading the paper again.
    response = client.post(
        url,
        {
            "a-agency": places["ward_ubnd"].pk,
            "a-applicant_address": "12 Lê Lợi",
            "f-child_name": "Bé Bơ",
            "f-birth_date": "2026-11-03",
            "f-sex": "Nữ",
            "submission_key": "2c1d9a3e-4b5f-4a6e-8d7c-9e0f1a2b3c4d",
        },
    )
    dossier = Dossier.objects.get()
    assert response["Location"] == f"/services/my/{dossier.code}/"
    assert dossier.documents.get().original_name == "chung-sinh.pdf"
    from tinhso.services.models import DossierDraft

    assert not DossierDraft.objects.exists()


def test_a_draft_refuses_a_fake_paper_and_other_peoples_drafts_stay_private(
    citizen, birth_registration
):
    from tinhso.services.models import DossierDraft

    requirement = birth_registration.documents.get(mandatory=True)
    url = f"/services/p/{birth_registration.code}/submit/"
    page = (
        citizen_client(citizen)
        .post(
            url,
            {
                "save_draft": "1",
                "f-child_name": "X",
                f"doc_{requirement.pk}": pdf("a.pdf", b"MZ exe"),
            },
        )
        .content.decode()
    )
    assert "không phải PDF" in page and not DossierDraft.objects.exists()
    citizen_client(citizen).post(url, {"save_draft": "1", "f-child_name": "Bí mật"})
    stranger = make_user("+84912000777", "Người Khác", UserKind.CITIZEN)
    assert "Bí mật" not in citizen_client(stranger).get(url).content.decode()


def test_the_slips_qr_link_prefills_the_code(db):
    page = Client().get("/services/lookup/", {"code": "000.01.00.H01-261123-0001"}).content.decode()
    assert (
        'value="000.01.00.H01-261123-0001"' in page
        and 'class="error"' not in page
        and "data-error-summary" not in page
    )


def test_an_ioc_viewer_sees_statistics_but_not_dossiers(submit, places):
    from tests.conftest import grant
    from tinhso.accounts.choices import Role

    viewer = grant(make_user("+84901000601", "Người Xem IOC"), places["ubnd"], Role.IOC_VIEWER)
    dossier = submit()
    client = official_client(viewer)
    assert client.get("/console/statistics/").status_code == 200
    assert client.get(f"/services/files/{dossier.documents.get().pk}/").status_code == 404
    assert client.get(f"/api/v1/dossiers/{dossier.code}").status_code == 404


def test_the_console_home_counts_the_work_waiting(submit, ward_staff):
    """Not only the official's roles: how much waits for them, and where."""
    submit()
    submit()
    page = official_client(ward_staff["receptionist"]).get("/console/").content.decode()
    work = page[page.index("Việc đang chờ bạn") :]
    assert 'Hồ sơ một cửa</a> <strong class="count has-work">2 việc' in work
    specialist = official_client(ward_staff["specialist"]).get("/console/").content.decode()
    assert 'Hồ sơ một cửa</a> <strong class="count">0 việc' in specialist
