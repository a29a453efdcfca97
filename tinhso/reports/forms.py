from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tinhso.core.choices import COMMUNE_KINDS
from tinhso.core.forms import DayField
from tinhso.core.models import AdminUnit
from tinhso.reports.choices import ReportStatus
from tinhso.reports.models import Category

MAX_PERIOD_DAYS = 366


class ReportFilterForm(forms.Form):
    """Filters of the public map and list; a wrong value is ignored, never a 500."""

    category = forms.ModelChoiceField(
        Category.objects.filter(is_active=True),
        required=False,
        to_field_name="code",
        label=_("Loại"),
        empty_label=_("Tất cả"),
    )
    status = forms.ChoiceField(
        choices=[("", _("Tất cả")), ("open", _("Đang mở")), ("closed", _("Đã đóng"))]
        + [(v, label) for v, label in ReportStatus.choices if v != ReportStatus.HIDDEN],
        required=False,
        label=_("Trạng thái"),
    )
    commune = forms.ModelChoiceField(
        AdminUnit.objects.filter(kind__in=COMMUNE_KINDS, is_active=True).order_by("name"),
        required=False,
        to_field_name="code",
        label=_("Xã, phường"),
        empty_label=_("Tất cả"),
    )
    since = DayField(label=_("Từ ngày"))
    until = DayField(label=_("Đến ngày"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("“Đến ngày” phải sau “Từ ngày”."))
        return data


class ReportFormBase(forms.Form):
    category = forms.ModelChoiceField(
        Category.objects.filter(is_active=True),
        to_field_name="code",
        label=_("Loại sự việc"),
        empty_label=_("— Chọn loại —"),
    )
    lat = forms.CharField(widget=forms.HiddenInput, required=False)
    lon = forms.CharField(widget=forms.HiddenInput, required=False)
    address = forms.CharField(
        label=_("Địa chỉ, mô tả nơi xảy ra"),
        max_length=300,
        required=False,
        help_text=_("Ví dụ: trước số nhà 12, đường Lê Lợi"),
    )
    description = forms.CharField(
        label=_("Nội dung phản ánh"),
        widget=forms.Textarea({"rows": 4, "maxlength": 5000}),
        max_length=5000,
    )
    show_name = forms.BooleanField(label=_("Công khai tên tôi cùng phản ánh"), required=False)


class ModerationForm(forms.Form):
    note = forms.CharField(label=_("Lý do"), widget=forms.Textarea({"rows": 2}), max_length=2000)
    days = forms.IntegerField(
        label=_("Chặn trong (ngày, trống = vô thời hạn)"),
        required=False,
        min_value=1,
        max_value=3650,
    )


def attribute_fields(schema: list[dict[str, Any]], values: dict[str, Any]) -> list[dict[str, Any]]:
    """A category's attributes prepared for the template, with what was typed."""
    return [
        {
            **spec,
            "name": f"attribute[{spec['code']}]",
            "value": values.get(
                spec["code"], [] if spec.get("datatype") == "multivaluelist" else ""
            ),
        }
        for spec in sorted(schema, key=lambda s: s.get("order", 0))
    ]


def posted_attributes(schema: list[dict[str, Any]], post: Any) -> dict[str, Any]:
    """Open311's shape: attribute[code] and, for multi-value lists, attribute[code][]."""
    values: dict[str, Any] = {}
    for spec in schema:
        code = spec["code"]
        if spec.get("datatype") == "multivaluelist":
            values[code] = post.getlist(f"attribute[{code}][]") or post.getlist(
                f"attribute[{code}]"
            )
        else:
            values[code] = post.get(f"attribute[{code}]", "")
    return values


def attribute_display(
    schema: list[dict[str, Any]], values: dict[str, Any]
) -> list[tuple[str, str]]:
    """(question, answer) pairs to show, with list keys turned back into their names."""
    shown = []
    for spec in sorted(schema, key=lambda s: s.get("order", 0)):
        if spec["code"] not in values:
            continue
        names = {str(v["key"]): v["name"] for v in spec.get("values", [])}
        value = values[spec["code"]]
        items = value if isinstance(value, list) else [value]
        shown.append(
            (
                spec.get("description") or spec["code"],
                ", ".join(names.get(str(i), str(i)) for i in items),
            )
        )
    return shown
