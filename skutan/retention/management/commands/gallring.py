"""``skutan gallring plan --year ÅÅÅÅ --user NAMN``, ``skutan gallring execute --plan ID --user NAMN`` and
``skutan gallring archive --person ID --out KATALOG --user NAMN`` (e-arkiv package, docs/archive.md).

``plan`` makes the dry run (nothing is purged) and prints its summary; the plan is then reviewed and
approved in the web UI (Gallring) by another arkivansvarig, who logs in as themself: approval has no command,
so it cannot be scripted past. ``execute`` hands an approved plan to the background worker (``skutan db_worker``, docs/tasks.md) and
follows its progress (``--worker-here`` runs the worker in this process, ``--no-wait`` only enqueues,
``--here`` purges directly with a progress bar); if it stops (a crash, Ctrl-C, a dead worker) run it again:
it continues where it stopped and purges nothing twice. On PostgreSQL run it with the
owner role's DATABASE_URL (docs/database.md).
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from skutan.accounts.selectors import user_get_by_username
from skutan.core.errors import ApplicationError
from skutan.core.models import TaskStatus
from skutan.core.tasks import task_follow
from skutan.retention.models import ItemOutcome, PurgePlan
from skutan.retention.rules import rules_load
from skutan.retention.services import purge_plan_create, purge_plan_execute, purge_plan_execute_start


def _bar(label: str, stream):
    shown = {"percent": -1}

    def progress(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        percent = int(100 * done / total) if total else 100
        if percent == shown["percent"] and done < total:
            return  # redraw once per percent
        shown["percent"] = percent
        stream.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return progress


class Command(BaseCommand):
    help = "Gallring: provkör en gallringsplan för ett år, eller genomför en godkänd plan."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        plan = sub.add_parser("plan", help="Provkör gallringen för ett år (gallrar ingenting).")
        plan.add_argument("--year", type=int, required=True, help="gallringsåret, ÅÅÅÅ")
        plan.add_argument("--user", required=True, help="arkivansvarigs användarnamn")
        execute = sub.add_parser("execute", help="Genomför en godkänd gallringsplan.")
        execute.add_argument("--plan", type=int, required=True, help="planens nummer")
        execute.add_argument("--user", required=True, help="arkivansvarigs användarnamn")
        how = execute.add_mutually_exclusive_group()
        how.add_argument("--worker-here", action="store_true", help="Kör bakgrundsarbetaren i den här processen.")
        how.add_argument("--here", action="store_true", help="Gallra direkt här, utan bakgrundsarbetare.")
        how.add_argument("--no-wait", action="store_true", help="Lägg bara gallringen i kön.")
        archive = sub.add_parser("archive", help="Exportera en bevarad, avslutad personakt som arkivpaket (zip).")
        archive.add_argument("--person", type=int, required=True, help="personens id i Skutan")
        archive.add_argument("--out", required=True, help="katalog att skriva paketet i")
        archive.add_argument("--user", required=True, help="arkivansvarigs användarnamn")

    def _user(self, username: str):
        user = user_get_by_username(username=username)
        if user is None or not user.is_active:
            raise CommandError(f"Okänd eller inaktiv användare: {username}")
        return user

    def handle(self, *args, action: str, **options):
        user = self._user(options["user"])
        try:
            if action == "archive":
                self._archive(user, options["person"], options["out"])
            elif action == "plan":
                plan = purge_plan_create(actor=user, year=options["year"], progress=_bar("Provkör", sys.stderr))
                self._summary(plan)
                self.stdout.write("Planen gallrar ingenting förrän en annan arkivansvarig godkänt den i Skutan.")
            else:
                plan = PurgePlan.objects.filter(pk=options["plan"]).first()
                if plan is None:
                    raise CommandError(f"Gallringsplan {options['plan']} finns inte.")
                if not options.get("here"):
                    self._enqueue(user, plan, options)
                    return
                plan = purge_plan_execute(actor=user, plan=plan, progress=_bar("Gallrar", sys.stderr))
                self._done(plan)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None

    def _enqueue(self, user, plan: PurgePlan, options) -> None:
        progress = purge_plan_execute_start(actor=user, plan=plan)
        self.stdout.write(f"Gallringen ligger i bakgrundskön (uppgift {progress.pk}).")
        if options.get("no_wait"):
            return
        progress = task_follow(progress_id=progress.pk, write=self.stdout.write,
                               worker_here=bool(options.get("worker_here")))
        if progress.status == TaskStatus.FAILED:
            raise CommandError(f"Gallringen misslyckades: {progress.message}. Kör kommandot igen för att fortsätta.")
        if progress.is_finished:
            self._done(PurgePlan.objects.get(pk=plan.pk))

    def _done(self, plan: PurgePlan) -> None:
        self.stdout.write(f"Gallringsplan {plan.code}: {plan.get_status_display()}.")
        for table, count in sorted(plan.counts.items()):
            self.stdout.write(f"  {table}: {count}")

    def _archive(self, user, person_id: int, out: str) -> None:
        from pathlib import Path

        from skutan.core.context import AccessContext
        from skutan.people.selectors import person_get_for_user
        from skutan.retention.services import archive_package_export

        ctx = AccessContext(user=user, purpose="Arkivering (e-arkiv)", channel="cli")
        person = person_get_for_user(ctx=ctx, person_id=person_id, action="export")
        package_id, data = archive_package_export(ctx=ctx, person=person)
        target = Path(out) / f"{package_id}.zip"
        target.write_bytes(data)
        self.stdout.write(f"Arkivpaket {package_id} skrivet till {target}")

    def _summary(self, plan: PurgePlan) -> None:
        rules = rules_load()
        self.stdout.write(f"Gallringsplan {plan.pk} ({plan.code}) för {plan.year}, per {plan.as_of}:")
        for code, counts in sorted(plan.summary.get("rules", {}).items()):
            title = rules[code].title if code in rules else code
            mark = "" if code not in rules or rules[code].confirmed else " (obekräftad)"
            self.stdout.write(
                f"  {title}{mark}: gallras {counts.get(ItemOutcome.PURGE, 0)}, bevaras {counts.get(ItemOutcome.KEEP, 0)}"
            )
        for table, log in sorted(plan.summary.get("logs", {}).items()):
            when = f"rader före {log['cutoff']}" if log.get("cutoff") else "gallras inte (ingen tid inställd)"
            self.stdout.write(f"  {table}: {when}; källa: {log['source']}")
