"""skutan backup FIL: a backup of the configured database (docs/operations.md)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from skutan.core.backup import backup_write, fingerprint_of, target_from_settings
from skutan.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Säkerhetskopierar databasen: pg_dump -Fc för PostgreSQL, SQLites backup-API för SQLite."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Filen att skriva (får inte finnas).")
        parser.add_argument("--database", default="default")

    def handle(self, *args, path, database, **options):
        source = target_from_settings(connections[database].settings_dict)
        try:
            written = backup_write(source=source, path=Path(path))
        except ApplicationError as error:
            raise CommandError(error.message) from None
        self.stdout.write(json.dumps({"backup": str(written), **fingerprint_of(source)}, indent=1))
