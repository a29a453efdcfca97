"""The national catalogue's export into the catalogue: all or nothing, errors by line,
known codes updated in place, the same file twice changes nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from tinhso.assistant import catalogue
from tinhso.core.importers import ImportFailed
from tinhso.core.models import AuditEntry, OrgUnit
from tinhso.services.catalogue_import import import_procedures
from tinhso.services.models import Procedure, RequiredDocument

HEADERS = [
    "STT", "Mã thủ tục", "Tên thủ tục", "Cấp thực hiện", "Lĩnh vực", "Cơ quan thực hiện",
    "Thời hạn giải quyết", "Phí, lệ phí", "Thành phần hồ sơ", "Kết quả thực hiện",
    "Căn cứ pháp lý", "Mức độ",
]  # fmt: skip
GOOD = [
    [
        "1", "1.000894.000.00.00.H99", "Đăng ký khai tử", "Cấp Xã", "Hộ tịch", "",
        "Ngay trong ngày làm việc; 01 ngày làm việc nếu nhận hồ sơ sau 15 giờ",
        "Miễn lệ phí",
        "1. Tờ khai đăng ký khai tử\n2. Giấy báo tử hoặc giấy tờ thay thế\n3. Giấy ủy quyền (nếu có)",
        "Trích lục khai tử", "Luật Hộ tịch 2014", "Toàn trình",
    ],
    [
        "2", "2.001234", "Cấp giấy phép hoạt động điện lực", "Cấp Tỉnh", "Điện lực",
        "Sở Công Thương", "15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
        "Lệ phí: 800.000 đồng/giấy phép",
        "- Văn bản đề nghị cấp giấy phép; - Bản sao quyết định thành lập", "Giấy phép hoạt động điện lực",
        "Thông tư 10/2023/TT-BCT", "Một phần",
    ],
]  # fmt: skip


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return path


@pytest.fixture
def departments(places):
    OrgUnit.objects.create(
        identifier="000.00.39.H01",
        name="Sở Công Thương",
        kind="department",
        area=places["province"],
        parent=places["ubnd"],
    )


def test_a_csv_export_becomes_the_catalogue(departments, tmp_path):
    result = import_procedures(write_csv(tmp_path / "tthc.csv", GOOD))
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    death = Procedure.objects.get(code="1.000894.000.00.00.H99")
    assert death.level == "commune" and death.agency is None
    assert death.processing_days == 1 and death.fee == 0
    assert death.online_level == "full" and death.field.name == "Hộ tịch"
    assert [(d.name, d.mandatory) for d in death.documents.all()] == [
        ("Tờ khai đăng ký khai tử", True),
        ("Giấy báo tử hoặc giấy tờ thay thế", True),
        ("Giấy ủy quyền", False),
    ]
    power = Procedure.objects.get(code="2.001234")
    assert power.agency.name == "Sở Công Thương" and power.level == "province"
    assert power.processing_days == 15 and power.fee == 800_000
    assert power.fee_note == "Lệ phí: 800.000 đồng/giấy phép"
    assert power.online_level == "partial"
    assert [d.name for d in power.documents.all()] == [
        "Văn bản đề nghị cấp giấy phép",
        "Bản sao quyết định thành lập",
    ]
    assert AuditEntry.objects.filter(action="services.catalogue_imported").count() == 1
    # The assistant finds what was imported, at once.
    catalogue.forget()
    from tinhso.assistant import ranking

    found = ranking.rank(catalogue.index(), "giấy phép hoạt động điện lực")
    assert found[0][0].key == "2.001234"


def test_one_bad_row_writes_nothing_and_every_error_names_its_line(departments, tmp_path):
    bad = [
        GOOD[0],
        ["3", "12345", "Thủ tục lạ", "Cấp Huyện", "", "Sở Không Có", "tùy", "vài trăm", "", "", "", ""],
        ["4", "2.001234", "", "Cấp Tỉnh", "Điện lực", "Sở Ma", "15 ngày", "50.000 đồng", "", "", "", ""],
    ]  # fmt: skip
    with pytest.raises(ImportFailed) as failed:
        import_procedures(write_csv(tmp_path / "tthc.csv", bad))
    errors = failed.value.errors
    assert [e.split(":")[0] for e in errors] == ["Dòng 3", "Dòng 4"]
    assert "mã thủ tục «12345»" in errors[0] and "cấp thực hiện" in errors[0]
    assert "thiếu lĩnh vực" in errors[0] and "thời hạn giải quyết" in errors[0]
    assert "phí, lệ phí «vài trăm»" in errors[0]
    assert "thiếu tên thủ tục" in errors[1] and "«Sở Ma»" in errors[1]
    assert not Procedure.objects.exists() and not RequiredDocument.objects.exists()


def test_a_known_code_is_updated_in_place_and_twice_changes_nothing(departments, tmp_path):
    path = write_csv(tmp_path / "tthc.csv", GOOD)
    import_procedures(path)
    kept = RequiredDocument.objects.get(name="Tờ khai đăng ký khai tử")
    again = import_procedures(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = [list(GOOD[0]), GOOD[1]]
    changed[0][6] = "03 ngày làm việc"
    changed[0][8] = "Tờ khai đăng ký khai tử\nGiấy báo tử"
    result = import_procedures(write_csv(tmp_path / "tthc2.csv", changed))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    death = Procedure.objects.get(code="1.000894.000.00.00.H99")
    assert death.processing_days == 3
    assert [d.name for d in death.documents.all()] == ["Tờ khai đăng ký khai tử", "Giấy báo tử"]
    assert death.documents.get(name="Tờ khai đăng ký khai tử").pk == kept.pk  # same row


def test_an_xlsx_export_is_read_the_same(departments, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["MÃ TTHC", "Tên TTHC", "Cấp thực hiện", "Lĩnh vực", "Cơ quan thực hiện", "Thời hạn giải quyết", "Phí, lệ phí", "Đối tượng thực hiện"])  # fmt: skip
    sheet.append(["1.000894", "Đăng ký khai tử", "Cấp Xã", "Hộ tịch", None, "01 ngày làm việc", "Không", "Người thân của người chết"])  # fmt: skip
    book.save(tmp_path / "tthc.xlsx")
    assert import_procedures(tmp_path / "tthc.xlsx").created == 1
    death = Procedure.objects.get(code="1.000894")
    assert death.fee == 0 and death.description == "Người thân của người chết"


def test_what_is_not_a_catalogue_is_refused_clearly(db, tmp_path):
    (tmp_path / "x.txt").write_text("hello")
    (tmp_path / "latin1.csv").write_bytes("Mã thủ tục\n".encode("cp1258", "replace") + b"\xff\xfe")
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip")
    (tmp_path / "nohead.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    for name, message in [
        ("x.txt", "Chỉ nhận tệp .csv hoặc .xlsx"),
        ("latin1.csv", "UTF-8"),
        ("bad.xlsx", "Không đọc được tệp Excel"),
        ("nohead.csv", "Thiếu cột: Mã thủ tục, Tên thủ tục"),
    ]:
        with pytest.raises(ImportFailed) as failed:
            import_procedures(tmp_path / name)
        assert message in failed.value.errors[0]


def test_the_command_checks_with_dry_run_and_reports(departments, tmp_path, capsys):
    path = write_csv(tmp_path / "tthc.csv", GOOD)
    call_command("import_procedures", str(path), "--dry-run")
    assert "Sẽ tạo 2" in capsys.readouterr().out
    assert not Procedure.objects.exists()
    call_command("import_procedures", str(path))
    assert "Đã tạo 2" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Không nhập gì cả"):
        call_command("import_procedures", str(write_csv(tmp_path / "b.csv", [["1", "x"]])))


def upload(client, path: Path):
    with path.open("rb") as handle:
        return client.post("/console/catalogue/import/", {"file": handle})


def test_the_catalogue_team_checks_then_imports_in_the_console(departments, tmp_path, places):
    from tests.conftest import grant, make_user, official_client
    from tinhso.accounts.choices import Role

    team = grant(make_user("+84901000911", "Đội Danh Mục"), places["ubnd"], Role.SYSTEM_ADMIN)
    client = official_client(team)
    checked = upload(client, write_csv(tmp_path / "tthc.csv", GOOD))
    page = checked.content.decode()
    assert "Sẽ tạo mới 2 và cập nhật 0 thủ tục" in page
    assert not Procedure.objects.exists()  # checked, not written
    token = checked.context["token"]
    done = client.post("/console/catalogue/import/", {"token": token}, follow=True)
    assert "tạo mới 2, cập nhật 0, giữ nguyên 0" in done.content.decode()
    assert Procedure.objects.count() == 2
    # The same token again: gone, nothing happens twice.
    again = client.post("/console/catalogue/import/", {"token": token}, follow=True)
    assert "hết hạn" in again.content.decode()
    bad = [["3", "12345", "Thủ tục lạ", "Cấp Huyện", "", "", "tùy", "", "", "", "", ""]]
    refused = upload(client, write_csv(tmp_path / "bad.csv", bad)).content.decode()
    assert "Không nhập gì cả" in refused and "Dòng 2:" in refused
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    assert "Chỉ nhận tệp .csv hoặc .xlsx" in upload(client, tmp_path / "x.pdf").content.decode()
    for token in ["../../etc/passwd", "abc.py", "x" * 40 + ".csv"]:
        response = client.post("/console/catalogue/import/", {"token": token}, follow=True)
        assert "hết hạn" in response.content.decode()
    assert Procedure.objects.count() == 2


def test_only_the_catalogue_team_imports(departments, tmp_path, outsider, commune_admin):
    from tests.conftest import official_client

    for person in (outsider, commune_admin):
        client = official_client(person)
        assert client.get("/console/catalogue/import/").status_code == 403
        assert upload(client, write_csv(tmp_path / "tthc.csv", GOOD)).status_code == 403
    assert not Procedure.objects.exists()
