import secrets
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import ApiToken, Membership, Unit, User
from skutan.accounts.selectors import user_access_cache_clear
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.core.errors import ApplicationError

LOCKED_MESSAGE = (
    "För många misslyckade inloggningar. Inloggningen är tillfälligt spärrad från den här datorn. "
    "Försök igen om {minutes} minuter, eller kontakta systemförvaltningen."
)


@transaction.atomic
def login_failure_register(*, username: str) -> None:
    """Audit a failed login. Counting and locking are django-axes' (skutan/accounts/throttle.py)."""
    user_id = User.objects.filter(username=username).values_list("pk", flat=True).first()
    audit_event_record(
        event_type=EventType.USER_LOGIN_FAILED, actor=None, object_type="accounts.user",
        object_id=user_id or "", data={"username": username[:150]},
    )


@transaction.atomic
def login_lockout_register(*, username: str, ip_address: str | None) -> None:
    """Audit a login refused because of a lock (the username may not exist)."""
    user_id = User.objects.filter(username=username).values_list("pk", flat=True).first()
    audit_event_record(
        event_type=EventType.USER_LOCKED_OUT, actor=None, object_type="accounts.user", object_id=user_id or "",
        data={"username": username[:150], "ip_address": ip_address or ""},
    )


@transaction.atomic
def login_success_register(*, user: User) -> None:
    audit_event_record(event_type=EventType.USER_LOGGED_IN, actor=user, obj=user)


@transaction.atomic
def api_token_create(
    *, user: User, name: str = "", expires_at: datetime | None = None, actor: User | None = None
) -> tuple[ApiToken, str]:
    """Return the token row and the secret, which is shown once and never stored.

    ``actor`` is who created it (the user themself in the UI; None from the command line)."""
    name = (name or "").strip()
    if len(name) > 100:
        raise ApplicationError(gettext("Namnet får vara högst 100 tecken."), field="name")
    if expires_at is not None and expires_at <= timezone.now():
        raise ApplicationError(gettext("Slutdatumet måste ligga i framtiden."), field="expires_at")
    key = "sk_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[:8], key_hash=ApiToken.hash_key(key), expires_at=expires_at
    )
    audit_event_record(
        event_type=EventType.API_TOKEN_CREATED, actor=actor or user, obj=token,
        data={"prefix": token.prefix, "user_id": user.pk,
              "expires_at": expires_at.isoformat() if expires_at else None},
    )
    return token, key


def api_token_expiry_from_date(*, last_day: date) -> datetime:
    """A token "valid to 2026-12-31" works through that whole day in Stockholm time."""
    return timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))


@transaction.atomic
def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    """Revoke at once: the next request with the token gets 401. Revoking twice is harmless."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_event_record(
        event_type=EventType.API_TOKEN_REVOKED, actor=actor, obj=token,
        data={"prefix": token.prefix, "user_id": token.user_id},
    )
    return token


@transaction.atomic
def unit_create(*, name: str, kind: str, actor=None, **details) -> Unit:
    """The bare write (fixtures, demo). Pages and the API call skutan.administration.services.unit_create,
    which checks the role and the input first."""
    unit = Unit.objects.create(name=name, kind=kind, **details)
    audit_event_record(event_type=EventType.UNIT_CREATED, actor=actor, obj=unit, data={"name": name, "kind": kind})
    return unit


@transaction.atomic
def user_create(
    *, username: str, password: str | None, first_name: str = "", last_name: str = "", title: str = "",
    memberships: list[tuple[Unit, str]] = (), employed_since=None, actor=None, email: str = "",
) -> User:
    if User.objects.filter(username=username).exists():
        raise ApplicationError(gettext(
            "Användarnamnet %(username)s är upptaget."
        ) % {"username": username}, field="username")
    user = User(username=username, first_name=first_name, last_name=last_name, title=title,
                employed_since=employed_since, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit_event_record(event_type=EventType.USER_CREATED, actor=actor, obj=user, data={"username": username})
    for unit, role in memberships:
        membership_add(actor=actor, user=user, unit=unit, role=role)
    return user


@transaction.atomic
def membership_add(*, actor, user: User, unit: Unit, role: str) -> Membership:
    membership, _ = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    user_access_cache_clear(user=user)
    audit_event_record(
        event_type=EventType.MEMBERSHIP_CHANGED, actor=actor, obj=user,
        data={"unit_id": unit.pk, "role": role, "added": True},
    )
    return membership
