from django.core.management.base import BaseCommand, CommandError

from skutan.accounts.models import User
from skutan.accounts.otp import totp_device_remove


class Command(BaseCommand):
    help = ("Tvåstegsverifiering: 'skutan otp reset ANVÄNDARNAMN' tar bort användarens autentiseringsapp "
            "(borttappad telefon), så att hen kan aktivera en ny vid nästa inloggning.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        reset = sub.add_parser("reset", help="Ta bort en användares autentiseringsapp")
        reset.add_argument("username")

    def handle(self, *args, action, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Användaren {username} finns inte.")
        totp_device_remove(actor=None, user=user)
        self.stdout.write(f"Tvåstegsverifieringen för {username} är borttagen.")
