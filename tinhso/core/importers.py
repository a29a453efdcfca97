"""Importing administrative units from CSV or GeoJSON.

All-or-nothing: every row is checked first; one bad row means nothing is
written and the errors name the rows. Re-importing the same file changes
nothing (units are matched by their official code).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from tinhso.core.choices import AdminUnitKind
from tinhso.core.models import AdminUnit
from tinhso.core.models.places import admin_code_validator

MAX_IMPORT_BYTES = 50 * 1024 * 1024
GEOMETRY_TYPES = {"Polygon", "MultiPolygon"}


class ImportFailed(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    codes: list[str] = field(default_factory=list)


def _rows_from_csv(text: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"code", "name", "kind"} - set(reader.fieldnames or [])
    if missing:
        raise ImportFailed([f"CSV thiếu cột: {', '.join(sorted(missing))}"])
    return [
        {**row, "boundary": json.loads(row["boundary"]) if row.get("boundary") else None}
        for row in reader
    ]


def _rows_from_geojson(text: str) -> list[dict[str, Any]]:
    data = json.loads(text)
    if data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise ImportFailed(["GeoJSON phải là một FeatureCollection."])
    rows = []
    for feature in data["features"]:
        props = feature.get("properties") or {}
        rows.append({**props, "boundary": feature.get("geometry")})
    return rows


def _check_geometry(geometry: Any) -> str | None:
    if geometry is None:
        return None
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        return "ranh giới phải là Polygon hoặc MultiPolygon"
    polygons = (
        [geometry.get("coordinates") or []]
        if geometry["type"] == "Polygon"
        else geometry.get("coordinates") or []
    )
    try:
        for polygon in polygons:
            for ring in polygon:
                if len(ring) < 4 or ring[0] != ring[-1]:
                    return "mỗi vòng ranh giới phải khép kín và có ít nhất 4 điểm"
                for lon, lat, *_rest in ring:
                    if not (-180 <= float(lon) <= 180 and -90 <= float(lat) <= 90):
                        return "tọa độ nằm ngoài phạm vi kinh độ/vĩ độ"
    except (TypeError, ValueError):
        return "tọa độ ranh giới không đọc được"
    return None


def _validate(rows: list[dict[str, Any]]) -> list[str]:
    errors = []
    seen: set[str] = set()
    known = set(AdminUnit.objects.values_list("code", flat=True))
    for number, row in enumerate(rows, start=1):
        code = str(row.get("code") or "").strip()
        where = f"dòng {number} ({code or 'không mã'})"
        try:
            admin_code_validator(code)
        except ValidationError:
            errors.append(f"{where}: mã phải gồm 2–5 chữ số")
        if code in seen:
            errors.append(f"{where}: mã bị trùng trong tệp")
        seen.add(code)
        if not str(row.get("name") or "").strip() or len(str(row.get("name"))) > 200:
            errors.append(f"{where}: tên trống hoặc dài quá 200 ký tự")
        if row.get("kind") not in AdminUnitKind.values:
            errors.append(f"{where}: loại '{row.get('kind')}' không hợp lệ")
        parent = str(row.get("parent_code") or "").strip()
        if parent and parent not in seen and parent not in known:
            errors.append(f"{where}: không tìm thấy đơn vị cấp trên {parent} (phải đứng trước)")
        if problem := _check_geometry(row.get("boundary")):
            errors.append(f"{where}: {problem}")
    return errors


def import_admin_units(path: Path) -> ImportResult:
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise ImportFailed([f"Tệp lớn hơn {MAX_IMPORT_BYTES // 1024 // 1024} MB."])
    try:
        text = path.read_text(encoding="utf-8-sig")
        rows = (
            _rows_from_geojson(text)
            if path.suffix.lower() in {".geojson", ".json"}
            else (_rows_from_csv(text))
        )
    except (UnicodeDecodeError, json.JSONDecodeError, csv.Error) as exc:
        raise ImportFailed([f"Không đọc được tệp: {exc}"]) from exc
    errors = _validate(rows)
    if errors:
        raise ImportFailed(errors)
    result = ImportResult()
    with transaction.atomic():
        by_code = {u.code: u for u in AdminUnit.objects.all()}
        for row in rows:
            code = str(row["code"]).strip()
            parent_code = str(row.get("parent_code") or "").strip()
            values = {
                "name": str(row["name"]).strip(),
                "kind": row["kind"],
                "boundary": row.get("boundary"),
                "parent": by_code[parent_code] if parent_code else None,
            }
            unit = by_code.get(code)
            if unit is None:
                unit = AdminUnit(code=code, **values)
                unit.save()
                result.created += 1
            elif any(getattr(unit, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(unit, key, value)
                unit.save()
                result.updated += 1
            else:
                result.unchanged += 1
            by_code[code] = unit
            result.codes.append(code)
    return result
