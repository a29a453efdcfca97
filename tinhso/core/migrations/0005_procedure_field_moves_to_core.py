"""The field of procedures (lĩnh vực) moves from `services` to `core`, table and rows
unchanged: this app takes it over in Django's state only, then gives it the unit
that answers questions about it (filled in services 0009)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_rate_counters"),
        ("services", "0007_intake_slip"),  # the table exists
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ProcedureField",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("code", models.SlugField(unique=True, verbose_name="mã")),
                        ("name", models.CharField(max_length=200, verbose_name="tên lĩnh vực")),
                    ],
                    options={
                        "verbose_name": "lĩnh vực",
                        "verbose_name_plural": "lĩnh vực",
                        "ordering": ["name"],
                        "db_table": "services_procedurefield",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="procedurefield",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="core.orgunit",
                verbose_name="đơn vị trả lời câu hỏi",
            ),
        ),
    ]
