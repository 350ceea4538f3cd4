"""Django's flush, which the database refuses wherever rows are frozen (skutan/core/dbguard.py).

Only where ``SKUTAN_FLUSH_LIFTS_GUARDS`` is set (the test settings, for the flush that ends a transactional
test) does it lift the guards for the duration of the flush: on SQLite by dropping and recreating the
triggers, on PostgreSQL with ``session_replication_role = replica``, which needs a superuser. Both are
things only the schema owner can do; the application's role can do neither (docs/database.md).
"""

from django.conf import settings
from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections


class Command(DjangoFlush):
    def handle(self, **options):
        if not getattr(settings, "SKUTAN_FLUSH_LIFTS_GUARDS", False):
            return super().handle(**options)
        connection = connections[options["database"]]
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
                triggers = cursor.fetchall()
                for name, _sql in triggers:
                    cursor.execute(f'DROP TRIGGER "{name}"')
            try:
                return super().handle(**options)
            finally:
                with connection.cursor() as cursor:
                    for _name, sql in triggers:
                        cursor.execute(sql)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")
            try:
                return super().handle(**options)
            finally:
                with connection.cursor() as cursor:
                    cursor.execute("SET session_replication_role = DEFAULT")
        return super().handle(**options)
