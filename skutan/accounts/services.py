import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from skutan.accounts.models import ApiToken, Membership, Unit, User
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.core.errors import ApplicationError

LOCKED_MESSAGE = "Kontot är tillfälligt spärrat efter för många misslyckade inloggningar. Försök igen om {minutes} minuter."


def user_is_locked(*, user: User) -> bool:
    return user.locked_until is not None and user.locked_until > timezone.now()


@transaction.atomic
def login_failure_register(*, username: str) -> User | None:
    """Count a failed login; lock the account after SKUTAN_LOGIN_MAX_FAILURES in a row."""
    user = User.objects.select_for_update().filter(username=username).first()
    audit_event_record(
        event_type=EventType.USER_LOGIN_FAILED, actor=None, object_type="accounts.user",
        object_id=user.pk if user else "", data={"username": username[:150]},
    )
    if user is None:
        return None
    User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
    user.refresh_from_db(fields=["failed_login_count", "locked_until"])
    if user.failed_login_count >= settings.SKUTAN_LOGIN_MAX_FAILURES:
        user.locked_until = timezone.now() + timedelta(minutes=settings.SKUTAN_LOGIN_LOCKOUT_MINUTES)
        user.failed_login_count = 0
        user.save(update_fields=["locked_until", "failed_login_count"])
        audit_event_record(event_type=EventType.USER_LOCKED_OUT, actor=None, obj=user)
    return user


@transaction.atomic
def login_success_register(*, user: User) -> None:
    User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
    audit_event_record(event_type=EventType.USER_LOGGED_IN, actor=user, obj=user)


@transaction.atomic
def api_token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Return the token row and the secret, which is shown once and never stored."""
    key = "sk_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:8], key_hash=ApiToken.hash_key(key))
    audit_event_record(event_type=EventType.API_TOKEN_CREATED, actor=user, obj=token, data={"prefix": token.prefix})
    return token, key


@transaction.atomic
def unit_create(*, name: str, kind: str) -> Unit:
    return Unit.objects.create(name=name, kind=kind)


@transaction.atomic
def user_create(
    *, username: str, password: str | None, first_name: str = "", last_name: str = "", title: str = "",
    memberships: list[tuple[Unit, str]] = (), employed_since=None, actor=None,
) -> User:
    if User.objects.filter(username=username).exists():
        raise ApplicationError(f"Användarnamnet {username} är upptaget.", field="username")
    user = User(username=username, first_name=first_name, last_name=last_name, title=title,
                employed_since=employed_since)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    for unit, role in memberships:
        membership_add(actor=actor, user=user, unit=unit, role=role)
    return user


@transaction.atomic
def membership_add(*, actor, user: User, unit: Unit, role: str) -> Membership:
    membership, _ = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    audit_event_record(
        event_type=EventType.MEMBERSHIP_CHANGED, actor=actor, obj=user,
        data={"unit_id": unit.pk, "role": role, "added": True},
    )
    return membership
