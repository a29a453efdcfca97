"""What public services adds to the platform: menu entries and "my items"."""

from __future__ import annotations

from typing import Any

from django.urls import reverse, reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tinhso.accounts.choices import Role
from tinhso.accounts.permissions import holds_any
from tinhso.core import derived, my_items, navigation, search


def procedure_record(
    code: str, name: str, description: str, result: str, field: str, documents: list[str]
) -> search.SearchRecord:
    """A procedure as the assistant searches it: its name, then who it is for, its
    result, field and documents (bench/assistant_bench.py builds the demo's the same way)."""
    return search.SearchRecord(key=code, name=name, texts=(description, result, field, *documents))


def procedure_records() -> list[search.SearchRecord]:
    from tinhso.services.models import Procedure

    procedures = (
        Procedure.objects.filter(is_active=True)
        .select_related("field")
        .prefetch_related("documents")
        .order_by("code")
    )
    return [
        procedure_record(
            p.code,
            p.name,
            p.description,
            p.result_name,
            p.field.name,
            [d.name for d in p.documents.all()],
        )
        for p in procedures
    ]


def recent_dossiers(user: Any) -> list[tuple[str, str, str]]:
    from tinhso.services.models import Dossier

    dossiers = Dossier.objects.filter(applicant=user).select_related("procedure")[:5]
    return [
        (
            d.procedure.name,
            reverse("services:my_dossier", args=[d.code]),
            d.citizen_status_label,
        )
        for d in dossiers
    ]


def dossiers_to_do(user: Any) -> int:
    """Dossiers waiting for this official's step: to receive, process, approve, return."""
    from tinhso.services.worklists import visible_worklists, worklist

    keys = {w.key for w in visible_worklists(user)} & {"receive", "process", "approve", "return"}
    return sum(worklist(user, key).count() for key in keys)


def register() -> None:
    search.register_source(
        search.Source(
            "procedures",
            procedure_records,
            watched=("services.Procedure", "services.RequiredDocument", "core.ProcedureField"),
            has_variants=True,
        )
    )
    desk = holds_any(Role.RECEPTIONIST, Role.SPECIALIST, Role.APPROVER, Role.UNIT_ADMIN)
    leaders = holds_any(Role.APPROVER, Role.UNIT_ADMIN, Role.IOC_VIEWER, Role.SYSTEM_ADMIN)
    navigation.register(
        navigation.MenuItem(
            "dossiers", 20, _("Hồ sơ một cửa"), "desk:list", desk, to_do=dossiers_to_do
        )
    )
    navigation.register(
        navigation.MenuItem("service_statistics", 60, _("Chỉ số phục vụ"), "statistics", leaders)
    )
    navigation.register(
        navigation.MenuItem(
            "catalogue_import",
            75,
            _("Nhập danh mục thủ tục"),
            "catalogue_desk:import",
            holds_any(Role.SYSTEM_ADMIN),
        )
    )
    from tinhso.services import derived as mine

    statistics = reverse_lazy("statistics")
    for item in (
        derived.DerivedIndicator(
            "dossiers_received", _("Hồ sơ tiếp nhận"), mine.dossiers_received, statistics
        ),
        derived.DerivedIndicator(
            "dossiers_on_time_rate",
            _("Tỉ lệ hồ sơ đúng hạn"),
            mine.dossiers_on_time_rate,
            statistics,
        ),
        derived.DerivedIndicator(
            "dossiers_overdue",
            _("Hồ sơ quá hạn đang tồn"),
            mine.dossiers_overdue,
            format_lazy("{}?list=overdue", reverse_lazy("desk:list")),
        ),
    ):
        derived.register(item)
    my_items.register(
        my_items.MySection(
            "dossiers",
            10,
            _("Hồ sơ thủ tục hành chính"),
            _("Bạn chưa nộp hồ sơ nào."),
            items=recent_dossiers,
            more_url=reverse_lazy("services:my_dossiers"),
        )
    )
