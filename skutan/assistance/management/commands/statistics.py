"""``skutan statistics eb-register``: the monthly register of ekonomiskt bistånd as CSV or XLSX.

    skutan statistics eb-register --month 2026-05 --user eb.chef [--format csv|xlsx] [--output fil] [--check]

The user (``--user`` or SKUTAN_USER) must be a unit manager or a system administrator; the export is
access-logged in that user's name (channel "cli"). ``--check`` lists what is missing before the 15th of the
following month and exits with status 1 when something is.
"""

import os
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from skutan.accounts.models import User
from skutan.assistance import register
from skutan.audit.context import AccessContext


def _month(text: str) -> date:
    try:
        year, month = (int(p) for p in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise CommandError(f"Ogiltig månad {text!r}: ange ÅÅÅÅ-MM, t.ex. 2026-05.") from None


class Command(BaseCommand):
    help = "Statistik: månadsfilen till registret över ekonomiskt bistånd (HSLF-FS 2015:30)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{eb-register}")
        eb = sub.add_parser("eb-register", help="En rad per person och månad, CSV eller XLSX.")
        eb.add_argument("--month", required=True, help="Månaden biståndet avser, ÅÅÅÅ-MM.")
        eb.add_argument("--user", default=os.environ.get("SKUTAN_USER", ""), help="Användarnamn (eller SKUTAN_USER).")
        eb.add_argument("--format", choices=("csv", "xlsx"), default="csv")
        eb.add_argument("--output", default="", help="Skriv filen hit (annars CSV till standard ut).")
        eb.add_argument("--check", action="store_true", help="Visa bara vad som saknas före den 15:e.")

    def handle(self, *args, **options):
        username = options["user"]
        if not username:
            raise CommandError("Ange --user ANVÄNDARNAMN (eller miljövariabeln SKUTAN_USER).")
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Användaren {username} finns inte eller är inaktiv.")
        if not register.user_may_export_register(user):
            raise CommandError(f"{username} är inte enhetschef eller systemförvaltare.")
        month = _month(options["month"])
        ctx = AccessContext(user=user, purpose="Registret över ekonomiskt bistånd (export)", channel="cli",
                            path=" ".join(sys.argv)[:300])
        if options["check"]:
            check = register.register_check_for_user(ctx=ctx, month=month)
            self.stdout.write(f"{month:%Y-%m}: {check.households} hushåll, {check.persons} personer; senast {check.deadline}.")
            for w in check.missing_obstacles:
                self.stdout.write(f"Försörjningshinder saknas: {w['name']} ({w['case']})")
            for w in check.missing_closing_codes:
                self.stdout.write(f"Avslutsorsak saknas: {w['case']} ({w['name']}, avslutat {w['closed_on']})")
            for w in check.missing_identity:
                self.stdout.write(f"Personnummer saknas: {w['name'] or 'hushållsmedlem'} ({w['case']})")
            if not check.complete:
                raise CommandError("Uppgifter saknas före rapporteringen.")
            self.stdout.write("Inget saknas.")
            return
        rows = register.register_rows_for_user(ctx=ctx, month=month)
        if options["format"] == "xlsx" and not options["output"]:
            raise CommandError("Ange --output FIL för XLSX.")
        data = register.register_xlsx(rows) if options["format"] == "xlsx" else register.register_csv(rows)
        if options["output"]:
            with open(options["output"], "wb") as handle:
                handle.write(data)
            self.stderr.write(f"{len(rows)} rader skrivna till {options['output']}.")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
