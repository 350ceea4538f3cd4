"""``skutan accesslog_partitions``: create the access log's coming monthly partitions (PostgreSQL).

Run it monthly (cron or the task runner), as the schema owner; it is idempotent. See docs/database.md.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from skutan.audit import partitions


class Command(BaseCommand):
    help = "Skapar åtkomstloggens kommande månadspartitioner (PostgreSQL) och varnar för rader i DEFAULT."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=partitions.MONTHS_AHEAD,
                            help=f"så många månader framåt från i dag (standard {partitions.MONTHS_AHEAD})")

    def handle(self, *args, **options):
        if options["months"] < 0:
            raise CommandError("--months kan inte vara negativt.")
        if not partitions.is_partitioned():
            self.stdout.write("Åtkomstloggen är inte partitionerad här (SQLite): inget att göra.")
            return
        today = timezone.localdate()
        index = today.year * 12 + today.month - 1 + options["months"]
        until = date(index // 12, index % 12 + 1, 1)
        created = partitions.partitions_ensure(since=date(today.year, today.month, 1), until=until)
        self.stdout.write(f"{len(created)} nya partitioner till och med {until:%Y-%m}." + (
            f" ({created[0]} … {created[-1]})" if created else ""))
        stray = partitions.default_partition_months()
        if stray:
            self.stderr.write(
                "Rader i DEFAULT-partitionen för " + ", ".join(stray) + ": en månadspartition saknades när de "
                "skrevs. Se docs/database.md om hur de flyttas."
            )
