import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tinhso.core import importers
from tinhso.core.models import AdminUnit

SQUARE = {"type": "Polygon", "coordinates": [[[106, 11], [106.1, 11], [106.1, 11.1], [106, 11]]]}


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def geojson(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)}, ensure_ascii=False)


def feature(code, name, kind, parent="", geometry=SQUARE):
    return {
        "type": "Feature",
        "properties": {"code": code, "name": name, "kind": kind, "parent_code": parent},
        "geometry": geometry,
    }


@pytest.mark.django_db
def test_it_imports_a_tree_with_boundaries_and_is_idempotent(tmp_path):
    path = write(
        tmp_path,
        "units.geojson",
        geojson(
            feature("77", "Tỉnh Mẫu", "province"),
            feature("77001", "Phường Một", "ward", "77"),
            feature("77004", "Xã Hai", "commune", "77"),
        ),
    )
    call_command("load_units", str(path))
    ward = AdminUnit.objects.get(code="77001")
    assert ward.parent.code == "77"
    assert ward.boundary["type"] == "Polygon"
    assert {u.code for u in AdminUnit.objects.get(code="77").subtree()} == {"77", "77001", "77004"}
    result = importers.import_admin_units(path)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)


@pytest.mark.django_db
def test_it_imports_csv_and_updates_a_renamed_unit(tmp_path):
    path = write(
        tmp_path,
        "u.csv",
        "code,name,kind,parent_code\n78,Tỉnh B,province,\n78010,Xã C,commune,78\n",
    )
    importers.import_admin_units(path)
    path.write_text("code,name,kind,parent_code\n78,Tỉnh B,province,\n78010,Xã C mới,commune,78\n")
    result = importers.import_admin_units(path)
    assert result.updated == 1
    assert AdminUnit.objects.get(code="78010").name == "Xã C mới"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([feature("7", "Quá ngắn", "province")], "2–5 chữ số"),
        ([feature("79", "A", "province"), feature("79", "B", "province")], "trùng"),
        ([feature("79", "A", "kingdom")], "không hợp lệ"),
        ([feature("79001", "A", "ward", "98")], "cấp trên 98"),
        ([feature("79", "", "province")], "tên trống"),
        ([feature("79", "<script>alert(1)</script>" * 20, "province")], "dài quá"),
        (
            [feature("79", "A", "province", geometry={"type": "Point", "coordinates": [1, 2]})],
            "Polygon",
        ),
        (
            [
                feature(
                    "79",
                    "A",
                    "province",
                    geometry={"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]},
                )
            ],
            "khép kín",
        ),
        (
            [
                feature(
                    "79",
                    "A",
                    "province",
                    geometry={
                        "type": "Polygon",
                        "coordinates": [[[0, 0], [500, 1], [1, 2], [0, 0]]],
                    },
                )
            ],
            "ngoài phạm vi",
        ),
    ],
)
def test_it_refuses_a_bad_file_and_writes_nothing(tmp_path, rows, message):
    good = feature("80", "Tỉnh Tốt", "province")
    path = write(tmp_path, "bad.geojson", geojson(good, *rows))
    with pytest.raises(CommandError) as excinfo:
        call_command("load_units", str(path))
    assert message in str(excinfo.value)
    assert not AdminUnit.objects.filter(code="80").exists()


@pytest.mark.django_db
def test_it_refuses_files_that_are_not_what_they_claim(tmp_path):
    with pytest.raises(importers.ImportFailed, match="FeatureCollection"):
        importers.import_admin_units(write(tmp_path, "a.geojson", '{"type": "Feature"}'))
    with pytest.raises(importers.ImportFailed, match="Không đọc được"):
        importers.import_admin_units(write(tmp_path, "b.geojson", "{not json"))
    with pytest.raises(importers.ImportFailed, match="thiếu cột"):
        importers.import_admin_units(write(tmp_path, "c.csv", "ma,ten\n1,2\n"))
    binary = tmp_path / "d.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(importers.ImportFailed):
        importers.import_admin_units(binary)
    assert AdminUnit.objects.count() == 0


@pytest.mark.django_db
def test_it_refuses_an_oversized_file(tmp_path, monkeypatch):
    monkeypatch.setattr(importers, "MAX_IMPORT_BYTES", 100)
    path = write(tmp_path, "big.csv", "code,name,kind,parent_code\n" + "81,Tỉnh,province,\n" * 20)
    with pytest.raises(importers.ImportFailed, match="lớn hơn"):
        importers.import_admin_units(path)


@pytest.mark.django_db
def test_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("load_units", "/nonexistent/units.csv")
