from django.db.models import QuerySet
from django.utils import timezone

from skutan.accounts.models import ApiToken, Role, Unit, User


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


def user_get_by_token(*, key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


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


def unit_get(*, unit_id: int | None) -> Unit | None:
    """A unit by id (units are not personal data), or None."""
    return Unit.objects.filter(pk=unit_id).first() if unit_id is not None else None


def units_for_opening(*, user: User) -> QuerySet[Unit]:
    """The units in which the user may open a case: where they are case worker or unit manager."""
    if user.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(
        memberships__user=user, memberships__role__in=[Role.CASEWORKER, Role.UNIT_MANAGER]
    ).distinct()


def user_get_active(*, user_id: int) -> User | None:
    return User.objects.filter(pk=user_id, is_active=True).first()


def user_get_by_username(*, username: str) -> User | None:
    return User.objects.filter(username=username).first()


def users_for_log_filter() -> QuerySet[User]:
    """Every user, for the log reviewer's filter (staff names only)."""
    return User.objects.order_by("username").only("id", "username", "first_name", "last_name")
