from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tinhso.core"
    label = "core"
    verbose_name = _("Nền tảng dùng chung")

    def ready(self) -> None:
        from tinhso.core import checks, files, images, maps, pg_loaders, plugins  # noqa: F401 (checks)

        plugins.register()
        files.connect()
        maps.connect_cache_invalidation()
        images.configure_pillow()
        pg_loaders.connect()
