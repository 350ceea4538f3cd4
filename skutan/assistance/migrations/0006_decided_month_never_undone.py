"""A decided month is never undone: no decision is deleted, a decided application never goes back to draft,
and its household, cost and income rows are never changed, moved or deleted (only a purge may delete).
Adds to 0002; see skutan/core/dbguard.py."""

from django.db import migrations

from skutan.core import dbguard


class Migration(migrations.Migration):
    dependencies = [("assistance", "0005_register_report"), ("core", "0002_purge_trace_guarded")]

    operations = [
        migrations.RunPython(dbguard.install(dbguard.ASSISTANCE), dbguard.uninstall(dbguard.ASSISTANCE))
    ]
