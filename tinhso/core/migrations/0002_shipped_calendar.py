from django.db import migrations


def load(apps, schema_editor):
    from tinhso.core.calendar_data import load_calendar

    load_calendar(apps.get_model("core", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
