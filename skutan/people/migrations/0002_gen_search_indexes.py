"""Person search at Stockholm scale (PostgreSQL only; SQLite keeps its plain scan, see docs/database.md).

- Names: trigram GIN indexes (pg_trgm) on ``UPPER(first_name)`` and ``UPPER(last_name)``, the very
  expressions Django's ``icontains`` compares, so ``UPPER(name) LIKE UPPER('%anna%')`` becomes a bitmap
  index scan instead of a sequential scan of the register.
- Personnummer: a prefix index (``text_pattern_ops``) for ``identity_number LIKE '19860211%'``; the
  selector turns a partial number into such prefixes (skutan/people/selectors.py).

pg_trgm is a trusted extension (PostgreSQL 13+): the database owner who runs the migrations may create it.
"""

from django.db import migrations

INDEXES = {
    "person_first_name_trgm": "USING gin (UPPER(first_name) gin_trgm_ops)",
    "person_last_name_trgm": "USING gin (UPPER(last_name) gin_trgm_ops)",
    "person_identity_number_prefix": "(identity_number text_pattern_ops)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm", params=None)
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON people_person {definition}", params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}", params=None)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
