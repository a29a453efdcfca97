"""What field reports and the Q&A add to the platform: menu entries and "my items"."""

from __future__ import annotations

from typing import Any

from django.urls import reverse, reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tinhso.accounts.choices import Role
from tinhso.accounts.permissions import holds_any
from tinhso.core import derived, my_items, navigation, search


def reports_to_do(user: Any) -> int:
    """Open reports of the units this official handles for."""
    from tinhso.reports.actions import HANDLER_ROLES
    from tinhso.reports.queries import open_reports, reports_handled_by

    return open_reports(reports_handled_by(user, HANDLER_ROLES)).count()


def recent_reports(user: Any) -> list[tuple[str, str, str]]:
    from tinhso.reports.models import Report

    reports = Report.objects.filter(reporter=user).select_related("category")[:5]
    return [
        (
            r.category.name,
            reverse("reports:detail", args=[r.public_id]),
            r.get_status_display(),
        )
        for r in reports
    ]


def recent_questions(user: Any) -> list[tuple[str, str, str]]:
    from tinhso.reports.models import Question

    asked = Question.objects.filter(asker=user)[:5]
    return [
        (q.title, reverse("reports:question", args=[q.public_id]), q.get_status_display())
        for q in asked
    ]


# The procedure assistant searches the newest published answers; older ones stay on
# the Q&A page's own search.
ANSWERS_SEARCHED = 5000


def published_answers() -> list[search.SearchRecord]:
    """The answers anyone may read, as the procedure assistant searches them."""
    from tinhso.reports.models import Question

    published = Question.objects.filter(is_published=True).exclude(answer="")
    rows = published.order_by("-answered_at", "-id").values_list(
        "public_id", "title", "body", "answer"
    )[:ANSWERS_SEARCHED]
    return [
        search.SearchRecord(key=str(public_id), name=title, texts=(body, answer))
        for public_id, title, body, answer in rows
    ]


def register() -> None:
    search.register_source(
        search.Source("questions", published_answers, watched=("reports.Question",))
    )
    desk = holds_any(Role.RECEPTIONIST, Role.SPECIALIST, Role.APPROVER, Role.UNIT_ADMIN)
    answerers = holds_any(Role.SPECIALIST, Role.APPROVER, Role.UNIT_ADMIN)
    leaders = holds_any(Role.APPROVER, Role.UNIT_ADMIN, Role.IOC_VIEWER, Role.SYSTEM_ADMIN)
    for item in (
        navigation.MenuItem(
            "reports", 30, _("Phản ánh hiện trường"), "report_desk:list", desk, to_do=reports_to_do
        ),
        navigation.MenuItem("questions", 40, _("Hỏi đáp"), "report_desk:questions", answerers),
        navigation.MenuItem(
            "report_statistics", 50, _("Thống kê phản ánh"), "report_desk:statistics", leaders
        ),
    ):
        navigation.register(item)
    from tinhso.reports import derived as mine

    for indicator in (
        derived.DerivedIndicator(
            "reports_received",
            _("Phản ánh tiếp nhận"),
            mine.reports_received,
            reverse_lazy("reports:list"),
        ),
        derived.DerivedIndicator(
            "reports_open",
            _("Phản ánh đang mở"),
            mine.reports_open,
            format_lazy("{}?status=open", reverse_lazy("reports:list")),
        ),
        derived.DerivedIndicator(
            "reports_overdue",
            _("Phản ánh quá hạn"),
            mine.reports_overdue,
            format_lazy("{}?list=overdue", reverse_lazy("report_desk:list")),
        ),
        derived.DerivedIndicator(
            "reports_satisfaction",
            _("Mức hài lòng về xử lý phản ánh"),
            mine.reports_satisfaction,
            reverse_lazy("report_desk:statistics"),
        ),
    ):
        derived.register(indicator)
    my_items.register(
        my_items.MySection(
            "reports",
            20,
            _("Phản ánh hiện trường"),
            _("Bạn chưa gửi phản ánh nào."),
            items=recent_reports,
            more_url=reverse_lazy("reports:mine"),
        )
    )
    my_items.register(
        my_items.MySection(
            "questions",
            30,
            _("Hỏi đáp trực tuyến"),
            _("Bạn chưa đặt câu hỏi nào."),
            items=recent_questions,
            more_url=reverse_lazy("reports:ask"),
        )
    )
