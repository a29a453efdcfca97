"""Each field's answering unit starts as the unit that handles most of its active
procedures — what the Q&A worked out on every question before it was stored."""

from django.db import migrations
from django.db.models import Count


def fill_units(apps, schema_editor):
    ProcedureField = apps.get_model("core", "ProcedureField")
    Procedure = apps.get_model("services", "Procedure")
    for field in ProcedureField.objects.filter(unit__isnull=True):
        row = (
            Procedure.objects.filter(field=field, is_active=True, agency__isnull=False)
            .values("agency")
            .annotate(n=Count("pk"))
            .order_by("-n", "agency")
            .first()
        )
        if row:
            ProcedureField.objects.filter(pk=field.pk).update(unit_id=row["agency"])


class Migration(migrations.Migration):
    dependencies = [("services", "0008_procedure_field_in_core")]

    operations = [migrations.RunPython(fill_units, migrations.RunPython.noop)]
