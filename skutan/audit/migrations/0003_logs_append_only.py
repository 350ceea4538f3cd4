"""The access log and the audit log are append-only: the database refuses UPDATE, DELETE (outside a purge)
and, on PostgreSQL, TRUNCATE (see skutan/core/dbguard.py)."""

from django.db import migrations

from skutan.core import dbguard


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_event_time_from_clock"), ("core", "0002_purge_trace_guarded")]

    operations = [migrations.RunPython(dbguard.install(dbguard.LOGS), dbguard.uninstall(dbguard.LOGS))]
