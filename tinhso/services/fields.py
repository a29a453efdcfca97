"""The catalogue's side of the shared fields (lĩnh vực, ``core.ProcedureField``)."""

from __future__ import annotations

from django.db.models import Count

from tinhso.core.models import OrgUnit, ProcedureField
from tinhso.services.models import Procedure


def busiest_unit(field: ProcedureField) -> OrgUnit | None:
    """The unit that handles most of the field's active procedures, if any names one."""
    row = (
        Procedure.objects.filter(field=field, is_active=True, agency__isnull=False)
        .values("agency")
        .annotate(n=Count("pk"))
        .order_by("-n", "agency")
        .first()
    )
    return OrgUnit.objects.filter(pk=row["agency"]).first() if row else None


def fill_answering_units() -> int:
    """Give each field without an answering unit its busiest one (the migration
    services 0009 did the same for the fields that existed then); how many."""
    filled = 0
    for field in ProcedureField.objects.filter(unit__isnull=True):
        unit = busiest_unit(field)
        if unit is not None:
            ProcedureField.objects.filter(pk=field.pk).update(unit=unit)
            filled += 1
    return filled
