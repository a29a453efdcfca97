from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "tinhso.documents"
    label = "documents"
    verbose_name = _("Văn bản đến – đi")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tinhso.documents import electronic, plugins

        plugins.register()
        electronic.install()
