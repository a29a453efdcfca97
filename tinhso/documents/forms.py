from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import DayField
from tinhso.core.models import OrgUnit
from tinhso.documents import doctypes
from tinhso.documents.choices import Field, HandlingRole, IncomingState, Secrecy, Urgency


def offer_units(form: forms.Form, units: QuerySet[OrgUnit]) -> None:
    """The form's ``unit`` among ``units`` — chosen already when there is only one."""
    field = form.fields["unit"]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = units
    if units.count() == 1:
        field.initial = units.first()


class RegisterIncomingForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("Vào sổ của đơn vị"))
    file = forms.FileField(
        label=_("Tệp văn bản"),
        help_text=_("PDF nhận được hoặc bản giấy đã quét; ảnh chụp JPEG, PNG cũng được."),
    )
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=300)
    notation = forms.CharField(
        label=_("Số, ký hiệu"), max_length=80, help_text=_("Ví dụ: 15/QĐ-UBND, 120/UBND-VP")
    )
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=[("", "—"), *doctypes.CHOICES])
    issued_on = DayField(label=_("Ngày ban hành"), required=True)
    subject = forms.CharField(
        label=_("Trích yếu"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    field = forms.ChoiceField(
        label=_("Lĩnh vực"), choices=Field.choices, initial=Field.GENERAL, required=False
    )
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Urgency.choices, initial=Urgency.NORMAL)
    secrecy = forms.ChoiceField(label=_("Độ mật"), choices=Secrecy.choices, initial=Secrecy.NONE)
    allow_duplicate = forms.BooleanField(
        label=_("Vẫn vào sổ (đây là văn bản khác, không phải bản trùng)"), required=False
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_units(self, units)


class RegisterArrivalForm(RegisterIncomingForm):
    """An electronic document's registration: the file and the unit came with it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, units=OrgUnit.objects.none(), **kwargs)
        del self.fields["file"]
        del self.fields["unit"]


class RefuseArrivalForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do từ chối tiếp nhận"),
        max_length=500,
        help_text=_("Gửi về cơ quan ban hành cùng trạng thái “Từ chối tiếp nhận”."),
    )


class HolderChoiceField(forms.ChoiceField):
    """A person ("u12") or a department ("o7") of the document's unit."""


class AssignForm(forms.Form):
    lead = HolderChoiceField(label=_("Chủ trì"), required=False)
    coordinate = forms.MultipleChoiceField(
        label=_("Phối hợp"), required=False, widget=forms.CheckboxSelectMultiple
    )
    inform = forms.MultipleChoiceField(
        label=_("Để biết"), required=False, widget=forms.CheckboxSelectMultiple
    )
    days = forms.IntegerField(
        label=_("Hạn xử lý (ngày làm việc)"), min_value=1, max_value=365, initial=5
    )
    note = forms.CharField(
        label=_("Ý kiến chỉ đạo"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, holders: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("coordinate", "inform"):
            field = self.fields[name]
            assert isinstance(field, forms.MultipleChoiceField)
            field.choices = holders
        lead = self.fields["lead"]
        assert isinstance(lead, forms.ChoiceField)
        lead.choices = [("", "—"), *holders]


class ForwardForm(forms.Form):
    to = HolderChoiceField(label=_("Chuyển cho"))
    role = forms.ChoiceField(
        label=_("Vai trò"),
        choices=[
            (HandlingRole.COORDINATE, HandlingRole.COORDINATE.label),
            (HandlingRole.INFORM, HandlingRole.INFORM.label),
        ],
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000)

    def __init__(self, *args: Any, holders: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        to = self.fields["to"]
        assert isinstance(to, forms.ChoiceField)
        to.choices = [("", "—"), *holders]


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Ý kiến"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class FinishForm(forms.Form):
    note = forms.CharField(label=_("Kết quả xử lý"), required=False, max_length=2000)


class IncomingFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm"),
        required=False,
        max_length=200,
        help_text=_(
            "Số, ký hiệu, cơ quan ban hành, trích yếu hoặc nội dung; gõ có dấu hay không dấu "
            "đều được."
        ),
    )
    state = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *IncomingState.choices]
    )
    late = forms.BooleanField(label=_("Chỉ văn bản quá hạn"), required=False)
    kind = forms.ChoiceField(
        label=_("Loại văn bản"), required=False, choices=[("", _("Tất cả")), *doctypes.CHOICES]
    )
    field = forms.ChoiceField(
        label=_("Lĩnh vực"), required=False, choices=[("", _("Tất cả")), *Field.choices]
    )
    since = DayField(label=_("Đến từ ngày"))
    until = DayField(label=_("Đến ngày"))
