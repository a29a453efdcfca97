"""Full-text search over issued documents on PostgreSQL, as 0002 for incoming ones: a
stored ``tsvector`` of ``folded`` and its GIN index (documents/search.py)."""

from django.db import migrations

TABLE = "documents_outgoingdocument"
INDEX = "documents_outgoing_words"
CREATE = [
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS words tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, folded)) STORED",
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin (words)",
]
DROP = [f"DROP INDEX IF EXISTS {INDEX}", f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS words"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_outgoing")]

    operations = [migrations.RunPython(create, drop)]
