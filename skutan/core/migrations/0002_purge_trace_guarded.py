"""The purge trace is permanent, and the PostgreSQL helpers every guard uses (see skutan/core/dbguard.py)."""

from django.db import migrations

from skutan.core import dbguard


def helpers(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return apply


class Migration(migrations.Migration):
    dependencies = [("core", "0001_purge_authorization")]

    operations = [
        migrations.RunPython(helpers(dbguard.POSTGRES_HELPERS), helpers(dbguard.POSTGRES_HELPERS_DROP)),
        migrations.RunPython(dbguard.install(dbguard.PURGE_TRACE), dbguard.uninstall(dbguard.PURGE_TRACE)),
    ]
