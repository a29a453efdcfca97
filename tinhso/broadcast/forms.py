from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhso.broadcast.choices import DAY_CHOICES, Category, Priority
from tinhso.broadcast.models import Programme, Station
from tinhso.core.audio import MAX_UPLOAD_BYTES
from tinhso.core.forms import MomentField
from tinhso.core.models import AdminUnit


class AreaField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class NestedAreaField(AreaField):
    """Areas in tree order, each indented under the one above it."""

    top_depth = 0

    def label_from_instance(self, obj: Any) -> str:
        return "\u2003" * max(0, obj.depth - self.top_depth) + str(obj.name)


class BulletinForm(forms.Form):
    station = forms.ModelChoiceField(queryset=Station.objects.none(), label=_("Đài"))
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    category = forms.ChoiceField(label=_("Lĩnh vực"), choices=Category.choices)
    priority = forms.ChoiceField(
        label=_("Mức ưu tiên"),
        choices=Priority.choices,
        help_text=_(
            "Khẩn cấp: phát ngay (thiên tai, cháy nổ, dịch bệnh) — chỉ người được giao quyền "
            "phát tin khẩn cấp."
        ),
    )
    text = forms.CharField(
        label=_("Nội dung để đọc tự động"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Số, ngày, giờ, số điện thoại được đọc thành lời."),
    )
    recording = forms.FileField(
        label=_("Hoặc tải lên bản ghi âm"),
        required=False,
        help_text=_("MP3, WAV, OGG, M4A… tối đa 30 phút."),
    )
    areas = AreaField(
        queryset=AdminUnit.objects.none(),
        label=_("Khu vực phát (bỏ trống: toàn địa bàn)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    valid_from = MomentField(label=_("Phát từ"), required=False)
    valid_until = MomentField(label=_("Hết hiệu lực"))

    def __init__(self, *args: Any, stations: QuerySet[Station], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        station = self.fields["station"]
        assert isinstance(station, forms.ModelChoiceField)
        station.queryset = stations
        if stations.count() == 1:
            station.initial = stations.first()
        paths = [s.unit.area.path for s in stations.select_related("unit__area") if s.unit.area]
        areas = self.fields["areas"]
        assert isinstance(areas, forms.ModelMultipleChoiceField)
        query = AdminUnit.objects.none()
        for path in paths:
            query = query | AdminUnit.objects.filter(path__startswith=path).exclude(path=path)
        areas.queryset = query.order_by("name")
        if not areas.queryset.exists():  # a commune without neighbourhoods in the register
            del self.fields["areas"]
        in_a_week = timezone.localtime() + dt.timedelta(days=7)
        self.fields["valid_until"].initial = in_a_week.replace(
            hour=17, minute=0, second=0, microsecond=0
        )

    def clean_recording(self) -> Any:
        upload = self.cleaned_data.get("recording")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp ghi âm quá lớn."))
        return upload


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Lý do trả lại"), max_length=300)


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Tên chương trình"), max_length=200)
    days = forms.MultipleChoiceField(
        label=_("Các ngày phát"), choices=DAY_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple, initial=["MO", "TU", "WE", "TH", "FR", "SA"],
    )  # fmt: skip
    time = forms.TimeField(
        label=_("Giờ phát"), initial=dt.time(6, 0), widget=forms.TimeInput(attrs={"type": "time"})
    )
    first_day = forms.DateField(label=_("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    minutes = forms.IntegerField(
        label=_("Thời lượng (phút)"), min_value=1, max_value=240, initial=30
    )
    skip_holidays = forms.BooleanField(label=_("Nghỉ vào ngày lễ, Tết"), required=False)
    rule = forms.CharField(
        label=_("Lịch lặp riêng (RRULE, cho cán bộ kỹ thuật)"), required=False, max_length=300,
        help_text=_("Ví dụ FREQ=MONTHLY;BYMONTHDAY=1 — thay cho các ngày đã chọn."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_day"].initial = timezone.localdate() + dt.timedelta(days=1)

    def starts(self) -> dt.datetime:
        data = self.cleaned_data
        return timezone.make_aware(dt.datetime.combine(data["first_day"], data["time"]))


class JingleForm(forms.Form):
    opening = forms.FileField(label=_("Nhạc hiệu mở đầu"), required=False)
    closing = forms.FileField(label=_("Nhạc hiệu kết thúc"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("opening", "closing"):
            upload = data.get(name)
            if upload and upload.size > MAX_UPLOAD_BYTES:
                self.add_error(name, _("Tệp ghi âm quá lớn."))
        return data


class PlacementForm(forms.Form):
    """Where the commune airs an approved bulletin: one programme or all, and its order
    among the priority items."""

    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(), required=False, label=_("Chương trình"),
        empty_label=_("Mọi chương trình của đài"),
    )  # fmt: skip
    rank = forms.IntegerField(
        label=_("Thứ tự phát (số nhỏ phát trước)"), min_value=1, max_value=999, initial=100
    )

    def __init__(self, *args: Any, station: Station, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["programme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = station.programmes.filter(active=True)


class DispatchForm(forms.Form):
    """One bulletin for several communes' stations (a province or district official)."""

    title = BulletinForm.base_fields["title"]
    category = BulletinForm.base_fields["category"]
    priority = forms.ChoiceField(
        label=_("Mức ưu tiên"),
        choices=Priority.choices,
        help_text=_(
            "Thông thường: mỗi xã chọn phát trong chương trình của mình. Ưu tiên: phát trong "
            "chương trình, trước tin thông thường. Khẩn cấp: phát ngay ở mọi nơi đã chọn."
        ),
    )
    areas = NestedAreaField(
        queryset=AdminUnit.objects.none(),
        label=_("Gửi tới"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chọn cả tỉnh, huyện hoặc từng xã: mọi đài trong đó đều nhận."),
    )
    text = BulletinForm.base_fields["text"]
    recording = BulletinForm.base_fields["recording"]
    valid_from = MomentField(label=_("Phát từ"), required=False)
    valid_until = MomentField(label=_("Hết hiệu lực"))

    def __init__(self, *args: Any, stations: QuerySet[Station], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The places the sender's stations serve and every unit above them up to the
        # highest the sender leads: ticking a district reaches all its communes.
        served = [s.unit.area for s in stations.select_related("unit__area") if s.unit.area]
        ids = {int(part) for area in served for part in area.path.strip("/").split("/")}
        areas = self.fields["areas"]
        assert isinstance(areas, forms.ModelMultipleChoiceField)
        areas.queryset = AdminUnit.objects.filter(pk__in=ids).order_by("path")
        assert isinstance(areas, NestedAreaField)
        areas.top_depth = min((a.depth for a in areas.queryset), default=0)
        in_a_day = timezone.localtime() + dt.timedelta(days=1)
        self.fields["valid_until"].initial = in_a_day.replace(minute=0, second=0, microsecond=0)

    clean_recording = BulletinForm.clean_recording


class StationForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Station.objects.none(), label=_("Đơn vị"))
    name = forms.CharField(label=_("Tên đài"), max_length=200)
    mount = forms.SlugField(
        label=_("Điểm phát"), max_length=60,
        help_text=_("Tên luồng trên Icecast, chữ không dấu và gạch nối, ví dụ xa-binh-an."),
    )  # fmt: skip

    def __init__(self, *args: Any, units: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = units


class SpeakerForm(forms.Form):
    code = forms.SlugField(
        label=_("Mã thiết bị"), max_length=40,
        help_text=_("Tên đăng nhập của thiết bị trên máy chủ MQTT."),
    )  # fmt: skip
    name = forms.CharField(label=_("Tên cụm loa"), max_length=200)
    address = forms.GenericIPAddressField(label=_("Địa chỉ IP"), required=False)
    model = forms.CharField(label=_("Kiểu thiết bị"), max_length=100, required=False)
    cluster = forms.CharField(label=_("Cụm"), max_length=100, required=False)
    area = forms.ModelChoiceField(
        queryset=AdminUnit.objects.none(), label=_("Phục vụ khu vực"), required=False
    )
    latitude = forms.FloatField(label=_("Vĩ độ"), min_value=-90, max_value=90, required=False)
    longitude = forms.FloatField(label=_("Kinh độ"), min_value=-180, max_value=180, required=False)

    def __init__(self, *args: Any, station: Station, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        served = station.unit.area
        area.queryset = (
            AdminUnit.objects.filter(path__startswith=served.path).order_by("path")
            if served
            else AdminUnit.objects.none()
        )

    def clean_address(self) -> str | None:
        return self.cleaned_data.get("address") or None
