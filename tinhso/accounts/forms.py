from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import SetPasswordForm as DjangoSetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tinhso.accounts import backoff
from tinhso.accounts.backends import canonical_login
from tinhso.accounts.choices import Role, UserKind
from tinhso.accounts.models import User
from tinhso.accounts.validators import normalize_phone, validate_citizen_id
from tinhso.core.errors import ActionError
from tinhso.core.models import OrgUnit


def clean_name(value: str) -> str:
    value = " ".join((value or "").split())
    if any(ch in value for ch in "<>{}\\/@#$%^*=|~`") or any(c.isdigit() for c in value):
        raise ValidationError(_("Họ tên chỉ gồm chữ cái và khoảng trắng."))
    return value


class ActionErrorMixin:
    """Show an ActionError from a do_* function on the field it concerns."""

    # The action's name for a field, when the form calls it something else.
    action_field_names: dict[str, str] = {}

    def add_action_error(self, exc: ActionError) -> None:
        field = self.action_field_names.get(exc.field or "", exc.field)
        if field not in self.fields:  # type: ignore[attr-defined]
            field = None
        self.add_error(field, exc.message)  # type: ignore[attr-defined]


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Số điện thoại hoặc thư điện tử"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "Số điện thoại/thư điện tử hoặc mật khẩu không đúng. "
            "Sau nhiều lần sai, tài khoản sẽ bị tạm khóa."
        ),
        "inactive": _("Tài khoản chưa được kích hoạt."),
        "slow_down": _(
            "Tài khoản này vừa bị nhập sai mật khẩu nhiều lần. Vui lòng chờ %(seconds)d giây "
            "rồi thử lại."
        ),
    }

    def clean(self) -> dict[str, Any]:
        # The per-account back-off: too soon after the last attempt, the password is
        # not even checked (accounts/backoff.py).
        login = canonical_login(self.data.get("username"))
        if backoff.must_wait(login):
            raise forms.ValidationError(
                self.error_messages["slow_down"],
                code="slow_down",
                params={"seconds": settings.LOGIN_SLOWDOWN_SECONDS},
            )
        return super().clean()


class SignupForm(ActionErrorMixin, forms.Form):
    action_field_names = {"password": "password1"}

    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    phone = forms.CharField(
        label=_("Số điện thoại di động"),
        max_length=20,
        help_text=_("Mã xác minh sẽ được gửi qua tin nhắn đến số này."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Thư điện tử (không bắt buộc)"), required=False, max_length=254
    )
    citizen_id = forms.CharField(
        label=_("Số định danh cá nhân (không bắt buộc)"),
        max_length=12,
        required=False,
        help_text=_("12 chữ số trên căn cước."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    kind = forms.ChoiceField(
        label=_("Tôi là"),
        choices=[
            (UserKind.CITIZEN, UserKind.CITIZEN.label),
            (UserKind.BUSINESS, UserKind.BUSINESS.label),
        ],
        initial=UserKind.CITIZEN,
        widget=forms.RadioSelect,
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 10 ký tự; không dùng mật khẩu dễ đoán."),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_(
            "Tôi đồng ý để Tỉnh số xử lý dữ liệu cá nhân của tôi nhằm cung cấp dịch vụ công "
            "(Nghị định 13/2023/NĐ-CP)."
        ),
        error_messages={"required": _("Cần đồng ý để tạo tài khoản.")},
    )

    def clean_full_name(self) -> str:
        return clean_name(self.cleaned_data["full_name"])

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"])

    def clean_citizen_id(self) -> str:
        value = self.cleaned_data["citizen_id"].strip()
        if value:
            validate_citizen_id(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("password1")
            and data.get("password2")
            and data["password1"] != data["password2"]
        ):
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác minh (6 chữ số)"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise ValidationError(_("Mã chỉ gồm chữ số."))
        return code


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Mã 6 số trong ứng dụng xác thực"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit() or len(token) != 6:
            raise ValidationError(_("Mã gồm đúng 6 chữ số."))
        return token


class ProfileForm(ActionErrorMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email", "citizen_id", "language"]
        widgets = {"language": forms.Select(choices=[("vi", "Tiếng Việt"), ("en", "English")])}

    def clean_full_name(self) -> str:
        return clean_name(self.cleaned_data["full_name"])

    def validate_unique(self) -> None:
        """Uniqueness is checked by the action, with our own messages."""


class SetPasswordForm(DjangoSetPasswordForm):
    pass


class GrantRoleForm(ActionErrorMixin, forms.Form):
    """A role in a unit, choosing only among the units and roles the admin may grant."""

    org_unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.none())
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)

    def __init__(self, *args: Any, org_units: Any, roles: list[tuple[str, Any]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = org_units  # type: ignore[attr-defined]
        self.fields["org_unit"].empty_label = _("— Chọn đơn vị —")  # type: ignore[attr-defined]
        self.fields["role"].choices = roles  # type: ignore[attr-defined]


class OfficialForm(GrantRoleForm):
    field_order = ["full_name", "phone", "email", "org_unit", "role"]

    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    phone = forms.CharField(label=_("Số điện thoại di động"), max_length=20)
    email = forms.EmailField(label=_("Thư điện tử công vụ"), required=False, max_length=254)

    def clean_full_name(self) -> str:
        return clean_name(self.cleaned_data["full_name"])

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"])
