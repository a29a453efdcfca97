"""The documents' words for full-text search on PostgreSQL (documents/search.py): a
stored ``tsvector`` column computed by the database from ``folded``, and its GIN index.
Stored rather than an index on the expression: a common word matches a large part of
the table, and re-computing the vector of every matching row to check it cost a second
per 20 000 rows (bench/documents_search_bench.py). SQLite has neither and searches with
LIKE. The column is the database's own: Django's model does not list it."""

from django.db import migrations

TABLE = "documents_incomingdocument"
INDEX = "documents_incoming_words"
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
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
