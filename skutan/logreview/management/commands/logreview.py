"""``skutan logreview run [--since ÅÅÅÅ-MM-DD] [--until ÅÅÅÅ-MM-DD]``: the scheduled log review.

Run it every night (cron or a systemd timer, see docs/security.md); a second run over the same days adds
nothing new.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from skutan.core.errors import ApplicationError
from skutan.logreview.models import ReviewKind
from skutan.logreview.services import logreview_run


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

    def handle(self, *args, action: str, since=None, until=None, **options):
        try:
            result = logreview_run(since=_day(since) if since else None, until=_day(until) if until else None)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            f"Loggkontroll {result.since}–{result.until}: {result.reads} läsningar granskade, "
            f"{result.created} nya poster, {result.updated} uppdaterade."
        )
        labels = dict(ReviewKind.choices)
        for kind, count in sorted(result.by_kind.items()):
            self.stdout.write(f"  {labels.get(kind, kind)}: {count}")
