"""Gallring may redact a purged person's transfers from a sent payment file's stored content (only inside an
open purge authorization); everything else about a sent file stays frozen (see skutan/core/dbguard.py)."""

from django.db import migrations

from skutan.core import dbguard

OLD = [g for g in dbguard.PAYMENTS if g.table == "payments_paymentrun"]
NEW = [dbguard.PAYMENT_FILE_REDACTABLE]


def forwards(apps, schema_editor):
    dbguard.uninstall(OLD)(apps, schema_editor)
    dbguard.install(NEW)(apps, schema_editor)


def backwards(apps, schema_editor):
    dbguard.uninstall(NEW)(apps, schema_editor)
    dbguard.install(OLD)(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("payments", "0003_sent_payments_frozen")]

    operations = [migrations.RunPython(forwards, backwards)]
