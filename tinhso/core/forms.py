"""Form fields every app shares."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tinhso.core.params import EARLIEST, LATEST


class DateInput(forms.DateInput):
    """The browser's date picker. Its value must be ISO (2026-11-01) whatever the
    language: Django would write the Vietnamese input format (01/11/2026), which the
    picker shows as empty — and a required date then fails on its own pre-filled value
    (issue 14: the statistics page rejected its own dates)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DayField(forms.DateField):
    """A date within the years the platform deals in (1900–2100): a date such as
    0001-01-01 is a valid Python date, but moving it to UTC overflows."""

    widget = DateInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def validate(self, value: dt.date | None) -> None:
        super().validate(value)
        if value is not None and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(
                _("Ngày phải trong khoảng từ năm %(a)d đến năm %(b)d."),
                params={"a": EARLIEST.year, "b": LATEST.year},
                code="out_of_range",
            )


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker, fed ISO for the same reason as DateInput."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class MomentField(forms.DateTimeField):
    """A date and time within the platform's years (local time: Asia/Ho_Chi_Minh)."""

    widget = DateTimeInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"])
        super().__init__(**kwargs)

    def validate(self, value: dt.datetime | None) -> None:
        super().validate(value)
        if value is not None and not EARLIEST <= value.date() <= LATEST:
            raise forms.ValidationError(
                _("Ngày phải trong khoảng từ năm %(a)d đến năm %(b)d."),
                params={"a": EARLIEST.year, "b": LATEST.year},
                code="out_of_range",
            )
