"""The case history is append-only and a signed journal entry is immutable; both may only be deleted by a
purge, and never truncated (see skutan/core/dbguard.py). Replaces the journal triggers of 0002."""

import importlib

from django.db import migrations

from skutan.core import dbguard

_previous = importlib.import_module("skutan.cases.migrations.0002_journal_signed_immutable")


def _vendor(statements_by_vendor):
    def apply(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return apply


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_event_time_from_clock"), ("core", "0002_purge_trace_guarded")]

    operations = [
        migrations.RunPython(
            _vendor({"sqlite": _previous.SQLITE_DROP, "postgresql": _previous.POSTGRES_DROP}),
            _vendor({"sqlite": _previous.SQLITE, "postgresql": _previous.POSTGRES}),
        ),
        migrations.RunPython(dbguard.install(dbguard.CASE_HISTORY), dbguard.uninstall(dbguard.CASE_HISTORY)),
    ]
