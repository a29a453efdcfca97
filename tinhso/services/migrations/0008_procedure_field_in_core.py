"""The field of procedures now belongs to `core` (see core 0005): the foreign key
points there and this app forgets the model. Nothing changes in the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0007_intake_slip"),
        ("core", "0005_procedure_field_moves_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="procedure",
                    name="field",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="procedures",
                        to="core.procedurefield",
                        verbose_name="lĩnh vực",
                    ),
                ),
                migrations.DeleteModel(name="ProcedureField"),
            ],
            database_operations=[],
        ),
    ]
