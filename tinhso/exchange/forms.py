"""The console's forms for the axis's registry and its log filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import DateInput
from tinhso.core.models import OrgUnit
from tinhso.exchange.models import MemberClass, Service, Subsystem


class MemberForm(forms.Form):
    member_class = forms.ChoiceField(label=_("Loại thành viên"), choices=MemberClass.choices)
    code = forms.CharField(
        label=_("Mã thành viên"),
        max_length=64,
        help_text=_("Cơ quan nhà nước: mã định danh QCVN 102; doanh nghiệp: mã số thuế."),
    )
    name = forms.CharField(label=_("Tên"), max_length=255)
    org_unit = forms.ModelChoiceField(
        label=_("Đơn vị trong cây tổ chức"),
        queryset=OrgUnit.objects.order_by("path"),
        required=False,
        help_text=_("Để trống với tổ chức ngoài tỉnh."),
    )


class SubsystemForm(forms.Form):
    code = forms.CharField(label=_("Mã hệ thống"), max_length=64, help_text=_("Ví dụ: MOTCUA"))
    name = forms.CharField(label=_("Tên hệ thống"), max_length=255)


class ServiceForm(forms.Form):
    code = forms.CharField(label=_("Mã dịch vụ"), max_length=64)
    name = forms.CharField(label=_("Tên dịch vụ"), max_length=255)
    base_url = forms.CharField(label=_("Địa chỉ gốc của dịch vụ"), max_length=500)
    timeout_seconds = forms.IntegerField(
        label=_("Thời gian chờ tối đa (giây)"), min_value=1, max_value=120, initial=10
    )


class GrantForm(forms.Form):
    """One form on the page (a form under every service would list every system once
    per service)."""

    service = forms.TypedChoiceField(label=_("Dịch vụ"), coerce=int)
    client = forms.TypedChoiceField(label=_("Hệ thống được cấp quyền gọi"), coerce=int)
    method = forms.ChoiceField(
        label=_("Phương thức"),
        choices=[("", _("Mọi phương thức"))]
        + [(m, m) for m in ("GET", "POST", "PUT", "PATCH", "DELETE")],
        required=False,
    )
    path = forms.CharField(
        label=_("Đường dẫn"),
        max_length=255,
        required=False,
        help_text=_("Để trống: cả dịch vụ; /citizens: đường dẫn đó và mọi đường dẫn bên dưới."),
    )

    def __init__(self, *args: Any, services: list[Service] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        systems = Subsystem.objects.filter(is_active=True).select_related("member")
        self.fields["client"].choices = [  # type: ignore[attr-defined]
            (s.pk, f"{s.name} ({s.identifier})") for s in systems
        ]
        self.fields["service"].choices = [  # type: ignore[attr-defined]
            (s.pk, f"{s.name} ({s.identifier})") for s in services or []
        ]

    def clean_client(self) -> Subsystem:
        found = Subsystem.objects.filter(pk=self.cleaned_data["client"], is_active=True).first()
        if found is None:
            raise forms.ValidationError(_("Chọn một hệ thống đang hoạt động."))
        return found


class BodyKeepingForm(forms.Form):
    keep = forms.BooleanField(label=_("Lưu nội dung yêu cầu và trả lời"), required=False)
    days = forms.IntegerField(label=_("Số ngày lưu"), min_value=1, max_value=365, initial=30)


class LogFilterForm(forms.Form):
    client = forms.CharField(label=_("Hệ thống gọi"), max_length=300, required=False)
    service = forms.CharField(label=_("Dịch vụ"), max_length=400, required=False)
    outcome = forms.ChoiceField(
        label=_("Kết quả"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            ("ok", _("Thành công (2xx, 3xx)")),
            ("refused", _("Bị từ chối (4xx)")),
            ("failed", _("Lỗi dịch vụ hoặc trục (5xx)")),
        ],
    )
    since = forms.DateField(label=_("Từ ngày"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput())
    message_id = forms.UUIDField(label=_("Mã thông điệp (X-Road-Id)"), required=False)


class OpenApiForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp mô tả OpenAPI (JSON hoặc YAML)"), required=False, max_length=200
    )
    url = forms.CharField(
        label=_("Hoặc địa chỉ để tải mô tả"),
        max_length=500,
        required=False,
        help_text=_("Ví dụ: địa chỉ gốc của dịch vụ + /openapi.json"),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("file") and not (cleaned.get("url") or "").strip():
            raise forms.ValidationError(_("Chọn một tệp hoặc nhập một địa chỉ."))
        return cleaned
