from django.core.management.base import BaseCommand, CommandError

from skutan.accounts.models import User
from skutan.accounts.services import api_token_create


class Command(BaseCommand):
    help = "API-nycklar: 'skutan token create USERNAME' skapar en nyckel och skriver ut den en gång."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Skapa en API-nyckel för en användare")
        create.add_argument("username")
        create.add_argument("--name", default="")

    def handle(self, *args, action, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Användaren {options['username']} finns inte.")
        _, key = api_token_create(user=user, name=options["name"])
        self.stdout.write(key)
