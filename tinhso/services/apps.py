from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "tinhso.services"
    label = "services"
    verbose_name = _("Dịch vụ công")

    def ready(self) -> None:
        from django.urls import reverse_lazy

        from tinhso.core.my_items import MySection, register
        from tinhso.services.models import Dossier

        def recent_dossiers(user):
            dossiers = Dossier.objects.filter(applicant=user).select_related("procedure")[:5]
            return [
                (
                    d.procedure.name,
                    reverse_lazy("services:my_dossier", args=[d.code]),
                    d.get_status_display(),
                )
                for d in dossiers
            ]

        register(
            MySection(
                "dossiers",
                10,
                _("Hồ sơ thủ tục hành chính"),
                _("Bạn chưa nộp hồ sơ nào."),
                items=recent_dossiers,
                more_url=reverse_lazy("services:my_dossiers"),
            )
        )
