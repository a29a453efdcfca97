from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.core.forms import MomentField
from tinhso.core.models import OrgUnit
from tinhso.meetings.choices import (
    Choice,
    MajorityRule,
    MeetingKind,
    ParticipantRole,
    PublicationKind,
    QuorumRule,
    Reply,
)
from tinhso.meetings.models import AgendaItem, MeetingDocument

MAX_GUESTS = 50


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj)


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj)


class MeetingForm(forms.Form):
    body = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("Cơ quan họp"))
    kind = forms.ChoiceField(label=_("Loại cuộc họp"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Tên cuộc họp"), max_length=300)
    starts_at = MomentField(label=_("Thời gian bắt đầu"))
    term = forms.CharField(
        label=_("Khóa"), max_length=40, required=False, help_text=_("Ví dụ: khóa XII")
    )
    session_number = forms.IntegerField(
        label=_("Kỳ họp thứ"), required=False, min_value=1, max_value=99
    )
    speech_minutes = forms.IntegerField(
        label=_("Thời gian mỗi lượt phát biểu (phút)"), min_value=1, max_value=30, initial=5
    )
    room = forms.CharField(label=_("Phòng họp"), max_length=200, required=False)
    online_link = forms.URLField(
        label=_("Đường dẫn họp trực tuyến"), required=False, assume_scheme="https"
    )
    chair = PersonField(queryset=None, label=pgettext_lazy("meeting", "Chủ trì"), required=False)
    secretary = PersonField(queryset=None, label=_("Thư ký"), required=False)
    confidential = forms.BooleanField(
        label=_("Họp kín: tài liệu chỉ người được mời xem"), required=False
    )

    def __init__(
        self, *args: Any, units: QuerySet[OrgUnit], people: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        body = self.fields["body"]
        assert isinstance(body, forms.ModelChoiceField)
        body.queryset = units
        if units.count() == 1:
            body.initial = units.first()
        for name in ("chair", "secretary"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = people


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Nội dung"), max_length=500)
    presenter = forms.CharField(label=_("Người trình bày"), max_length=200, required=False)
    minutes = forms.IntegerField(
        label=_("Thời lượng (phút)"), min_value=1, max_value=600, initial=15
    )


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Tệp tài liệu"), help_text=_("PDF hoặc Word (.docx)."))
    title = forms.CharField(label=_("Tên tài liệu"), max_length=300, required=False)
    item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), label=_("Thuộc nội dung"), required=False
    )
    replaces = forms.ModelChoiceField(
        queryset=MeetingDocument.objects.none(),
        label=_("Thay bản cũ của tài liệu"),
        required=False,
        help_text=_("Bản cũ được giữ lại trong lịch sử, đánh dấu đã thay."),
    )

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        item = self.fields["item"]
        assert isinstance(item, forms.ModelChoiceField)
        item.queryset = meeting.items.all()
        replaces = self.fields["replaces"]
        assert isinstance(replaces, forms.ModelChoiceField)
        replaces.queryset = meeting.documents.filter(superseded_by__isnull=True)


class InviteForm(forms.Form):
    people = PeopleField(
        queryset=None,
        label=_("Mời cán bộ, đại biểu"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    role = forms.ChoiceField(
        label=_("Mời với tư cách"), choices=ParticipantRole.choices, initial=ParticipantRole.MEMBER
    )
    guests = forms.CharField(
        label=_("Khách mời ngoài hệ thống"),
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một người: họ tên, thư điện tử. Ví dụ: Nguyễn Văn A, a@example.org"),
    )

    def __init__(self, *args: Any, people: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["people"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = people

    def clean_guests(self) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for line in (self.cleaned_data.get("guests") or "").splitlines():
            if not line.strip():
                continue
            name, _comma, email = line.rpartition(",")
            email = email.strip()
            try:
                forms.EmailField().clean(email)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Dòng “%(line)s”: cần họ tên, dấu phẩy, rồi thư điện tử."),
                    params={"line": line.strip()[:80]},
                ) from None
            found.append((name.strip() or email, email))
        if len(found) > MAX_GUESTS:
            raise forms.ValidationError(
                _("Tối đa %(most)d khách mời một lần."), params={"most": MAX_GUESTS}
            )
        return found


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(
        label=_("Trả lời"),
        choices=[
            (Reply.ATTENDING, _("Tôi sẽ dự họp")),
            (Reply.ABSENT, _("Tôi vắng mặt")),
            (Reply.DEPUTY, _("Tôi cử người dự thay")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Lý do vắng mặt"), max_length=300, required=False)
    deputy = forms.CharField(label=_("Người dự thay"), max_length=150, required=False)


class NoteForm(forms.Form):
    page = forms.IntegerField(min_value=1, max_value=100_000, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Ghi chú riêng của tôi"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CheckInForm(forms.Form):
    participant = forms.IntegerField(min_value=1, max_value=10**12, widget=forms.HiddenInput)


class SpeakForm(forms.Form):
    topic = forms.CharField(
        label=_("Nội dung muốn phát biểu (không bắt buộc)"), max_length=200, required=False
    )


class SpeechForm(forms.Form):
    speech = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class ItemChoiceForm(forms.Form):
    item = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class VoteForm(forms.Form):
    question = forms.CharField(label=_("Nội dung biểu quyết"), max_length=300)
    item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), label=_("Thuộc nội dung"), required=False
    )
    secret = forms.BooleanField(label=_("Bỏ phiếu kín"), required=False)
    quorum = forms.ChoiceField(
        label=_("Điều kiện số thành viên có mặt"),
        choices=QuorumRule.choices,
        initial=QuorumRule.HALF,
    )
    majority = forms.ChoiceField(
        label=_("Điều kiện thông qua"),
        choices=MajorityRule.choices,
        initial=MajorityRule.OF_MEMBERS,
    )

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        item = self.fields["item"]
        assert isinstance(item, forms.ModelChoiceField)
        item.queryset = meeting.items.all()


class VoteChoiceForm(forms.Form):
    vote = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class BallotForm(forms.Form):
    vote = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    choice = forms.ChoiceField(choices=Choice.choices)


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung biên bản"), widget=forms.Textarea(attrs={"rows": 24}), max_length=60000
    )


class SignForm(forms.Form):
    code = forms.CharField(
        label=_("Mã 6 số trong ứng dụng xác thực"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class PublishForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=PublicationKind.choices)
    document = forms.ModelChoiceField(
        queryset=MeetingDocument.objects.none(), label=_("Tài liệu"), required=False
    )
    number = forms.CharField(
        label=_("Số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 15/NQ-HĐND")
    )
    issued_on = forms.DateField(
        label=_("Ngày ban hành"), widget=forms.DateInput(attrs={"type": "date"})
    )
    title = forms.CharField(label=_("Trích yếu"), max_length=500, required=False)

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        document = self.fields["document"]
        assert isinstance(document, forms.ModelChoiceField)
        document.queryset = meeting.documents.filter(superseded_by__isnull=True)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=500)
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("Đơn vị thực hiện"))
    due = forms.DateField(label=_("Hạn hoàn thành"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = OrgUnit.objects.filter(is_active=True).order_by("name")


class TaskDoneForm(forms.Form):
    task = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    report = forms.CharField(label=_("Kết quả thực hiện"), max_length=1000)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm trong tài liệu"), max_length=200, required=False)


class ArchiveForm(forms.Form):
    q = forms.CharField(label=_("Từ khóa"), max_length=200, required=False)
    term = forms.CharField(label=_("Khóa"), max_length=40, required=False)
    session = forms.IntegerField(label=_("Kỳ họp thứ"), min_value=1, max_value=99, required=False)
    kind = forms.ChoiceField(
        label=_("Loại văn bản"),
        choices=[("", _("Tất cả")), *PublicationKind.choices],
        required=False,
    )
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False)
    since = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
