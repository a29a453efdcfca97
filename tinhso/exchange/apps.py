from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "tinhso.exchange"
    label = "exchange"
    verbose_name = _("Trục liên thông")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tinhso.exchange import plugins, registry

        registry.connect()
        plugins.register()
