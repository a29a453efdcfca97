from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "tinhso.meetings"
    label = "meetings"
    verbose_name = _("Phòng họp không giấy")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tinhso.meetings import plugins

        plugins.register()
