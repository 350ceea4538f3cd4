from datetime import date, timedelta
from decimal import Decimal

from django.db.models import CharField, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import (
    ApiToken,
    Delegation,
    Membership,
    Municipality,
    Role,
    SpecialRight,
    SpecialRightKind,
    Unit,
    User,
)
from skutan.core.errors import NotFoundError


def user_memberships(*, user: User) -> frozenset[tuple[int, str, str]]:
    """The user's memberships as (unit id, role, unit kind), read once per request (cached on the user object):
    every role and unit check of a page answers from it, so a page reads the memberships once."""
    cached = getattr(user, "_skutan_memberships", None)
    if cached is None:
        cached = _memberships_and_special_rights(user=user)
        user._skutan_memberships = cached
    return cached


def _memberships_and_special_rights(*, user: User) -> frozenset[tuple[int, str, str]]:
    """The memberships, and today's active special rights with them in the same query (a UNION): nearly every
    page asks for both (the address check asks for the protected-address right), so a page reads them once.
    The rights fill special_right_unit_ids' cache for today, an empty set for each kind not held."""
    text = CharField()
    memberships = (Membership.objects.filter(user=user).order_by()
                   .annotate(_src=Value("m", output_field=text))
                   .values_list("unit_id", "role", "unit__kind", "_src"))
    rights = (special_rights_active().filter(user=user).order_by()
              .annotate(_blank=Value("", output_field=text), _src=Value("s", output_field=text))
              .values_list("unit_id", "kind", "_blank", "_src"))
    rows = list(memberships.union(rights, all=True))
    if user.is_active:  # special_right_unit_ids answers an empty set for an inactive user without caching
        held = {kind: set() for kind in SpecialRightKind.values}
        for unit_id, kind, _, src in rows:
            if src == "s":
                held.setdefault(kind, set()).add(unit_id)
        cache = user.__dict__.setdefault("_skutan_special_rights", {})
        for kind, unit_ids in held.items():
            cache.setdefault((kind, None), unit_ids)
    return frozenset((unit_id, role, unit_kind) for unit_id, role, unit_kind, src in rows if src == "m")


def user_access_cache_clear(*, user: User) -> None:
    """Forget what user_memberships and the special-right checks cached (after a change of memberships)."""
    for name in ("_skutan_memberships", "_skutan_unit_ids", "_skutan_roles", "_skutan_special_rights"):
        user.__dict__.pop(name, None)


def user_unit_ids(*, user: User) -> set[int]:
    """Units whose cases the user may read: every unit they belong to in any role (cached per request)."""
    cached = getattr(user, "_skutan_unit_ids", None)
    if cached is None:
        cached = {unit_id for unit_id, _, _ in user_memberships(user=user)}
        user._skutan_unit_ids = cached
    return cached


def user_roles(*, user: User) -> set[str]:
    cached = getattr(user, "_skutan_roles", None)
    if cached is None:
        cached = {role for _, role, _ in user_memberships(user=user)}
        user._skutan_roles = cached
    return cached


def user_unit_ids_with_roles(*, user: User, roles) -> set[int]:
    """The units in which the user holds one of these roles (from the cached memberships)."""
    roles = set(roles)
    return {unit_id for unit_id, role, _ in user_memberships(user=user) if role in roles}


def user_has_role(*, user: User, role: str, unit_id: int | None = None) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if unit_id is None:
        return role in user_roles(user=user)
    return unit_id in user_unit_ids_with_roles(user=user, roles=[role])


def user_is_staff_member(*, user: User) -> bool:
    """Any role in any unit: such a user may search the person register."""
    return user.is_authenticated and (user.is_superuser or bool(user_roles(user=user)))


# -- special rights (granted per unit, with an end date) --------------------------------------------------


def special_rights_active(*, on: date | None = None) -> QuerySet[SpecialRight]:
    on = on or timezone.localdate()
    return SpecialRight.objects.filter(revoked_at__isnull=True, valid_from__lte=on, valid_to__gte=on)


def special_right_unit_ids(*, user: User, kind: str, on: date | None = None) -> set[int]:
    """The units in which the user holds an active special right of this kind (cached per request)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    cache = user.__dict__.setdefault("_skutan_special_rights", {})
    key = (kind, on)
    if key not in cache:
        cache[key] = set(special_rights_active(on=on).filter(user=user, kind=kind).values_list("unit_id", flat=True))
    return cache[key]


def user_has_special_right(*, user: User, kind: str, unit_ids: set[int] | None = None) -> bool:
    """``unit_ids=None``: in any unit. The superuser holds every right (the emergency account)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    held = special_right_unit_ids(user=user, kind=kind)
    return bool(held) if unit_ids is None else bool(held & set(unit_ids))


def user_can_see_protected_identity(*, user: User, unit_ids: set[int] | None = None) -> bool:
    """The right to see protected addresses, granted per unit. ``unit_ids`` are the units of the person's
    cases; a person with no case at all needs the right in any unit."""
    if unit_ids is not None and not unit_ids:
        unit_ids = None
    return user_has_special_right(user=user, kind=SpecialRightKind.PROTECTED_ADDRESS, unit_ids=unit_ids)


def user_can_review_log(*, user: User) -> bool:
    """Loggranskare: the role in a unit, or the time-limited special right."""
    return user_has_role(user=user, role=Role.LOG_REVIEWER) or user_has_special_right(
        user=user, kind=SpecialRightKind.LOG_REVIEWER
    )


# -- delegation -------------------------------------------------------------------------------------------


