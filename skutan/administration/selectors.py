"""Reads for the systemförvaltare. Every one checks the role (they hold staff data, not clients' data, so they
are not written to the access log, which is about the persons the social services know)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import (
    Delegation,
    Department,
    Membership,
    Municipality,
    Role,
    SpecialRight,
    Unit,
    User,
)
from skutan.accounts.selectors import delegation_points_valid
from skutan.administration.services import require_system_admin
from skutan.core.errors import NotFoundError


def municipality_current() -> Municipality | None:
    """The municipality's own data (not secret: it is printed on every letter)."""
    return Municipality.objects.order_by("pk").first()


def departments_list(*, actor) -> QuerySet[Department]:
    require_system_admin(actor)
    return Department.objects.select_related("parent").order_by("name")


def department_get(*, actor, department_id: int) -> Department:
    require_system_admin(actor)
    department = Department.objects.filter(pk=department_id).first()
    if department is None:
        raise NotFoundError(gettext("Förvaltningen/avdelningen finns inte."))
    return department


def units_list(*, actor, include_closed: bool = True) -> QuerySet[Unit]:
    require_system_admin(actor)
    qs = Unit.objects.select_related("department").order_by("name")
    return qs if include_closed else qs.filter(closed_on__isnull=True)


def unit_get(*, actor, unit_id: int) -> Unit:
    require_system_admin(actor)
    unit = Unit.objects.select_related("department").filter(pk=unit_id).first()
    if unit is None:
        raise NotFoundError(gettext("Enheten finns inte."))
    return unit


def unit_members(*, actor, unit: Unit) -> QuerySet[Membership]:
    require_system_admin(actor)
    return unit.memberships.select_related("user").order_by("user__last_name", "user__first_name", "role")


@dataclass
class UserFilter:
    unit_id: int | None = None
    role: str = ""
    active: bool | None = None
    last_login_before: date | None = None  # not logged in since (or never)
    query: str = ""


def users_list(*, actor, filters: UserFilter | None = None) -> QuerySet[User]:
    """The user list with filters: unit, role, active, last login (not since a date, or never)."""
    require_system_admin(actor)
    f = filters or UserFilter()
    qs = User.objects.all()
    if f.unit_id or f.role:
        membership = Q()
        if f.unit_id:
            membership &= Q(memberships__unit_id=f.unit_id)
        if f.role:
            membership &= Q(memberships__role=f.role)
        qs = qs.filter(membership)
    if f.active is not None:
        qs = qs.filter(is_active=f.active)
    if f.last_login_before:
        start = timezone.make_aware(timezone.datetime.combine(f.last_login_before, timezone.datetime.min.time()))
        qs = qs.filter(Q(last_login__isnull=True) | Q(last_login__lt=start))
    for word in f.query.split():
        qs = qs.filter(Q(username__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return (
        qs.distinct()
        .prefetch_related(Prefetch("memberships", queryset=Membership.objects.select_related("unit")))
        .order_by("last_name", "first_name", "username")
    )


def user_get(*, actor, user_id: int) -> User:
    require_system_admin(actor)
    user = User.objects.filter(pk=user_id).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("unit"))
    ).first()
    if user is None:
        raise NotFoundError(gettext("Användaren finns inte."))
    return user


def user_by_username(*, actor, username: str) -> User | None:
    require_system_admin(actor)
    return User.objects.filter(username__iexact=username.strip()).first()


def membership_get(*, actor, membership_id: int) -> Membership:
    require_system_admin(actor)
    membership = Membership.objects.select_related("user", "unit").filter(pk=membership_id).first()
    if membership is None:
        raise NotFoundError(gettext("Medlemskapet finns inte."))
    return membership


# -- delegation -----------------------------------------------------------------------------------------------


def delegations_list(*, actor, include_ended: bool = True) -> QuerySet[Delegation]:
    require_system_admin(actor)
    qs = Delegation.objects.select_related("user", "unit").order_by("decision_kind", "point", "valid_from", "pk")
    if not include_ended:
        today = timezone.localdate()
        qs = qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    return qs


