"""A sent payment only moves on in status, a sent payment file is never changed, and neither is ever deleted
outside a purge; a reversal is append-only (see skutan/core/dbguard.py)."""

from django.db import migrations

from skutan.core import dbguard


class Migration(migrations.Migration):
    dependencies = [("payments", "0002_third_party_orders_and_payment_sources"), ("core", "0002_purge_trace_guarded")]

    operations = [migrations.RunPython(dbguard.install(dbguard.PAYMENTS), dbguard.uninstall(dbguard.PAYMENTS))]
