from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from skutan.accounts.models import ApiToken, Role, Unit, User
from skutan.core.errors import NotFoundError


def user_unit_ids(*, user: User) -> set[int]:
    """Units whose cases the user may read: every unit they belong to in any role (cached per request)."""
    cached = getattr(user, "_skutan_unit_ids", None)
    if cached is None:
        cached = set(user.memberships.values_list("unit_id", flat=True))
        user._skutan_unit_ids = cached
    return cached


def user_roles(*, user: User) -> set[str]:
    cached = getattr(user, "_skutan_roles", None)
    if cached is None:
        cached = set(user.memberships.values_list("role", flat=True))
        user._skutan_roles = cached
    return cached


def user_has_role(*, user: User, role: str, unit_id: int | None = None) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if unit_id is None:
        return role in user_roles(user=user)
    return user.memberships.filter(role=role, unit_id=unit_id).exists()


def user_is_staff_member(*, user: User) -> bool:
    """Any role in any unit: such a user may search the person register."""
    return user.is_authenticated and (user.is_superuser or bool(user_roles(user=user)))


def user_can_see_protected_identity(*, user: User) -> bool:
    return user.is_authenticated and user.has_perm("accounts.view_protected_identity")


# last_used_at is shown to the user, not an audit trail: one UPDATE a minute per token is enough.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


def user_get_by_token(*, key: str) -> User | None:
    """The active user behind a bearer token, or None for an unknown, revoked or expired token or a
    deactivated user. Checked on every request, so revoking or deactivating takes effect at once."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or token.last_used_at < now - TOKEN_TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def user_is_system_admin(*, user: User) -> bool:
    """Systemförvaltare: the role in any unit, or the superuser."""
    return user.is_authenticated and (user.is_superuser or Role.SYSTEM_ADMIN in user_roles(user=user))


def api_tokens_visible_to(*, user: User, all_users: bool = False) -> QuerySet[ApiToken]:
    """The user's own tokens; with ``all_users`` every token, for a systemförvaltare only.
    Token rows hold no personal data beyond the owner's name, so listing them is not access-logged."""
    tokens = ApiToken.objects.select_related("user").order_by("-created_at")
    if all_users and user_is_system_admin(user=user):
        return tokens
    return tokens.filter(user=user)


def api_token_get_for_user(*, user: User, token_id: int) -> ApiToken:
    """A token the user may manage: their own, or any for a systemförvaltare. Others: 404, never revealing
    that the token exists."""
    token = api_tokens_visible_to(user=user, all_users=True).filter(pk=token_id).first()
    if token is None:
        raise NotFoundError("API-nyckeln finns inte.")
    return token


def unit_caseworkers(*, unit: Unit) -> QuerySet[User]:
    return (
        User.objects.filter(memberships__unit=unit, memberships__role=Role.CASEWORKER, is_active=True)
        .distinct()
        .order_by("last_name", "first_name")
    )


def units_managed_by(*, user: User) -> QuerySet[Unit]:
    if user.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(memberships__user=user, memberships__role=Role.UNIT_MANAGER).distinct()
