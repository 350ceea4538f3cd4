"""`skutan oidc discover ISSUER`: read the identity provider's discovery document and print the SKUTAN_OIDC_*
settings for it (the endpoints, the signing algorithm and, where offered, the end_session_endpoint)."""

from django.core.management.base import BaseCommand, CommandError

from skutan.accounts.oidc import discovery_settings


class Command(BaseCommand):
    help = "Läser identitetsleverantörens discovery-dokument och skriver ut inställningarna SKUTAN_OIDC_*."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        discover = sub.add_parser("discover", help="Hämta /.well-known/openid-configuration från utfärdaren.")
        discover.add_argument("issuer", help="Utfärdarens adress, t.ex. https://login.kommun.se/realms/personal")

    def handle(self, *args, **options):
        try:
            found = discovery_settings(options["issuer"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("# Lägg till i miljön, tillsammans med SKUTAN_OIDC_CLIENT_ID och SKUTAN_OIDC_CLIENT_SECRET:")
        for name, value in found.items():
            self.stdout.write(f"{name}={value}")
