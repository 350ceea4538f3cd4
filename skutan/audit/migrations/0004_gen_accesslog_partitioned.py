"""The access log at Stockholm's size: partitioned by month on PostgreSQL (skutan/audit/partitions.py), and
composite indexes for the log reviewer's questions, one person over a period and one user over a period
(both databases; SQLite keeps a plain table)."""

from django.db import migrations, models
from django.utils import timezone

from skutan.audit import partitions
from skutan.core import dbguard

OLD_GUARD = next(g for g in dbguard.LOGS if g.table == "audit_accesslog")


def _months_ahead(day, months):
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1, day=1)


def partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    dbguard.uninstall([OLD_GUARD])(apps, schema_editor)
    partitions.partition_table(schema_editor, until=_months_ahead(timezone.localdate(), partitions.MONTHS_AHEAD))
    dbguard.install([dbguard.ACCESS_LOG_PARTITIONED])(apps, schema_editor)


class Migration(migrations.Migration):
    atomic = True
    dependencies = [("audit", "0003_logs_append_only")]

    operations = [
        migrations.RunPython(partition, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="accesslog", index=models.Index(fields=["person_id", "at"], name="accesslog_person_at_idx"),
        ),
        migrations.AddIndex(
            model_name="accesslog", index=models.Index(fields=["user_id", "at"], name="accesslog_user_at_idx"),
        ),
    ]
