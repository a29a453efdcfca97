"""The vehicle registry (plate → owner, address, phone) imported from the traffic
police's CSV export, to address "phạt nguội" notices.

    plate,plate_colour,owner_name,address,phone
    51F-123.45,white,Nguyễn Văn An,"12 Lê Lợi, Phường An",0901234567

All-or-nothing like the other importers: every line is checked first and one bad line
means nothing is written, with every error named by its line. A plate already in the
registry is updated, so importing the same export again changes nothing. The owner is
linked to a platform account only when the account's phone number — verified when it
was registered — is the registry's phone: then notices also reach the owner's inbox and
phone, and the violations appear in their "my items".
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.accounts.models import User
from tinhso.accounts.validators import normalize_phone
from tinhso.core.audit import write_audit
from tinhso.core.importers import ImportFailed
from tinhso.traffic.choices import PlateColour
from tinhso.traffic.models import Vehicle
from tinhso.vision import plates

MAX_BYTES = 20 * 1_048_576
COLUMNS = ("plate", "plate_colour", "owner_name", "address", "phone")
COLOUR_WORDS = {"trắng": "white", "vàng": "yellow", "xanh": "blue", "đỏ": "red"}


class RegistryError(ImportFailed):
    """The registry file was refused; `errors` names every bad line."""


@dataclass
class RegistryResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    linked: int = 0


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise RegistryError([_("Tệp lớn hơn %(mb)d MB.") % {"mb": MAX_BYTES // 1_048_576}])
    for encoding in ("utf-8-sig", "cp1258"):  # Excel on Vietnamese Windows saves cp1258
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RegistryError([_("Tệp không phải văn bản CSV (UTF-8).")])


def _clean(line: int, row: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    errors = []
    plate = plates.normalise(row.get("plate") or "")
    if not plates.is_valid(plate):
        errors.append(
            _("Dòng %(n)d: biển số “%(p)s” không đúng định dạng.")
            % {"n": line, "p": (row.get("plate") or "")[:20]}
        )
    colour = (row.get("plate_colour") or "").strip().lower()
    colour = COLOUR_WORDS.get(colour, colour)
    if colour not in PlateColour.values:
        errors.append(_("Dòng %(n)d: màu biển phải là white, yellow, blue hoặc red.") % {"n": line})
    name, address = (row.get("owner_name") or "").strip(), (row.get("address") or "").strip()
    if not name or len(name) > 150:
        errors.append(_("Dòng %(n)d: thiếu tên chủ xe hoặc tên quá dài.") % {"n": line})
    if not address or len(address) > 300:
        errors.append(_("Dòng %(n)d: thiếu địa chỉ hoặc địa chỉ quá dài.") % {"n": line})
    phone = (row.get("phone") or "").strip()
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationError:
            errors.append(_("Dòng %(n)d: số điện thoại không hợp lệ.") % {"n": line})
    clean = {
        "plate": plate,
        "plate_colour": colour,
        "owner_name": name,
        "address": address,
        "phone": phone,
    }
    return clean, errors


def parse(data: bytes) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(_decode(data)))
    missing = set(COLUMNS) - set(reader.fieldnames or [])
    if missing:
        raise RegistryError([_("Thiếu cột: %(c)s") % {"c": ", ".join(sorted(missing))}])
    rows: list[dict[str, str]] = []
    errors: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    try:
        for line, raw in enumerate(reader, start=2):
            clean, problems = _clean(line, raw)
            key = (clean["plate"], clean["plate_colour"])
            if not problems and key in seen:
                problems.append(
                    _("Dòng %(n)d: biển số trùng với dòng %(m)d.") % {"n": line, "m": seen[key]}
                )
            seen.setdefault(key, line)
            errors.extend(problems)
            rows.append(clean)
    except csv.Error as exc:
        errors.append(_("CSV hỏng: %(e)s") % {"e": exc})
    if errors:
        raise RegistryError(
            errors[:50]
            + ([_("… và %(n)d lỗi nữa.") % {"n": len(errors) - 50}] if len(errors) > 50 else [])
        )
    if not rows:
        raise RegistryError([_("Tệp không có dòng dữ liệu nào.")])
    return rows


def do_import_vehicles(data: bytes, *, acting_user: object = None) -> RegistryResult:
    rows = parse(data)
    result = RegistryResult()
    users = dict(
        User.objects.filter(
            phone__in={r["phone"] for r in rows if r["phone"]}, phone_verified_at__isnull=False
        ).values_list("phone", "pk")
    )
    with transaction.atomic():
        existing = {
            (v.plate, v.plate_colour): v
            for v in Vehicle.objects.filter(plate__in={r["plate"] for r in rows})
        }
        for row in rows:
            owner_id = users.get(row["phone"]) if row["phone"] else None
            vehicle = existing.get((row["plate"], row["plate_colour"]))
            if vehicle is None:
                Vehicle.objects.create(**row, owner_id=owner_id)
                result.created += 1
            else:
                values = {**row, "owner_id": owner_id}
                if all(getattr(vehicle, k) == v for k, v in values.items()):
                    result.unchanged += 1
                    continue
                for k, v in values.items():
                    setattr(vehicle, k, v)
                vehicle.save()
                result.updated += 1
            result.linked += owner_id is not None
        write_audit(
            "traffic.registry_imported", actor=acting_user,
            data={"created": result.created, "updated": result.updated,
                  "unchanged": result.unchanged},
        )  # fmt: skip
    return result
