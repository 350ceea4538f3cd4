"""``skutan setup``: from an empty database to the first systemförvaltare.

    skutan setup                                   # asks for what it needs
    skutan setup --username anna.admin --password … --first-name Anna --last-name Admin
    SKUTAN_SETUP_PASSWORD=… skutan setup --username anna.admin --no-input

Runs the migrations, creates the unit »Systemförvaltning« and the user with the systemförvaltare role, and
optionally the municipality's name and code. Idempotent: running it again changes nothing.
"""

import getpass
import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from skutan.administration import services
from skutan.administration.selectors import municipality_current, user_by_username
from skutan.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Skapar den första systemförvaltaren (frågar, eller ta flaggor). Kan köras flera gånger."

    def add_arguments(self, parser):
        parser.add_argument("--username", help="användarnamn för systemförvaltaren")
        parser.add_argument("--password", help="lösenord (eller miljövariabeln SKUTAN_SETUP_PASSWORD)")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--unit", default="Systemförvaltning", help="enheten för systemförvaltningen")
        parser.add_argument("--municipality-name", default="", help="kommunens namn, t.ex. Filipstads kommun")
        parser.add_argument("--municipality-code", default="", help="SCB:s kommunkod, t.ex. 1782")
        parser.add_argument("--superuser", action="store_true", help="gör också användaren till Django-superanvändare")
        parser.add_argument("--no-input", action="store_true", help="fråga inte; fel om något saknas")
        parser.add_argument("--no-migrate", action="store_true", help="kör inte migreringarna först")

    def _ask(self, label: str, *, secret: bool = False) -> str:
        if secret:
            first = getpass.getpass(f"{label}: ")
            if getpass.getpass(f"{label} (igen): ") != first:
                raise CommandError("Lösenorden stämmer inte överens.")
            return first
        return input(f"{label}: ").strip()

    def handle(self, *args, **o):
        interactive = not o["no_input"] and sys.stdin.isatty()
        if not o["no_migrate"]:
            call_command("migrate", verbosity=0, interactive=False)
            self.stdout.write("Databasen är migrerad.")
        username = o["username"] or (self._ask("Användarnamn") if interactive else "")
        if not username:
            raise CommandError("Ange --username (eller kör utan --no-input för att bli tillfrågad).")
        password = o["password"] or os.environ.get("SKUTAN_SETUP_PASSWORD", "")
        first_name, last_name = o["first_name"], o["last_name"]
        exists = user_by_username(actor=None, username=username) is not None
        if not exists and interactive:
            first_name = first_name or self._ask("Förnamn")
            last_name = last_name or self._ask("Efternamn")
            password = password or self._ask("Lösenord", secret=True)
        try:
            user, done = services.system_admin_setup(
                username=username, password=password or None, first_name=first_name, last_name=last_name,
                email=o["email"], unit_name=o["unit"], superuser=o["superuser"],
            )
            if o["municipality_name"] or o["municipality_code"]:
                current = municipality_current()
                wanted = {k: v for k, v in (("name", o["municipality_name"]), ("code", o["municipality_code"])) if v}
                if current is None or any(getattr(current, k) != v for k, v in wanted.items()):
                    services.municipality_update(actor=None, **wanted)
                    done.append("Kommunens uppgifter sparades.")
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        for line in done or [f"Inget att göra: {user.username} är redan systemförvaltare."]:
            self.stdout.write(line)
        self.stdout.write("Logga in på /konto/logga-in/ och fortsätt under Systemförvaltning (/forvaltning/).")
