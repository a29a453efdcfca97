"""Procedures are found by their result's name too (Procedure.save builds search_text)."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from tinhso.core.text import fold

    procedure = apps.get_model("services", "Procedure")
    for item in procedure.objects.select_related("field"):
        item.search_text = fold(f"{item.code} {item.name} {item.result_name} {item.field.name}")
        item.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [("services", "0010_event_and_status_labels")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
