"""``skutan followup refresh [--worker-here | --here | --no-wait]``: rebuild the follow-up summary tables from
the decisions, payments and children's records (run nightly; the tables are also kept current as those are
written).

It is handed to the background worker (``skutan db_worker``, docs/tasks.md) and the command follows its
progress; ``--worker-here`` runs the worker in this process, ``--here`` runs the refresh directly, ``--no-wait``
only enqueues.
"""

from django.core.management.base import BaseCommand, CommandError

from skutan.core.models import TaskStatus
from skutan.core.tasks import task_follow
from skutan.followup.services import statistics_refresh_run, statistics_refresh_start


class Command(BaseCommand):
    help = "Uppföljning: bygg om sammanställningarna (per månad, enhet och mått) från grunddata."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        refresh = sub.add_parser("refresh", help="Bygg om alla sammanställningar.")
        how = refresh.add_mutually_exclusive_group()
        how.add_argument("--worker-here", action="store_true", help="Kör bakgrundsarbetaren i den här processen.")
        how.add_argument("--here", action="store_true", help="Bygg om direkt här, utan bakgrundsarbetare.")
        how.add_argument("--no-wait", action="store_true", help="Lägg bara ombyggnaden i kön.")

    def handle(self, *args, action, **options):
        if not options.get("here"):
            progress = statistics_refresh_start(actor=None)
            self.stdout.write(f"Ombyggnaden ligger i bakgrundskön (uppgift {progress.pk}).")
            if options.get("no_wait"):
                return
            progress = task_follow(progress_id=progress.pk, write=self.stdout.write,
                                   worker_here=bool(options.get("worker_here")))
            if progress.status == TaskStatus.FAILED:
                raise CommandError(f"Ombyggnaden misslyckades: {progress.message}")
            return

        def progress(done: int, total: int, message: str) -> None:
            if options.get("verbosity", 1) > 1 or done == total:
                self.stdout.write(f"{done}/{total} {message}")

        run = statistics_refresh_run(actor=None, progress=progress)
        self.stdout.write(f"Klar: {run.rows} hushållsmånader på {(run.finished_at - run.started_at).total_seconds():.1f} s.")
