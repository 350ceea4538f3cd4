"""skutan restore FIL --into URL: restore a backup into a fresh database (docs/operations.md)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from skutan.core.backup import fingerprint_of, restore_into, target_from_url
from skutan.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Återläser en säkerhetskopia till en ny, tom databas och skriver ut dess fingeravtryck."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Säkerhetskopian.")
        parser.add_argument("--into", required=True,
                            help="Måldatabasen som URL: postgres://…/ny_databas eller sqlite:////sökväg/ny.sqlite3")

    def handle(self, *args, path, into, **options):
        try:
            target = target_from_url(into)
            restore_into(path=Path(path), target=target)
        except ApplicationError as error:
            raise CommandError(error.message) from None
        self.stdout.write(json.dumps(fingerprint_of(target), indent=1))
