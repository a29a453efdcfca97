from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "tinhso.reports"
    label = "reports"
    verbose_name = _("Phản ánh hiện trường")

    def ready(self) -> None:
        from django.urls import reverse_lazy

        from tinhso.core.my_items import MySection, register
        from tinhso.reports.models import Question, Report

        def recent_reports(user):  # type: ignore[no-untyped-def]
            reports = Report.objects.filter(reporter=user).select_related("category")[:5]
            return [
                (
                    r.category.name,
                    reverse_lazy("reports:detail", args=[r.public_id]),
                    r.get_status_display(),
                )
                for r in reports
            ]

        register(
            MySection(
                "reports",
                20,
                _("Phản ánh hiện trường"),
                _("Bạn chưa gửi phản ánh nào."),
                items=recent_reports,
                more_url=reverse_lazy("reports:mine"),
            )
        )

        def recent_questions(user):  # type: ignore[no-untyped-def]
            asked = Question.objects.filter(asker=user)[:5]
            return [
                (
                    q.title,
                    reverse_lazy("reports:question", args=[q.public_id]),
                    q.get_status_display(),
                )
                for q in asked
            ]

        register(
            MySection(
                "questions",
                30,
                _("Hỏi đáp trực tuyến"),
                _("Bạn chưa đặt câu hỏi nào."),
                items=recent_questions,
                more_url=reverse_lazy("reports:ask"),
            )
        )
