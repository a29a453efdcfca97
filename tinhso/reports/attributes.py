"""A category's extra questions (Open311 attributes), checked the same way for
the web form and for Open311 POSTs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from tinhso.core.errors import ActionError
from tinhso.reports.choices import AttributeType as T

MAX_STRING = 300
MAX_TEXT = 4000


def _one(spec: dict[str, Any], value: Any) -> Any:
    code, kind = spec["code"], spec.get("datatype", T.STRING)
    keys = {str(v["key"]) for v in spec.get("values", [])}
    if kind == T.MULTI:
        values = value if isinstance(value, list) else [value]
        values = [str(v) for v in values if str(v).strip()]
        if any(v not in keys for v in values):
            raise ActionError(
                _("“%(code)s”: giá trị không nằm trong danh sách.") % {"code": code},
                field=f"attribute[{code}]",
            )
        return values
    text = str(value).strip()
    if kind == T.SINGLE:
        if text not in keys:
            raise ActionError(
                _("“%(code)s”: giá trị không nằm trong danh sách.") % {"code": code},
                field=f"attribute[{code}]",
            )
        return text
    if kind == T.NUMBER:
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ActionError(
                _("“%(code)s” phải là số.") % {"code": code}, field=f"attribute[{code}]"
            ) from None
        if not number.is_finite() or abs(number) > 10**12:
            raise ActionError(
                _("“%(code)s” phải là số.") % {"code": code}, field=f"attribute[{code}]"
            )
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == T.DATETIME:
        parsed = parse_datetime(text) or _date(text)
        if parsed is None:
            raise ActionError(
                _("“%(code)s” phải là ngày giờ (ISO 8601).") % {"code": code},
                field=f"attribute[{code}]",
            )
        return parsed.isoformat()
    limit = MAX_TEXT if kind == T.TEXT else MAX_STRING
    if len(text) > limit:
        raise ActionError(
            _("“%(code)s” dài quá %(n)d ký tự.") % {"code": code, "n": limit},
            field=f"attribute[{code}]",
        )
    return text


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def clean_attributes(schema: list[dict[str, Any]], raw: dict[str, Any]) -> dict[str, Any]:
    """Known attributes only; required ones present; each of its declared type."""
    cleaned: dict[str, Any] = {}
    for spec in schema:
        code = spec["code"]
        value = raw.get(code)
        empty = value is None or value == "" or value == []
        if empty:
            if spec.get("required"):
                raise ActionError(
                    _("Thiếu thông tin bắt buộc: %(name)s.")
                    % {"name": spec.get("description") or code},
                    field=f"attribute[{code}]",
                    code="required",
                )
            continue
        cleaned[code] = _one(spec, value)
    return cleaned
