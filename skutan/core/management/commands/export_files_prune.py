"""``skutan export_files_prune``: delete background-export files older than SKUTAN_EXPORT_FILE_HOURS (every
export task also does this; run it from cron on a server where exports are rare). docs/tasks.md."""

from django.core.management.base import BaseCommand

from skutan.core.exportfiles import export_files_prune


class Command(BaseCommand):
    help = "Raderar exportfiler vars lagringstid har gått ut."

    def handle(self, *args, **options):
        self.stdout.write(f"{export_files_prune()} exportfiler raderade.")
