"""skutan governance remind [--date YYYY-MM-DD]: send the seven-day reminders of assignments (run daily)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from skutan.governance.services import reminders_send


class Command(BaseCommand):
    help = "Ledningsgruppen: skicka påminnelser om uppdrag sju dagar före förfallodagen."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help="Skicka påminnelser som är på tur i dag.")
        remind.add_argument("--date", help="Dagen att räkna från (ÅÅÅÅ-MM-DD), standard i dag.")

    def handle(self, *args, action, **options):
        try:
            today = date.fromisoformat(options["date"]) if options.get("date") else None
        except ValueError:
            raise CommandError("Ange datum som ÅÅÅÅ-MM-DD.") from None
        sent = reminders_send(today=today)
        self.stdout.write(f"{sent} påminnelser skickade.")
