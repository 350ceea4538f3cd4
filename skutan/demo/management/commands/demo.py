"""``skutan demo``: migrate, generate the synthetic municipality once, print the logins, serve."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connections

from skutan.demo.generator import (
    REFUSAL,
    DemoLogin,
    demo_data_present,
    demo_logins,
    generate_municipality,
    real_persons_present,
)
from skutan.demo.staff import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Migrerar databasen, genererar demokommunen (bara syntetiska personer) om den saknas, skriver ut "
        "demoinloggningarna och startar servern. Vägrar om databasen innehåller någon verklig person."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="ta bort SQLite-filen först och börja om")
        parser.add_argument("--scale", type=float, default=1.0, help="storlek: 1.0 ≈ 1 800 personer (standard)")
        parser.add_argument("--seed", type=int, default=1782, help="slumpfrö: samma frö ger samma kommun")
        parser.add_argument("--no-serve", action="store_true", help="bara data och inloggningar, ingen server")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-worker", action="store_true", help="starta inte bakgrundsarbetaren (db_worker)")

    def handle(self, *args, **options):
        if options["scale"] <= 0:
            raise CommandError("--scale måste vara större än noll.")
        if options["reset"]:
            self._reset()
        self.stdout.write("Migrerar databasen …")
        call_command("migrate", interactive=False, verbosity=0)
        if real_persons_present():
            raise CommandError(REFUSAL)
        if demo_data_present():
            self.stdout.write("Demodata finns redan och genereras inte igen (--reset börjar om från en tom fil).")
        else:
            self.stdout.write(f"Genererar demokommunen (skala {options['scale']:g}, frö {options['seed']}) …")
            summary = generate_municipality(scale=options["scale"], seed=options["seed"], stdout=self.stdout)
            cases = ", ".join(f"{n} {label}" for label, n in sorted(summary.cases.items()))
            self.stdout.write(
                f"{summary.persons} personer i {summary.households} hushåll, ärenden: {cases}, "
                f"{summary.journal_entries} journalanteckningar ({summary.seconds:.1f} s)."
            )
        self._print_logins(demo_logins())
        if not options["no_serve"]:
            address = f"{options['host']}:{options['port']}"
            self.stdout.write(f"\nÖppna http://{address}/ och logga in med en av användarna ovan.\n")
            worker = None if options["no_worker"] else self._start_worker()
            try:
                call_command("runserver", address, use_reloader=False)
            finally:
                if worker is not None:
                    worker.terminate()
                    worker.wait(timeout=10)

    def _start_worker(self):
        """The background worker beside the web server (payment runs, the loggkontroll; docs/tasks.md): a
        process of its own, on the same database and settings, stopped with the server."""
        import os
        import subprocess
        import sys

        self.stdout.write("Startar bakgrundsarbetaren (skutan db_worker) …")
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "skutan.settings.local")}
        return subprocess.Popen(
            [sys.executable, "-m", "skutan", "db_worker", "--no-reload", "--interval", "1"], env=env
        )

    def _reset(self) -> None:
        connection = connections["default"]
        if connection.vendor != "sqlite":
            raise CommandError("--reset fungerar bara med SQLite: demon tar aldrig bort en annan databas.")
        path = Path(str(connection.settings_dict["NAME"]))
        try:
            if real_persons_present():
                raise CommandError(f"{REFUSAL} Filen {path} tas inte bort.")
        except DatabaseError:
            pass  # not a Skutan database yet (no person table): nothing real to lose
        if not path.is_file():
            if str(path).startswith("file:") or ":memory:" in str(path):
                raise CommandError("--reset kan inte ta bort en databas i minnet.")
            return  # nothing to delete yet
        connection.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        self.stdout.write(f"Tog bort {path}.")

    def _print_logins(self, logins: list[DemoLogin]) -> None:
        headers = ("Användarnamn", "Lösenord", "Roll", "Enhet", "Namn och titel")
        rows = [(x.username, DEMO_PASSWORD, x.role, x.unit, f"{x.name}, {x.title}") for x in logins]
        widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

        def line(cells):
            return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

        self.stdout.write(f"\nDemoinloggningar (samma lösenord för alla: {DEMO_PASSWORD}):\n")
        self.stdout.write(line(headers))
        self.stdout.write(line("-" * w for w in widths))
        for row in rows:
            self.stdout.write(line(row))
