"""``skutan payments run``: a payment run from the command line, with a progress bar.

    skutan payments run --user eb.chef --execution-date 2026-05-25 [--output betalfil.xml] [--chunk-size 500]
                        [--worker-here | --here | --no-wait]
    skutan payments plan --user eb.chef

The run is handed to the background worker (``skutan db_worker``, docs/tasks.md) and the command follows its
progress. ``--worker-here`` runs the worker in this process instead (no separate worker needed),
``--here`` runs the steps directly in this process with a line per step, ``--no-wait`` only enqueues.

The user (``--user`` or the environment variable SKUTAN_USER) must be a unit manager of ekonomiskt bistånd or a
system administrator; everything is audited and access-logged in that user's name (channel "cli").
"""

import os
import sys
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from skutan.accounts.models import User
from skutan.audit.context import AccessContext
from skutan.audit.models import AccessAction
from skutan.core.errors import ApplicationError
from skutan.core.tasks import worker_run_pending
from skutan.payments import selectors, services
from skutan.payments.models import RunStatus

BAR_WIDTH = 30


def progress_line(run) -> str:
    filled = run.percent * BAR_WIDTH // 100
    return (
        f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {run.percent:3d} %  "
        f"{run.processed_count}/{run.total_count} betalningar"
        + ("  fil skapad" if run.file_sha256 else "")
    )


class Command(BaseCommand):
    help = "Utbetalningar: planera beslutade belopp och gör en utbetalningskörning (pain.001)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{run,plan}")
        run = sub.add_parser("run", help="Skapa och kör en utbetalningskörning.")
        run.add_argument("--execution-date", required=True, type=date.fromisoformat, help="Utbetalningsdag ÅÅÅÅ-MM-DD.")
        run.add_argument("--user", default=os.environ.get("SKUTAN_USER", ""), help="Användarnamn (eller SKUTAN_USER).")
        run.add_argument("--output", default="", help="Skriv betalfilen hit.")
        run.add_argument("--chunk-size", type=int, default=services.CHUNK_SIZE)
        how = run.add_mutually_exclusive_group()
        how.add_argument("--worker-here", action="store_true", help="Kör bakgrundsarbetaren i den här processen.")
        how.add_argument("--here", action="store_true", help="Kör stegen direkt här, utan bakgrundsarbetare.")
        how.add_argument("--no-wait", action="store_true", help="Lägg bara körningen i kön.")
        plan = sub.add_parser("plan", help="Planera utbetalningar för beslutade månader (idempotent).")
        plan.add_argument("--user", default=os.environ.get("SKUTAN_USER", ""), help="Användarnamn (eller SKUTAN_USER).")

    def _follow(self, run, show, interval: float = 0.5):
        """Show the run's progress as the worker moves it, until it is finished or has failed."""
        last, waited = None, 0.0
        while True:
            run = selectors.payment_run_reload(run=run)
            line = progress_line(run)
            if line != last:
                show(run)
                last = line
            if run.is_finished or run.status == RunStatus.FAILED:
                return run
            if waited > 5 and run.processed_count == 0 and waited < 5 + interval:
                self.stdout.write("Väntar på bakgrundsarbetaren (skutan db_worker) …")
            time.sleep(interval)
            waited += interval

    def _user(self, username: str) -> User:
        if not username:
            raise CommandError("Ange --user ANVÄNDARNAMN (eller miljövariabeln SKUTAN_USER).")
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Användaren {username} finns inte eller är inaktiv.")
        if not selectors.user_can_run_payments(user=user):
            raise CommandError(f"{username} är inte enhetschef inom ekonomiskt bistånd eller systemförvaltare.")
        return user

    def handle(self, *args, **options):
        user = self._user(options["user"])
        if options["action"] == "plan":
            units = [u.pk for u in selectors.payment_units_for_user(user=user)]
            created = services.payments_plan_from_decisions(actor=user, unit_ids=units)
            self.stdout.write(f"{len(created)} nya planerade utbetalningar.")
            return
        try:
            run = services.payment_run_create(actor=user, execution_date=options["execution_date"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            f"Körning {run.message_id}: {run.total_count} betalningar, {run.total_amount} kr"
            + (f" ({run.skipped_without_account} väntar på verifierat konto)" if run.skipped_without_account else "")
        )
        interactive = hasattr(self.stdout, "isatty") and self.stdout.isatty()

        def show(current):
            line = progress_line(current)
            if interactive:
                self.stdout.write("\r" + line, ending="")
                self.stdout.flush()
            else:
                self.stdout.write(line)

        chunk_size = max(1, options["chunk_size"])
        if options["here"]:
            run = services.payment_run_execute(actor=user, run=run, chunk_size=chunk_size, on_progress=show)
        else:
            progress = services.payment_run_start(actor=user, run=run, chunk_size=chunk_size)
            self.stdout.write(f"Körningen ligger i bakgrundskön (uppgift {progress.pk}).")
            if options["no_wait"]:
                return
            if options["worker_here"]:
                worker_run_pending()
            run = self._follow(run, show)
        if interactive:
            self.stdout.write("")
        if run.status == RunStatus.FAILED:
            raise CommandError(f"Körningen avbröts: {run.error}")
        self.stdout.write(f"Klar. SHA-256 {run.file_sha256}")
        if options["output"]:
            ctx = AccessContext(user=user, purpose="Export av betalfil", channel="cli", path=" ".join(sys.argv)[:300])
            run = selectors.payment_run_get_for_user(ctx=ctx, run_id=run.pk, action=AccessAction.EXPORT, log_payees=True)
            with open(options["output"], "wb") as handle:
                handle.write(run.file_content.encode("utf-8"))
            self.stdout.write(f"Betalfilen är sparad i {options['output']}.")
