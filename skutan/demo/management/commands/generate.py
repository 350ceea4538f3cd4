"""``skutan generate --scale {filipstad,karlstad,stockholm} --seed N [--task [--worker-here | --no-wait]]``:
build a synthetic municipality in the configured database (the demo's generator at another size;
docs/scaling-data.md). With ``--task`` the background worker (``skutan db_worker``) generates it and the
command follows its progress (docs/tasks.md); ``--worker-here`` runs the worker in this process."""

import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from skutan.audit import partitions
from skutan.demo.generator import DemoRefused, ProgressBar, generate_municipality
from skutan.demo.scales import SCALES


class Command(BaseCommand):
    help = (
        "Genererar en syntetisk kommun i den konfigurerade databasen: filipstad (demon), karlstad eller "
        "stockholm. Samma frö ger samma data. Vägrar om databasen innehåller verkliga personer eller redan demodata."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="filipstad")
        parser.add_argument("--seed", type=int, default=1782, help="slumpfrö: samma frö ger samma kommun")
        parser.add_argument("--core-only", action="store_true",
                            help="bara personer, hushåll, ärenden, journaler och åtkomstlogg (inga app-tillägg)")
        parser.add_argument("--no-progress", action="store_true", help="ingen förloppsindikator på stderr")
        parser.add_argument("--task", action="store_true",
                            help="låt bakgrundsarbetaren (skutan db_worker) generera och följ förloppet")
        how = parser.add_mutually_exclusive_group()
        how.add_argument("--worker-here", action="store_true",
                         help="med --task: kör bakgrundsarbetaren i den här processen")
        how.add_argument("--no-wait", action="store_true", help="med --task: lägg bara genereringen i kön")

    def handle(self, *args, **options):
        municipality = SCALES[options["scale"]]
        started = time.monotonic()
        # A new database (the benchmark's, a fresh server) gets its tables first, as `skutan demo` does.
        call_command("migrate", interactive=False, verbosity=0)
        if partitions.is_partitioned():
            made = partitions.partitions_ensure(until=partitions.months_ahead(partitions.MONTHS_AHEAD))
            if made:
                self.stdout.write(f"{len(made)} nya partitioner i åtkomstloggen.")
        if options["task"]:
            return self._as_task(options)
        if options["worker_here"] or options["no_wait"]:
            raise CommandError("--worker-here och --no-wait gäller bara med --task.")
        bar = None if options["no_progress"] else ProgressBar(sys.stderr)
        self.stdout.write(
            f"Genererar {municipality.name} (skala {municipality.scale.name}, faktor {float(municipality.scale):g}, "
            f"frö {options['seed']}) i {connection.vendor} …"
        )
        try:
            summary = generate_municipality(
                scale=municipality.scale, seed=options["seed"], stdout=self.stdout,
                extensions=[] if options["core_only"] else None, on_progress=bar,
            )
        except (DemoRefused, ValueError) as exc:
            raise CommandError(str(exc)) from None
        cases = sum(summary.cases.values())
        self.stdout.write(
            f"{summary.persons} personer, {summary.households} hushåll, {cases} ärenden, "
            f"{summary.journal_entries} journalanteckningar, {summary.access_log_rows} rader åtkomstlogg; "
            f"{time.monotonic() - started:.1f} s."
        )

    def _as_task(self, options) -> None:
        from skutan.core.models import TaskStatus
        from skutan.core.tasks import task_follow
        from skutan.demo.services import generate_start

        progress = generate_start(actor=None, scale=options["scale"], seed=options["seed"],
                                  core_only=options["core_only"])
        self.stdout.write(f"Genereringen ligger i bakgrundskön (uppgift {progress.pk}).")
        if options["no_wait"]:
            return
        progress = task_follow(progress_id=progress.pk, write=self.stdout.write,
                               worker_here=bool(options["worker_here"]))
        if progress.status == TaskStatus.FAILED:
            raise CommandError(f"Genereringen misslyckades: {progress.message}")
