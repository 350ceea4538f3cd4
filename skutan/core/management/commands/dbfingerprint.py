"""skutan dbfingerprint [--url URL]: row counts of every table and SHA-256 of the journal and the logs."""

import json

from django.core.management.base import BaseCommand
from django.db import connections

from skutan.core.backup import fingerprint_of, target_from_settings, target_from_url


class Command(BaseCommand):
    help = "Skriver ut antal rader per tabell och kontrollsummor för journal, granskningslogg och åtkomstlogg."

    def add_arguments(self, parser):
        parser.add_argument("--url", help="En annan databas än den inställda (t.ex. den återlästa).")

    def handle(self, *args, url=None, **options):
        target = target_from_url(url) if url else target_from_settings(connections["default"].settings_dict)
        self.stdout.write(json.dumps(fingerprint_of(target), indent=1, sort_keys=True))
