"""skutan followup refresh: rebuild the follow-up summary tables from the decisions, payments and children's
records (run nightly; the tables are also kept current as those are written)."""

from django.core.management.base import BaseCommand

from skutan.followup.services import statistics_refresh_run


class Command(BaseCommand):
    help = "Uppföljning: bygg om sammanställningarna (per månad, enhet och mått) från grunddata."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("refresh", help="Bygg om alla sammanställningar.")

    def handle(self, *args, action, **options):
        def progress(done: int, total: int, message: str) -> None:
            if options.get("verbosity", 1) > 1 or done == total:
                self.stdout.write(f"{done}/{total} {message}")

        run = statistics_refresh_run(actor=None, progress=progress)
        self.stdout.write(f"Klar: {run.rows} hushållsmånader på {(run.finished_at - run.started_at).total_seconds():.1f} s.")
