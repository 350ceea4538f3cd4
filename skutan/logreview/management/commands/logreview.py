"""``skutan logreview run [--since ÅÅÅÅ-MM-DD] [--until ÅÅÅÅ-MM-DD] [--worker-here | --here | --no-wait]``:
the scheduled log review.

Run it every night (cron or a systemd timer, see docs/security.md); a second run over the same days adds
nothing new. It is handed to the background worker (``skutan db_worker``, docs/tasks.md) and the command
follows its progress; ``--worker-here`` runs the worker in this process, ``--here`` runs the review directly,
``--no-wait`` only enqueues.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from skutan.core.errors import ApplicationError
from skutan.core.models import TaskStatus
from skutan.core.tasks import task_follow
from skutan.logreview.models import ReviewKind
from skutan.logreview.services import logreview_run, logreview_start


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ogiltigt datum: {value} (ange ÅÅÅÅ-MM-DD).") from None


class Command(BaseCommand):
    help = "Automatisk loggkontroll: hittar ovanliga läsningar i åtkomstloggen åt loggranskaren."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="Granska åtkomstloggen (standard: de senaste dagarna).")
        run.add_argument("--since", type=str, help="första dag (ÅÅÅÅ-MM-DD)")
        run.add_argument("--until", type=str, help="sista dag (ÅÅÅÅ-MM-DD), standard i dag")
        how = run.add_mutually_exclusive_group()
        how.add_argument("--worker-here", action="store_true", help="Kör bakgrundsarbetaren i den här processen.")
        how.add_argument("--here", action="store_true", help="Granska direkt här, utan bakgrundsarbetare.")
        how.add_argument("--no-wait", action="store_true", help="Lägg bara granskningen i kön.")

    def handle(self, *args, action: str, since=None, until=None, **options):
        since, until = _day(since) if since else None, _day(until) if until else None
        if not options.get("here"):
            try:
                progress = logreview_start(actor=None, since=since, until=until)
            except ApplicationError as exc:
                raise CommandError(exc.message) from None
            self.stdout.write(f"Loggkontrollen ligger i bakgrundskön (uppgift {progress.pk}).")
            if options.get("no_wait"):
                return
            progress = task_follow(progress_id=progress.pk, write=self.stdout.write,
                                   worker_here=bool(options.get("worker_here")))
            if progress.status == TaskStatus.FAILED:
                raise CommandError(f"Loggkontrollen misslyckades: {progress.message}")
            return
        try:
            result = logreview_run(since=since, until=until)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            f"Loggkontroll {result.since}–{result.until}: {result.reads} läsningar granskade, "
            f"{result.created} nya poster, {result.updated} uppdaterade."
        )
        labels = dict(ReviewKind.choices)
        for kind, count in sorted(result.by_kind.items()):
            self.stdout.write(f"  {labels.get(kind, kind)}: {count}")
