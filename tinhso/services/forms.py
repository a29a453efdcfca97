"""Forms for dossiers. A procedure's online form is data (``form_schema``);
``schema_form`` turns it into a Django form, so the same validation runs on the
page and in the API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tinhso.accounts.validators import normalize_phone, validate_citizen_id
from tinhso.core.choices import OrgUnitKind
from tinhso.core.forms import DateInput
from tinhso.core.models import OrgUnit
from tinhso.services.choices import FormFieldType, Satisfaction
from tinhso.services.models import Procedure

MAX_TEXT = 300
MAX_TEXTAREA = 4000


class CitizenIdField(forms.CharField):
    default_validators = [validate_citizen_id]


class PhoneField(forms.CharField):
    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return normalize_phone(value) if value else value


def _field(spec: dict[str, Any]) -> forms.Field:
    kind = spec.get("type")
    common = {"label": spec.get("label") or spec["name"], "required": bool(spec.get("required"))}
    if kind == FormFieldType.TEXT:
        return forms.CharField(
            max_length=min(int(spec.get("max_length", MAX_TEXT)), MAX_TEXT), **common
        )
    if kind == FormFieldType.TEXTAREA:
        return forms.CharField(
            max_length=min(int(spec.get("max_length", MAX_TEXTAREA)), MAX_TEXTAREA),
            widget=forms.Textarea(attrs={"rows": 4}),
            **common,
        )
    if kind == FormFieldType.NUMBER:
        return forms.DecimalField(
            min_value=0, max_value=10**15, max_digits=18, decimal_places=2, **common
        )
    if kind == FormFieldType.DATE:
        return forms.DateField(widget=DateInput(), **common)
    if kind == FormFieldType.CHOICE:
        choices = [(c, c) for c in spec.get("choices", [])]
        return forms.ChoiceField(choices=[("", "—"), *choices], **common)
    if kind == FormFieldType.CITIZEN_ID:
        return CitizenIdField(
            max_length=12, widget=forms.TextInput(attrs={"inputmode": "numeric"}), **common
        )
    if kind == FormFieldType.PHONE:
        return PhoneField(
            max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"}), **common
        )
    if kind == FormFieldType.EMAIL:
        return forms.EmailField(max_length=254, **common)
    raise ValueError(f"unknown form field type {kind!r}")


def validate_schema(schema: Any) -> None:
    """For the admin editing a procedure: the schema must build a form."""
    if not isinstance(schema, list):
        raise ValidationError(_("Biểu mẫu phải là một danh sách trường."))
    names = set()
    for spec in schema:
        if not isinstance(spec, dict) or not str(spec.get("name", "")).isidentifier():
            raise ValidationError(_("Mỗi trường cần “name” là một định danh hợp lệ."))
        if spec["name"] in names:
            raise ValidationError(_("Tên trường bị trùng: %(name)s") % {"name": spec["name"]})
        names.add(spec["name"])
        try:
            _field(spec)
        except (ValueError, TypeError) as exc:
            raise ValidationError(str(exc)) from exc


def schema_form(procedure: Procedure, data: Any = None, prefix: str = "f") -> forms.Form:
    fields = {spec["name"]: _field(spec) for spec in procedure.form_schema}
    form_class = type("ProcedureForm", (forms.Form,), fields)
    return form_class(data, prefix=prefix)


def json_ready(cleaned: dict[str, Any]) -> dict[str, Any]:
    """Cleaned values as JSON: dates as ISO text, numbers as int or float."""
    out: dict[str, Any] = {}
    for key, value in cleaned.items():
        if hasattr(value, "isoformat"):
            out[key] = value.isoformat()
        elif isinstance(value, Decimal):
            out[key] = int(value) if value == value.to_integral_value() else float(value)
        else:
            out[key] = value
    return out


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ApplicantForm(forms.Form):
    """Where the dossier goes (for commune procedures) and a contact address."""

    agency = forms.ModelChoiceField(
        label=_("Nộp tại"), queryset=OrgUnit.objects.none(), empty_label=_("— Chọn xã, phường —")
    )
    applicant_address = forms.CharField(label=_("Địa chỉ liên hệ"), max_length=300)

    def __init__(self, *args: Any, procedure: Procedure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if procedure.level == "province":
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
                kind=OrgUnitKind.PEOPLES_COMMITTEE,
                is_active=True,
                area__kind__in=["commune", "ward", "special_zone"],
            ).order_by("name")


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Mức độ hài lòng"),
        choices=Satisfaction.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Góp ý (không bắt buộc)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Mã hồ sơ"), max_length=40)
    secret = forms.CharField(
        label=_("4 số cuối điện thoại hoặc số định danh của người nộp"),
        help_text=_("Có thể nhập cả số: chỉ 4 số cuối được dùng để đối chiếu."),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()

    def clean_secret(self) -> str:
        """The last four digits — of what was typed, whole number or not (a 12-digit
        ID was refused while the label invited it)."""
        digits = "".join(c for c in self.cleaned_data["secret"] if c in "0123456789")
        if len(digits) < 4:
            raise forms.ValidationError(_("Nhập ít nhất 4 chữ số."))
        return digits[-4:]


class CounterApplicantForm(forms.Form):
    """What the receptionist types from the applicant's papers at the counter."""

    applicant_name = forms.CharField(label=_("Họ tên người nộp"), max_length=150)
    applicant_phone = forms.CharField(label=_("Số điện thoại"), max_length=20)
    applicant_citizen_id = forms.CharField(
        label=_("Số định danh cá nhân"), max_length=12, required=False
    )
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=300)
    channel = forms.ChoiceField(
        label=_("Hình thức nộp"),
        choices=[("counter", _("Trực tiếp tại bộ phận một cửa")), ("post", _("Qua bưu chính"))],
    )
    agency = forms.ModelChoiceField(
        label=_("Cơ quan giải quyết"), queryset=OrgUnit.objects.none(), required=False
    )

    def __init__(self, *args: Any, procedure: Procedure, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if procedure.level == "province":
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
            self.fields["agency"].required = True
            self.fields["agency"].empty_label = _("— Chọn xã, phường —")  # type: ignore[attr-defined]
            if len(agencies) == 1:  # a commune's desk serves its own committee only
                self.fields["agency"].initial = agencies[0].pk

    def clean_applicant_name(self) -> str:
        from tinhso.accounts.forms import clean_name

        return clean_name(self.cleaned_data["applicant_name"])

    def clean_applicant_phone(self) -> str:
        return normalize_phone(self.cleaned_data["applicant_phone"])

    def clean_applicant_citizen_id(self) -> str:
        value = self.cleaned_data["applicant_citizen_id"].strip()
        if value:
            validate_citizen_id(value)
        return value
