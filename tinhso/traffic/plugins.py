"""What traffic cameras add to the platform: menu entries and the vehicle owner's
violations in "my items"."""

from __future__ import annotations

from typing import Any

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tinhso.accounts.choices import Role
from tinhso.accounts.permissions import holds_any
from tinhso.core import derived, my_items, navigation


def no_violations_because(user: Any) -> str:
    """An empty list never reads as "no violations" for someone whose vehicles we do not
    know: it says which plates were checked, or that none is linked yet."""
    from django.utils.translation import gettext

    from tinhso.vision.plates import display

    plates = [display(plate) for plate in user.vehicles.values_list("plate", flat=True)]
    if not plates:
        return gettext(
            "Chưa có xe nào đăng ký tên bạn được liên kết với tài khoản (liên kết theo số "
            "điện thoại đã xác minh khi đăng ký xe). Hãy tra cứu theo biển số."
        )
    return gettext("Xe của bạn (%(plates)s) không có vi phạm nào đã được xác minh.") % {
        "plates": ", ".join(plates)
    }


def my_vehicles_violations(user: Any) -> list[tuple[str, str, str]]:
    """Verified violations of the vehicles registered to this citizen (matched by the
    registry's verified phone number, see registry.py)."""
    from django.db.models import Q
    from django.utils import formats, timezone

    from tinhso.traffic.models import Violation
    from tinhso.traffic.notices import lookup_url
    from tinhso.traffic.views import PUBLIC
    from tinhso.vision.plates import display

    vehicles = list(user.vehicles.values_list("plate", "plate_colour"))
    if not vehicles:
        return []
    match = Q()
    for plate, colour in vehicles:
        match |= Q(plate=plate, plate_colour=colour)
    found = (
        Violation.objects.filter(match, status__in=PUBLIC)
        .select_related("camera")
        .order_by("-occurred_at")[:5]
    )
    return [
        (
            f"{display(v.plate)} · {v.get_kind_display()} · "
            f"{formats.date_format(timezone.localtime(v.occurred_at), 'SHORT_DATETIME_FORMAT')}",
            lookup_url(v),
            v.get_status_display(),
        )
        for v in found
    ]


def violations_to_review(user: Any) -> int:
    """Detections waiting for an officer to verify them."""
    from tinhso.traffic.choices import ViolationStatus
    from tinhso.traffic.models import Violation

    return Violation.objects.filter(status=ViolationStatus.DETECTED).count()


def register() -> None:
    officers = holds_any(Role.TRAFFIC_OFFICER)
    navigation.register(
        navigation.MenuItem(
            "violations",
            70,
            _("Vi phạm giao thông"),
            "traffic_desk:queue",
            officers,
            to_do=violations_to_review,
        )
    )
    navigation.register(
        navigation.MenuItem("cameras", 71, _("Camera giao thông"), "traffic_desk:cameras", officers)
    )
    from tinhso.traffic import derived as mine

    statistics = reverse_lazy("traffic_desk:statistics")
    for indicator in (
        derived.DerivedIndicator(
            "traffic_violations",
            _("Vi phạm giao thông ghi nhận qua camera"),
            mine.traffic_violations,
            statistics,
        ),
        derived.DerivedIndicator(
            "traffic_red_light",
            _("Vượt đèn đỏ ghi nhận qua camera"),
            mine.traffic_red_light,
            statistics,
        ),
        derived.DerivedIndicator(
            "traffic_cameras_offline",
            _("Camera giao thông mất kết nối"),
            mine.traffic_cameras_offline,
            reverse_lazy("traffic_desk:cameras"),
        ),
    ):
        derived.register(indicator)
    my_items.register(
        my_items.MySection(
            "vehicles",
            40,
            _("Vi phạm giao thông của xe tôi"),
            no_violations_because,
            items=my_vehicles_violations,
            more_url=reverse_lazy("traffic:lookup"),
            more_label=_("Tra cứu theo biển số"),
        )
    )
