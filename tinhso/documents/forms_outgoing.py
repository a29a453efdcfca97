"""The forms of an outgoing document's page: draft, submit, review, sign, issue."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import DayField
from tinhso.core.models import OrgUnit
from tinhso.documents import doctypes
from tinhso.documents.choices import Field, OutgoingState, Secrecy, Urgency
from tinhso.documents.forms import offer_units

REVIEW_SLOTS = 4  # reviewers in order, before the signer


class DraftForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("Cơ quan ban hành"))
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=[("", "—"), *doctypes.CHOICES])
    subject = forms.CharField(
        label=_("Trích yếu"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(
        label=_("Tệp dự thảo"),
        help_text=_(
            "Word (.docx) hoặc PDF, để trống số và ngày: văn thư điền khi ban hành. "
            "Word được chuyển sang PDF trong giây lát."
        ),
    )
    field = forms.ChoiceField(
        label=_("Lĩnh vực"), choices=Field.choices, initial=Field.GENERAL, required=False
    )
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Urgency.choices, initial=Urgency.NORMAL)
    secrecy = forms.ChoiceField(label=_("Độ mật"), choices=Secrecy.choices, initial=Secrecy.NONE)
    public = forms.BooleanField(
        label=_("Công khai trên trang văn bản của tỉnh khi ban hành"), required=False
    )
    in_reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_units(self, units)


class ReplaceDraftForm(forms.Form):
    file = forms.FileField(label=_("Tệp dự thảo mới"))


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj)


class SubmitForm(forms.Form):
    """The chain: up to four reviewers in order, then who signs."""

    signer = PersonChoiceField(queryset=None, label=_("Người ký"))
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"),
        max_length=120,
        help_text=_("Như ghi ở phần ký, ví dụ: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"),
    )

    def __init__(self, *args: Any, reviewers: QuerySet[Any], signers: QuerySet[Any], **kw: Any):
        super().__init__(*args, **kw)
        signer = self.fields["signer"]
        assert isinstance(signer, forms.ModelChoiceField)
        signer.queryset = signers
        for slot in range(1, REVIEW_SLOTS + 1):
            self.fields[f"reviewer_{slot}"] = PersonChoiceField(
                queryset=reviewers,
                required=False,
                label=_("Người duyệt thứ %(n)d") % {"n": slot},
            )
        self.order_fields([f"reviewer_{slot}" for slot in range(1, REVIEW_SLOTS + 1)])

    def reviewers(self) -> list[Any]:
        return [
            self.cleaned_data[f"reviewer_{slot}"]
            for slot in range(1, REVIEW_SLOTS + 1)
            if self.cleaned_data.get(f"reviewer_{slot}") is not None
        ]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("return", "return")])
    note = forms.CharField(
        label=_("Ý kiến"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi trả lại."),
    )


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Lý do trả lại"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SignForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực (6 chữ số)"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*"}
        ),
        help_text=_("Ký số cần nhập lại mã từ ứng dụng xác thực trên điện thoại."),
    )


class IssueForm(forms.Form):
    recipients = forms.MultipleChoiceField(
        label=_("Nơi nhận qua trục liên thông"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    emails = forms.CharField(
        label=_("Nơi nhận qua thư điện tử"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mỗi dòng một địa chỉ; cho cơ quan, người nhận chưa kết nối trục."),
    )

    def __init__(self, *args: Any, recipients: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recipients"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = recipients

    def email_list(self) -> list[str]:
        raw = self.cleaned_data.get("emails") or ""
        return [line.strip() for line in raw.replace(",", "\n").splitlines() if line.strip()]


class OutgoingFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm"),
        required=False,
        max_length=200,
        help_text=_("Số, ký hiệu, trích yếu hoặc nội dung; có dấu hay không dấu đều được."),
    )
    signer = forms.CharField(label=_("Người ký"), required=False, max_length=150)
    since = DayField(label=_("Ban hành từ ngày"), required=False)
    until = DayField(label=_("đến ngày"), required=False)
    state = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", "—"), *OutgoingState.choices]
    )
    kind = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", "—"), *doctypes.CHOICES]
    )
    field = forms.ChoiceField(
        label=_("Lĩnh vực"), required=False, choices=[("", "—"), *Field.choices]
    )


class PublicSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm văn bản"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", "—"), *doctypes.CHOICES]
    )
    field = forms.ChoiceField(
        label=_("Lĩnh vực"), required=False, choices=[("", "—"), *Field.choices]
    )
