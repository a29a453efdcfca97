from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    name = "tinhso.assistant"
    label = "assistant"
    verbose_name = _("Trợ lý thủ tục")

    def ready(self) -> None:
        from tinhso.assistant import catalogue, plugins

        catalogue.connect()
        plugins.register()
