from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from skutan.accounts.models import ApiToken, User
from skutan.accounts.services import api_token_create, api_token_expiry_from_date, api_token_revoke
from skutan.core.errors import ApplicationError


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ogiltigt datum {value!r}: ange ÅÅÅÅ-MM-DD.") from exc


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "–"


class Command(BaseCommand):
    help = (
        "API-nycklar: 'skutan token create USERNAME [--expires ÅÅÅÅ-MM-DD]' skapar en nyckel och skriver ut "
        "den en gång; 'skutan token list [USERNAME]' listar; 'skutan token revoke ID' spärrar."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Skapa en API-nyckel för en användare")
        create.add_argument("username")
        create.add_argument("--name", default="")
        create.add_argument("--expires", type=_date, default=None,
                            help="sista giltighetsdag (ÅÅÅÅ-MM-DD); utan den gäller nyckeln tills den spärras")
        listing = sub.add_parser("list", help="Lista API-nycklar (alla, eller en användares)")
        listing.add_argument("username", nargs="?")
        listing.add_argument("--all", action="store_true", help="ta med spärrade och utgångna nycklar")
        revoke = sub.add_parser("revoke", help="Spärra en API-nyckel (id eller prefix)")
        revoke.add_argument("token")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Användaren {username} finns inte.")
        return user

    def _create(self, *, username, name, expires, **_):
        user = self._user(username)
        expires_at = api_token_expiry_from_date(last_day=expires) if expires else None
        try:
            _, key = api_token_create(user=user, name=name, expires_at=expires_at, actor=None)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(key)

    def _list(self, *, username, all, **_):
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
        if username:
            tokens = tokens.filter(user=self._user(username))
        now = timezone.now()
        self.stdout.write(f"{'id':>5}  {'användare':<20} {'prefix':<9} {'namn':<20} {'skapad':<16} "
                          f"{'senast använd':<16} {'giltig till':<16} status")
        for t in tokens:
            if t.revoked_at:
                status = f"spärrad {_when(t.revoked_at)}"
            elif t.expires_at and t.expires_at <= now:
                status = "utgången"
            else:
                status = "giltig"
            if status != "giltig" and not all:
                continue
            self.stdout.write(
                f"{t.pk:>5}  {t.user.username:<20} {t.prefix:<9} {t.name[:20]:<20} {_when(t.created_at):<16} "
                f"{_when(t.last_used_at):<16} {_when(t.expires_at):<16} {status}"
            )

    def _revoke(self, *, token, **_):
        row = None
        if token.isdigit():
            row = ApiToken.objects.filter(pk=int(token)).first()
        if row is None:
            matches = list(ApiToken.objects.filter(prefix=token))
            if len(matches) > 1:
                raise CommandError(f"Prefixet {token} är inte entydigt; ange nyckelns id.")
            row = matches[0] if matches else None
        if row is None:
            raise CommandError(f"API-nyckeln {token} finns inte.")
        api_token_revoke(actor=None, token=row)
        self.stdout.write(f"API-nyckel {row.prefix}… för {row.user.username} är spärrad.")
