from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BroadcastConfig(AppConfig):
    name = "tinhso.broadcast"
    label = "broadcast"
    verbose_name = _("Truyền thanh thông minh")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tinhso.broadcast import axis, plugins

        plugins.register()
        axis.install()