def delegation_get(*, actor, delegation_id: int) -> Delegation:
    require_system_admin(actor)
    delegation = Delegation.objects.select_related("user", "unit").filter(pk=delegation_id).first()
    if delegation is None:
        raise NotFoundError(gettext("Delegationspunkten finns inte."))
    return delegation


@dataclass
class DelegationReportRow:
    point: Delegation
    holders: list[User]


def role_holders_on(*, unit_id: int, role: str, on: date) -> list[User]:
    """The active users who held ``role`` in the unit at the end of the day ``on``. A membership row says only
    what holds now; its history is in the audit log (MEMBERSHIP_CHANGED, added or removed, with its time), so
    a past day is answered from the last change on or before it — and, with no change before it, from the
    first change after it (a later addition means not yet a member; a later removal means still one)."""
    from skutan.audit.catalogue import EventType
    from skutan.audit.models import AuditEvent

    current = set(Membership.objects.filter(unit_id=unit_id, role=role).values_list("user_id", flat=True))
    end_of_day = timezone.make_aware(datetime.combine(on, time.max))
    changes: dict[int, dict[str, bool | None]] = {}
    events = AuditEvent.objects.filter(event_type=EventType.MEMBERSHIP_CHANGED, object_type="accounts.user",
                                       data__unit_id=unit_id, data__role=role).order_by("at", "pk")
    for object_id, at, data in events.values_list("object_id", "at", "data"):
        state = changes.setdefault(int(object_id), {"before": None, "after": None})
        if at <= end_of_day:
            state["before"] = bool(data.get("added"))
        elif state["after"] is None:
            state["after"] = bool(data.get("added"))
    held = set()
    for user_id in current | set(changes):
        state = changes.get(user_id)
        if state is None:
            held_then = True  # a member now, never changed since the log began
        elif state["before"] is not None:
            held_then = state["before"]
        else:
            held_then = state["after"] is False  # removed later: a member on the day
        if held_then:
            held.add(user_id)
    return list(User.objects.filter(pk__in=held, is_active=True).order_by("last_name", "first_name"))


def delegation_report(*, actor, on: date) -> list[DelegationReportRow]:
    """Who may decide what on a date: each point valid that day and the active users who held it — by name,
    or through the role in the unit as the memberships stood that day (role_holders_on)."""
    require_system_admin(actor)
    rows = []
    for point in delegation_points_valid(on=on).order_by("decision_kind", "point", "pk"):
        if point.user_id:
            holders = [point.user] if point.user.is_active else []
        else:
            holders = role_holders_on(unit_id=point.unit_id, role=point.role, on=on)
        rows.append(DelegationReportRow(point=point, holders=holders))
    return rows


# -- special rights -------------------------------------------------------------------------------------------


def special_rights_list(*, actor, status: str = "active") -> QuerySet[SpecialRight]:
    """For review: ``active`` (in force today), ``expiring`` (within 30 days), ``ended`` or ``all``."""
    require_system_admin(actor)
    today = timezone.localdate()
    qs = SpecialRight.objects.select_related("user", "unit", "granted_by", "revoked_by")
    active = Q(revoked_at__isnull=True, valid_from__lte=today, valid_to__gte=today)
    if status == "active":
        qs = qs.filter(active)
    elif status == "expiring":
        qs = qs.filter(active, valid_to__lte=today + timedelta(days=30))
    elif status == "ended":
        qs = qs.exclude(active)
    return qs.order_by("valid_to", "user__last_name", "pk")


def special_right_get(*, actor, right_id: int) -> SpecialRight:
    require_system_admin(actor)
    right = SpecialRight.objects.select_related("user", "unit").filter(pk=right_id).first()
    if right is None:
        raise NotFoundError(gettext("Behörigheten finns inte."))
    return right


def system_admin_exists() -> bool:
    return User.objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(memberships__role=Role.SYSTEM_ADMIN)
    ).exists()
