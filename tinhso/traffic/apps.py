from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrafficConfig(AppConfig):
    name = "tinhso.traffic"
    label = "traffic"
    verbose_name = _("Camera giao thông")

    def ready(self) -> None:
        from tinhso.traffic import plugins

        plugins.register()
