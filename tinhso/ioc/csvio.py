"""Reading observation CSV files: `indicator,area,time,value[,quality]`, UTF-8 (with
or without BOM), comma or semicolon (Excel in Vietnamese locale writes `;`)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.translation import gettext as _

from tinhso.ioc.ingest import MAX_ROWS, RowError

COLUMNS = ("indicator", "area", "time", "value")
MAX_BYTES = 20 * 1_048_576


def read(data: bytes) -> tuple[list[dict[str, Any]], list[RowError]]:
    """Rows as dicts, or a file-level error (row 0). Row numbers count the header as 1,
    so they match what the sender sees in a spreadsheet."""
    if len(data) > MAX_BYTES:
        return [], [RowError(0, _("Tệp lớn hơn %(mb)d MB.") % {"mb": MAX_BYTES // 1_048_576})]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowError(0, _("Tệp không phải văn bản UTF-8 (hãy lưu CSV UTF-8)."))]
    if "\x00" in text:
        return [], [RowError(0, _("Tệp không phải CSV."))]
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], [
            RowError(
                0,
                _("Thiếu cột: %(cols)s. Cần: indicator, area, time, value (quality tùy chọn).")
                % {"cols": ", ".join(missing)},
            )
        ]
    reader.fieldnames = header
    rows: list[dict[str, Any]] = []
    try:
        for row in reader:
            if len(rows) >= MAX_ROWS:
                return [], [
                    RowError(0, _("Quá %(n)d dòng một lần; hãy chia nhỏ.") % {"n": MAX_ROWS})
                ]
            rows.append({k: (v or "").strip() for k, v in row.items() if k})
    except csv.Error as exc:
        return [], [RowError(reader.line_num, _("Dòng CSV hỏng: %(e)s") % {"e": str(exc)[:100]})]
    return rows, []


def shift_rows(errors: list[RowError]) -> list[RowError]:
    """Row n of the data is line n + 1 of the file (the header is line 1)."""
    return [RowError(e.row + 1 if e.row else 0, e.message) for e in errors]


def read_any(data: bytes) -> tuple[list[dict[str, Any]], list[RowError]]:
    """Any CSV with a header (for pulled files, whose columns a mapping names)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowError(0, _("Tệp không phải văn bản UTF-8 (hãy lưu CSV UTF-8)."))]
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return [dict(row) for row in csv.DictReader(io.StringIO(text), delimiter=delimiter)], []
    except csv.Error as exc:
        return [], [RowError(0, _("Dòng CSV hỏng: %(e)s") % {"e": str(exc)[:100]})]
