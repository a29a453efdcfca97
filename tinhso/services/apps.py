from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "tinhso.services"
    label = "services"
    verbose_name = _("Dịch vụ công")

    def ready(self) -> None:
        from tinhso.services import plugins

        plugins.register()
