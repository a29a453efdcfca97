"""Importing procedures from the national catalogue's export (CSV or XLSX).

The national database of administrative procedures (Cơ sở dữ liệu quốc gia về thủ tục
hành chính) publishes each procedure with these fields; an export or a spreadsheet the
province's catalogue team keeps has one column for each, headed by the field's name.
Headers are matched without diacritics, case or punctuation, so "Mã TTHC", "Mã thủ
tục" and "MA THU TUC" are one column:

    Mã thủ tục · Tên thủ tục · Cấp thực hiện · Lĩnh vực · Cơ quan thực hiện
    Thời hạn giải quyết · Phí, lệ phí · Thành phần hồ sơ · Kết quả thực hiện
    Căn cứ pháp lý · Mức độ (dịch vụ công trực tuyến)
    Đối tượng thực hiện · Yêu cầu, điều kiện thực hiện (optional: who it is for)

All or nothing: every row is checked first; one bad row means nothing is written, and
the errors name the rows ("Dòng 14: …", the spreadsheet's own line numbers). A code
already in the catalogue is updated in place (its documents matched by name, so the
dossiers that cite one keep it); importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tinhso.core.audit import write_audit
from tinhso.core.importers import ImportFailed, ImportResult
from tinhso.core.models import OrgUnit, ProcedureField
from tinhso.core.text import fold
from tinhso.services.choices import OnlineLevel, ProcedureLevel
from tinhso.services.models import Procedure, RequiredDocument

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_ROWS = 5000

# The column each field is read from: its folded header, and the other names seen.
COLUMNS = {
    "code": ["ma thu tuc", "ma tthc", "ma"],
    "name": ["ten thu tuc", "ten tthc", "ten"],
    "who": ["doi tuong thuc hien"],
    "conditions": ["yeu cau dieu kien thuc hien", "yeu cau dieu kien", "mo ta"],
    "level": ["cap thuc hien"],
    "field": ["linh vuc"],
    "agency": ["co quan thuc hien", "co quan giai quyet"],
    "days": ["thoi han giai quyet", "thoi han"],
    "fee": ["phi le phi", "phi", "le phi"],
    "documents": ["thanh phan ho so"],
    "result": ["ket qua thuc hien", "ket qua"],
    "legal_basis": ["can cu phap ly"],
    "online": ["muc do", "muc do dich vu cong truc tuyen", "dich vu cong truc tuyen"],
}
REQUIRED = ("code", "name", "level", "field", "days")
HEADINGS = {  # as the national database names them, for messages
    "code": "Mã thủ tục",
    "name": "Tên thủ tục",
    "level": "Cấp thực hiện",
    "field": "Lĩnh vực",
    "days": "Thời hạn giải quyết",
}
CODE = re.compile(r"^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$")
_DAYS = re.compile(r"(\d+)\s*(?:ngay|ngày)", re.IGNORECASE)
_MONEY = re.compile(r"(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?:đồng|dong|đ\b|vnđ|vnd)", re.IGNORECASE)
_FREE = ("khong", "mien", "khong thu")
_BULLET = re.compile(r"^\s*(?:[-+•*–]|\d+[.)]|[a-z][.)])\s*", re.IGNORECASE)
_OPTIONAL = re.compile(r"\s*\((?:nếu có|neu co)\)\s*$", re.IGNORECASE)


@dataclass
class Row:
    line: int
    code: str
    name: str
    description: str
    level: str
    field_name: str
    agency: OrgUnit | None
    days: int
    fee: int
    fee_note: str
    documents: list[tuple[str, bool]]
    result: str
    legal_basis: str
    online: str
    problems: list[str] = field(default_factory=list)


def _header(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(str(text or ""))).split())


def _read(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, {field: text}) for every row that is not blank."""
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise ImportFailed([_("Tệp lớn quá %(n)d MB.") % {"n": MAX_IMPORT_BYTES // 1_048_576}])
    if path.suffix.lower() == ".xlsx":
        table = _xlsx(path)
    elif path.suffix.lower() == ".csv":
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFailed([_("Tệp CSV phải được lưu với bảng mã UTF-8.")]) from None
        table = list(csv.reader(io.StringIO(text)))
    else:
        raise ImportFailed([_("Chỉ nhận tệp .csv hoặc .xlsx.")])
    if not table:
        raise ImportFailed([_("Tệp không có dòng nào.")])
    headers = [_header(h) for h in table[0]]
    where: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for name in names:
            if name in headers:
                where[key] = headers.index(name)
                break
    missing = [HEADINGS[k] for k in REQUIRED if k not in where]
    if missing:
        raise ImportFailed(
            [_("Thiếu cột: %(columns)s (dòng 1 là tiêu đề cột).") % {"columns": ", ".join(missing)}]
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {k: str(cells[i]).strip() if i < len(cells) else "" for k, i in where.items()}
        if any(values.values()):
            rows.append((number, values))
    if len(rows) > MAX_ROWS:
        raise ImportFailed(
            [
                _("Tệp có %(n)d thủ tục; mỗi lần nhập tối đa %(max)d.")
                % {"n": len(rows), "max": MAX_ROWS}
            ]
        )
    return rows


def _xlsx(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFailed(
            [_("Không đọc được tệp Excel: %(why)s.") % {"why": exc.__class__.__name__}]
        ) from None
    sheet = book.worksheets[0]
    table = [
        ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    book.close()
    return table


def _level(text: str) -> str | None:
    # A procedure the national catalogue lists at several levels is imported at the
    # commune's: the one a citizen reaches first.
    folded = fold(text)
    if "xa" in folded.split() or "cap xa" in folded or "phuong" in folded:
        return ProcedureLevel.COMMUNE
    if "tinh" in folded or "so" in folded.split():
        return ProcedureLevel.PROVINCE
    return None


def _fee(text: str) -> tuple[int | None, str]:
    """(fee in đồng, the note): the first amount; 0 when it says none."""
    if not text or fold(text).startswith(_FREE):
        return 0, "" if fold(text) in ("", *_FREE) else text[:300]
    found = _MONEY.search(text)
    if not found:
        return None, ""
    amount = int(re.sub(r"[.,]", "", found.group(1)))
    note = "" if text.strip() == found.group(0).strip() else text[:300]
    return amount, note


def _documents(text: str) -> list[tuple[str, bool]]:
    out = []
    for line in re.split(r"[\n;]+", text):
        name = _BULLET.sub("", line).strip()
        if not name:
            continue
        optional = bool(_OPTIONAL.search(name))
        out.append((_OPTIONAL.sub("", name)[:300], not optional))
    return out


def _check(line: int, v: dict[str, str], agencies: dict[str, OrgUnit]) -> Row:
    problems = []
    code = v.get("code", "")
    if not CODE.match(code):
        problems.append(
            _("mã thủ tục «%(code)s» không đúng dạng quốc gia (ví dụ 1.001193)")
            % {"code": code[:40]}
        )
    name = " ".join(v.get("name", "").split())
    if not name or len(name) > 500:
        problems.append(_("thiếu tên thủ tục") if not name else _("tên thủ tục dài quá 500 ký tự"))
    level = _level(v.get("level", ""))
    if level is None:
        problems.append(
            _("cấp thực hiện «%(level)s» không rõ (cấp tỉnh / cấp xã)")
            % {"level": v.get("level", "")[:40]}
        )
    field_name = " ".join(v.get("field", "").split())
    if not field_name or len(field_name) > 200:
        problems.append(
            _("thiếu lĩnh vực") if not field_name else _("tên lĩnh vực dài quá 200 ký tự")
        )
    agency = None
    agency_name = v.get("agency", "").strip()
    if level == ProcedureLevel.PROVINCE:
        agency = agencies.get(fold(agency_name))
        if agency is None:
            problems.append(
                _("cơ quan thực hiện «%(agency)s» không có trong cơ cấu tổ chức")
                % {"agency": agency_name[:80]}
            )
    days_found = _DAYS.search(v.get("days", ""))
    days = int(days_found.group(1)) if days_found else 0
    if not days_found or not 0 < days <= 365:
        problems.append(
            _("thời hạn giải quyết «%(days)s» không có số ngày") % {"days": v.get("days", "")[:40]}
        )
    fee, fee_note = _fee(v.get("fee", ""))
    if fee is None:
        problems.append(
            _("phí, lệ phí «%(fee)s» không có số tiền (đồng)") % {"fee": v.get("fee", "")[:60]}
        )
    online = OnlineLevel.FULL if "toan trinh" in fold(v.get("online", "")) else OnlineLevel.PARTIAL
    return Row(
        line=line,
        code=code,
        name=name,
        description="\n".join(
            t for t in (v.get("who", "").strip(), v.get("conditions", "").strip()) if t
        )[:4000],
        level=level or "",
        field_name=field_name,
        agency=agency,
        days=days,
        fee=fee or 0,
        fee_note=fee_note,
        documents=_documents(v.get("documents", "")),
        result=" ".join(v.get("result", "").split())[:300] or "Kết quả giải quyết thủ tục",
        legal_basis=v.get("legal_basis", ""),
        online=online,
        problems=problems,
    )


def import_procedures(path: Path, *, actor: Any = None, dry_run: bool = False) -> ImportResult:
    """Check every row, then write them all, or raise ImportFailed naming each bad row."""
    read = _read(path)
    agencies = {fold(u.name): u for u in OrgUnit.objects.filter(is_active=True)}
    rows = [_check(line, values, agencies) for line, values in read]
    seen: dict[str, int] = {}
    for row in rows:
        if row.code in seen:
            row.problems.append(_("mã thủ tục trùng với dòng %(line)d") % {"line": seen[row.code]})
        seen.setdefault(row.code, row.line)
    errors = [
        _("Dòng %(line)d: %(problems)s.") % {"line": r.line, "problems": "; ".join(r.problems)}
        for r in rows
        if r.problems
    ]
    if errors:
        raise ImportFailed(errors)
    result = ImportResult()
    if dry_run:
        existing = set(Procedure.objects.filter(code__in=seen).values_list("code", flat=True))
        result.created = len(set(seen) - existing)
        result.updated = len(existing)
        return result
    with transaction.atomic():
        fields = {fold(f.name): f for f in ProcedureField.objects.all()}
        for row in rows:
            _write(row, result, fields)
        write_audit(
            "services.catalogue_imported",
            actor=actor,
            object_type="services.procedure",
            object_repr=path.name[:255],
            data={
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
    return result


def _field(name: str, fields: dict[str, ProcedureField]) -> ProcedureField:
    """The field of that name (folded), created the first time a file names it.
    `fields` is the catalogue's fields by folded name, read once per import."""
    key = fold(name)
    if key not in fields:
        code = slugify(key)[:50] or "linh-vuc"
        fields[key] = ProcedureField.objects.get_or_create(code=code, defaults={"name": name})[0]
    return fields[key]


def _write(row: Row, result: ImportResult, fields: dict[str, ProcedureField]) -> None:
    values = {
        "name": row.name,
        "description": row.description,
        "field": _field(row.field_name, fields),
        "level": row.level,
        "agency": row.agency,
        "processing_days": row.days,
        "fee": row.fee,
        "fee_note": row.fee_note,
        "online_level": row.online,
        "result_name": row.result,
        "legal_basis": row.legal_basis,
        "is_active": True,
    }
    procedure = Procedure.objects.filter(code=row.code).first()
    created = procedure is None
    if procedure is None:
        procedure = Procedure(code=row.code, **values)
        procedure.save()
        changed = True
    else:
        changed = any(getattr(procedure, k) != v for k, v in values.items())
        if changed:
            for key, value in values.items():
                setattr(procedure, key, value)
            procedure.save()
    changed = _write_documents(procedure, row.documents) or changed
    result.codes.append(procedure.code)
    if created:
        result.created += 1
    elif changed:
        result.updated += 1
    else:
        result.unchanged += 1


def _write_documents(procedure: Procedure, documents: list[tuple[str, bool]]) -> bool:
    """The documents as listed, matched by name with those already there (a dossier
    that cites one keeps it). Whether anything changed."""
    kept = {fold(d.name): d for d in procedure.documents.all()}
    changed = False
    wanted = set()
    for order, (name, mandatory) in enumerate(documents, start=1):
        key = fold(name)
        wanted.add(key)
        document = kept.get(key)
        if document is None:
            RequiredDocument.objects.create(
                procedure=procedure, name=name, mandatory=mandatory, order=order
            )
            changed = True
        elif (document.name, document.mandatory, document.order) != (name, mandatory, order):
            document.name, document.mandatory, document.order = name, mandatory, order
            document.save()
            changed = True
    gone = [d.pk for key, d in kept.items() if key not in wanted]
    if gone:
        RequiredDocument.objects.filter(pk__in=gone).delete()
        changed = True
    return changed
