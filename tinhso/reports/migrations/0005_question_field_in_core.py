"""A question's field is core's ProcedureField now (same table, state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_key_holder"),
        ("core", "0005_procedure_field_moves_to_core"),
    ]
    # Every foreign key must point to core's model before services forgets its own.
    run_before = [("services", "0008_procedure_field_in_core")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="question",
                    name="field",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="core.procedurefield",
                        verbose_name="lĩnh vực",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