def delegation_points_valid(*, decision_kind: str | None = None, on: date) -> QuerySet[Delegation]:
    qs = Delegation.objects.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    if decision_kind:
        qs = qs.filter(decision_kind=decision_kind)
    return qs.select_related("user", "unit")


def _held_by(*, user: User, unit_id: int | None) -> Q:
    """Points the user holds: by name, or through a role they have in the point's unit (and, when the case's
    unit is given, only that unit's role points apply)."""
    roles = Membership.objects.filter(user=user)
    if unit_id is not None:
        roles = roles.filter(unit_id=unit_id)
    role_q = Q(pk__in=[])
    for membership_unit, role in roles.values_list("unit_id", "role"):
        role_q |= Q(unit_id=membership_unit, role=role, user__isnull=True)
    return Q(user=user) | role_q


def delegation_points_for_user(*, user: User, decision_kind: str, on: date, unit_id: int | None = None) -> list[Delegation]:
    if not user.is_authenticated or not user.is_active:
        return []
    return list(delegation_points_valid(decision_kind=decision_kind, on=on).filter(_held_by(user=user, unit_id=unit_id)))


def _covers(point: Delegation, amount: Decimal) -> bool:
    return point.max_amount is None or amount <= point.max_amount


def delegation_point_best(points: list[Delegation], amount: Decimal) -> Delegation | None:
    """The covering point with the highest limit (no limit is highest), so the decision cites the widest one."""
    covering = [p for p in points if _covers(p, amount)]
    if not covering:
        return None
    return max(covering, key=lambda p: (p.max_amount is None, p.max_amount or Decimal(0), -p.pk))


def delegation_point_for(
    *, user: User, decision_kind: str, amount: Decimal, on: date, unit_id: int | None = None
) -> Delegation | None:
    """The point of the delegationsordning that lets ``user`` decide ``amount`` on ``on``, if any."""
    return delegation_point_best(
        delegation_points_for_user(user=user, decision_kind=decision_kind, on=on, unit_id=unit_id), amount
    )


def delegation_limit_for(*, user: User, decision_kind: str, on: date, unit_id: int | None = None):
    """(has any point, highest limit or None for unlimited): what the decision page tells the caseworker."""
    points = delegation_points_for_user(user=user, decision_kind=decision_kind, on=on, unit_id=unit_id)
    if not points:
        return False, None
    if any(p.max_amount is None for p in points):
        return True, None
    return True, max(p.max_amount for p in points)


def delegation_holders(
    *, decision_kind: str, amount: Decimal, on: date, unit_id: int | None = None
) -> list[tuple[User, Delegation]]:
    """Active users who may decide ``amount`` (in the case's unit when given), each with the point they use;
    unit managers first."""
    points = [p for p in delegation_points_valid(decision_kind=decision_kind, on=on) if _covers(p, amount)]
    by_user: dict[int, tuple[User, Delegation]] = {}
    for point in points:
        if point.user_id:
            candidates = User.objects.filter(pk=point.user_id, is_active=True)
            if unit_id is not None:
                candidates = candidates.filter(memberships__unit_id=unit_id)
        else:
            if unit_id is not None and point.unit_id != unit_id:
                continue
            candidates = User.objects.filter(
                is_active=True, memberships__unit_id=point.unit_id, memberships__role=point.role
            )
        for holder in candidates.distinct():
            by_user.setdefault(holder.pk, (holder, point))
    managers = set(
        Membership.objects.filter(user_id__in=by_user, role=Role.UNIT_MANAGER).values_list("user_id", flat=True)
    )
    for uid, (holder, _) in by_user.items():
        holder.is_manager = uid in managers
    return sorted(by_user.values(), key=lambda hp: (not hp[0].is_manager, hp[0].last_name, hp[0].first_name))


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
        raise NotFoundError(gettext("API-nyckeln finns inte."))
    return token


def unit_caseworkers(*, unit: Unit) -> QuerySet[User]:
    return (
        User.objects.filter(memberships__unit=unit, memberships__role=Role.CASEWORKER, is_active=True)
        .distinct()
        .order_by("last_name", "first_name")
    )


def unit_caseworkers_of(*, unit_ids) -> list[User]:
    """The active caseworkers of any of the units, by name (for a board's caseworker filter)."""
    return list(
        User.objects.filter(memberships__unit_id__in=unit_ids, memberships__role=Role.CASEWORKER, is_active=True)
        .distinct()
        .order_by("last_name", "first_name")
    )


def units_managed_by(*, user: User) -> QuerySet[Unit]:
    if user.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(memberships__user=user, memberships__role=Role.UNIT_MANAGER).distinct()


def municipality_current() -> Municipality:
    """The municipality's letterhead data: the administered row, or (before one is entered) an unsaved one
    from the settings SKUTAN_MUNICIPALITY_*."""
    from django.conf import settings

    row = Municipality.objects.order_by("pk").first()
    if row is not None:
        return row
    return Municipality(
        name=settings.SKUTAN_MUNICIPALITY_NAME, code=settings.SKUTAN_MUNICIPALITY_CODE,
        board_name=getattr(settings, "SKUTAN_MUNICIPALITY_BOARD_NAME", ""),
    )


def users_with_role(*, role: str) -> QuerySet[User]:
    """Active users holding ``role`` in some unit (e.g. the systemförvaltare to tell about a missing table)."""
    return (
        User.objects.filter(memberships__role=role, is_active=True).distinct().order_by("last_name", "first_name")
    )
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
