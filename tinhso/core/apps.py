from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tinhso.core"
    label = "core"
    verbose_name = _("Nền tảng dùng chung")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from tinhso.core import checks, images, maps  # noqa: F401 (checks register themselves)
        from tinhso.core.my_items import MySection, register

        maps.connect_cache_invalidation()
        images.configure_pillow()

        # Sections of modules still to come; each module replaces its own on arrival.
        register(
            MySection("reports", 20, _("Phản ánh hiện trường"), _("Bạn chưa gửi phản ánh nào."))
        )
        register(
            MySection("questions", 30, _("Hỏi đáp trực tuyến"), _("Bạn chưa đặt câu hỏi nào."))
        )
        register(
            MySection(
                "violations",
                40,
                _("Vi phạm giao thông"),
                _("Không có vi phạm nào gắn với tài khoản của bạn."),
            )
        )
