from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrafficConfig(AppConfig):
    name = "tinhso.traffic"
    label = "traffic"
    verbose_name = _("Camera giao thông")

    def ready(self) -> None:
        from django.urls import reverse_lazy

        from tinhso.core.my_items import MySection, register

        register(
            MySection(
                "vehicles",
                40,
                _("Vi phạm giao thông của xe tôi"),
                _("Xe đăng ký tên bạn không có vi phạm nào được ghi nhận."),
                items=my_vehicles_violations,
                more_url=reverse_lazy("traffic:lookup"),
            )
        )


def my_vehicles_violations(user):  # type: ignore[no-untyped-def]
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
