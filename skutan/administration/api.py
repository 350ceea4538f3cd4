"""/api/v1/admin/…: units, users, memberships and the delegationsordning, for automation. The same services as
the pages; the systemförvaltare role (or the superuser) is required, anyone else gets 403."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext
from ninja import Router, Schema, Status

from skutan.accounts.models import DecisionKind, Delegation, Membership, Unit, User
from skutan.administration import selectors, services
from skutan.core.apierrors import Error
from skutan.core.errors import ApplicationError

router = Router(tags=["Systemförvaltning"])


# -- units ----------------------------------------------------------------------------------------------------


class UnitIn(Schema):
    name: str
    kind: str
    department: int | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    opening_hours: str = ""
    anonymous_to_clients: bool = False


class UnitPatch(Schema):
    name: str | None = None
    kind: str | None = None
    department: int | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    opening_hours: str | None = None
    anonymous_to_clients: bool | None = None
    closed_on: date | None = None
    version: int | None = None


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    department: int | None
    address: str
    phone: str
    email: str
    opening_hours: str
    anonymous_to_clients: bool
    closed_on: date | None
    version: int


def _unit_out(unit: Unit) -> dict:
    return {
        "id": unit.pk, "name": unit.name, "kind": unit.kind, "department": unit.department_id,
        "address": unit.address, "phone": unit.phone, "email": unit.email, "opening_hours": unit.opening_hours,
        "anonymous_to_clients": unit.anonymous_to_clients, "closed_on": unit.closed_on, "version": unit.version,
    }


def _department(request, department_id: int | None):
    if department_id is None:
        return None
    try:
        return selectors.department_get(actor=request.user, department_id=department_id)
    except ApplicationError:
        raise ApplicationError(gettext("Förvaltningen/avdelningen finns inte."), field="department") from None


@router.post("/admin/units", response={201: UnitOut, 400: Error, 403: Error, 409: Error})
def unit_create(request, payload: UnitIn):
    services.require_system_admin(request.user)
    unit = services.unit_create(
        actor=request.user, name=payload.name, kind=payload.kind, department=_department(request, payload.department),
        address=payload.address, phone=payload.phone, email=payload.email, opening_hours=payload.opening_hours,
        anonymous_to_clients=payload.anonymous_to_clients,
    )
    return Status(201, _unit_out(unit))


@router.get("/admin/units", response={200: list[UnitOut], 403: Error})
def unit_list(request):
    return [_unit_out(u) for u in selectors.units_list(actor=request.user)]


@router.patch("/admin/units/{unit_id}", response={200: UnitOut, 400: Error, 403: Error, 404: Error, 409: Error})
def unit_update(request, unit_id: int, payload: UnitPatch):
    unit = selectors.unit_get(actor=request.user, unit_id=unit_id)
    data = payload.dict(exclude_unset=True)
    closed_on = data.pop("closed_on", None)
    version = data.pop("version", None)
    if "department" in data:
        data["department"] = _department(request, data["department"])
    details = {k: data.pop(k) for k in list(data) if k in services.UNIT_DETAIL_FIELDS}
    if data or details:
        unit = services.unit_update(actor=request.user, unit=unit, expected_version=version, **data, **details)
        version = unit.version
    if closed_on is not None:
        unit = services.unit_close(actor=request.user, unit=unit, closed_on=closed_on, expected_version=version)
    return _unit_out(unit)


# -- users ----------------------------------------------------------------------------------------------------


class UserIn(Schema):
    username: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    title: str = ""
    employed_since: date | None = None


class UserPatch(Schema):
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    title: str | None = None
    employed_since: date | None = None
    is_active: bool | None = None
    version: int | None = None


class MembershipIn(Schema):
    unit: int
    role: str


class MembershipOut(Schema):
    id: int
    unit: int
    unit_name: str
    role: str


class UserOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    title: str
    employed_since: date | None
    is_active: bool
    last_login: datetime | None
    memberships: list[MembershipOut]
    version: int


def _membership_out(m: Membership) -> dict:
    return {"id": m.pk, "unit": m.unit_id, "unit_name": m.unit.name, "role": m.role}


def _user_out(user: User) -> dict:
    return {
        "id": user.pk, "username": user.username, "first_name": user.first_name, "last_name": user.last_name,
        "email": user.email, "title": user.title, "employed_since": user.employed_since,
        "is_active": user.is_active, "last_login": user.last_login,
        "memberships": [_membership_out(m) for m in user.memberships.select_related("unit").order_by("pk")],
        "version": user.version,
    }


@router.post("/admin/users", response={201: UserOut, 400: Error, 403: Error, 409: Error})
def user_create(request, payload: UserIn):
    user = services.user_create(actor=request.user, **payload.dict())
    return Status(201, _user_out(user))


@router.get("/admin/users", response={200: list[UserOut], 403: Error})
def user_list(
    request, unit: int | None = None, role: str = "", active: bool | None = None, q: str = "",
    not_logged_in_since: date | None = None,
):
    """Filters: unit, role, active, and »not logged in since« a date (or never)."""
    users = selectors.users_list(
        actor=request.user,
        filters=selectors.UserFilter(unit_id=unit, role=role, active=active, query=q,
                                     last_login_before=not_logged_in_since),
    )
    return [_user_out(u) for u in users]


@router.get("/admin/users/{user_id}", response={200: UserOut, 403: Error, 404: Error})
def user_detail(request, user_id: int):
    return _user_out(selectors.user_get(actor=request.user, user_id=user_id))


@router.patch("/admin/users/{user_id}", response={200: UserOut, 400: Error, 403: Error, 404: Error, 409: Error})
def user_update(request, user_id: int, payload: UserPatch):
    """Change a user. Send the ``version`` you read: if someone saved the user since, the answer is 409."""
    user = selectors.user_get(actor=request.user, user_id=user_id)
    data = payload.dict(exclude_unset=True)
    is_active = data.pop("is_active", None)
    version = data.pop("version", None)
    if data or version is not None:
        user = services.user_update(actor=request.user, user=user, expected_version=version, **data)
    if is_active is False:
        user = services.user_deactivate(actor=request.user, user=user)
    elif is_active is True:
        user = services.user_reactivate(actor=request.user, user=user)
    return _user_out(user)


@router.post(
    "/admin/users/{user_id}/memberships", response={201: MembershipOut, 400: Error, 403: Error, 404: Error, 409: Error}
)
def membership_create(request, user_id: int, payload: MembershipIn):
    user = selectors.user_get(actor=request.user, user_id=user_id)
    try:
        unit = selectors.unit_get(actor=request.user, unit_id=payload.unit)
    except ApplicationError as exc:
        if exc.status == 404:
            raise ApplicationError(gettext("Enheten finns inte."), field="unit") from None
        raise
    membership = services.membership_create(actor=request.user, user=user, unit=unit, role=payload.role)
    return Status(201, _membership_out(membership))


# -- delegations ----------------------------------------------------------------------------------------------


class SourceIn(Schema):
    body: str
    date: date
    paragraph: str


class DelegationIn(Schema):
    decision_kind: str
    max_amount: Decimal | None = None
    user: int | None = None
    unit: int | None = None
    role: str = ""
    valid_from: date
    valid_to: date | None = None
    source: SourceIn | str
    point: str = ""
    legal_ground: str = ""


class DelegationOut(Schema):
    id: int
    decision_kind: str
    point: str
    legal_ground: str
    max_amount: Decimal | None
    user: int | None
    unit: int | None
    role: str
    valid_from: date
    valid_to: date | None
    source: dict
    source_text: str


SOURCE_TEXT = re.compile(r"^(?P<body>.+?)\s+(?P<date>\d{4}-\d{2}-\d{2})\s+(?P<paragraph>§\s*\S.*)$")
SOURCE_HELP = (
    "Ange källan: nämndens beslut, datum och paragraf, som {\"body\": \"Socialnämnden\", \"date\": \"2026-01-15\", "
    "\"paragraph\": \"§ 12\"} eller »Socialnämnden 2026-01-15 § 12«."
)


def _source(value) -> tuple[str, date | None, str]:
    if isinstance(value, str):
        match = SOURCE_TEXT.match(value.strip())
        if not match:
            raise ApplicationError(SOURCE_HELP, field="source")
        try:
            day = date.fromisoformat(match["date"])
        except ValueError:
            raise ApplicationError(SOURCE_HELP, field="source") from None
        return match["body"], day, match["paragraph"]
    return value.body, value.date, value.paragraph


def _delegation_out(d: Delegation) -> dict:
    return {
        "id": d.pk, "decision_kind": d.decision_kind, "point": d.point, "legal_ground": d.legal_ground,
        "max_amount": d.max_amount, "user": d.user_id, "unit": d.unit_id, "role": d.role,
        "valid_from": d.valid_from, "valid_to": d.valid_to,
        "source": {"body": d.source_body, "date": d.source_date, "paragraph": d.source_paragraph},
        "source_text": d.source_text,
    }


@router.post("/admin/delegations", response={201: DelegationOut, 400: Error, 403: Error})
def delegation_create(request, payload: DelegationIn):
    services.require_system_admin(request.user)
    body, day, paragraph = _source(payload.source)
    user = unit = None
    if payload.user is not None:
        try:
            user = selectors.user_get(actor=request.user, user_id=payload.user)
        except ApplicationError:
            raise ApplicationError(gettext("Användaren finns inte."), field="user") from None
    if payload.unit is not None:
        try:
            unit = selectors.unit_get(actor=request.user, unit_id=payload.unit)
        except ApplicationError:
            raise ApplicationError(gettext("Enheten finns inte."), field="unit") from None
    point = payload.point or (
        DecisionKind(payload.decision_kind).label if payload.decision_kind in DecisionKind.values else "–"
    )
    delegation = services.delegation_create(
        actor=request.user, decision_kind=payload.decision_kind, point=point, legal_ground=payload.legal_ground,
        max_amount=payload.max_amount, user=user, unit=unit, role=payload.role, valid_from=payload.valid_from,
        valid_to=payload.valid_to, source_body=body, source_date=day, source_paragraph=paragraph,
    )
    return Status(201, _delegation_out(delegation))


@router.get("/admin/delegations", response={200: list[DelegationOut], 403: Error})
def delegation_list(request):
    return [_delegation_out(d) for d in selectors.delegations_list(actor=request.user)]


# -- special rights -------------------------------------------------------------------------------------------


class SpecialRightIn(Schema):
    user: int
    unit: int
    kind: str
    valid_to: date
    reason: str
    valid_from: date | None = None


class SpecialRightOut(Schema):
    id: int
    user: int
    unit: int
    kind: str
    valid_from: date
    valid_to: date
    reason: str
    granted_by: int | None
    granted_at: datetime
    revoked_at: datetime | None


def _right_out(r) -> dict:
    return {
        "id": r.pk, "user": r.user_id, "unit": r.unit_id, "kind": r.kind, "valid_from": r.valid_from,
        "valid_to": r.valid_to, "reason": r.reason, "granted_by": r.granted_by_id, "granted_at": r.granted_at,
        "revoked_at": r.revoked_at,
    }


@router.get("/admin/special-rights", response={200: list[SpecialRightOut], 403: Error})
def special_right_list(request, status: str = "active"):
    """For review: ``active``, ``expiring`` (within 30 days), ``ended`` or ``all``."""
    return [_right_out(r) for r in selectors.special_rights_list(actor=request.user, status=status)]


@router.post("/admin/special-rights", response={201: SpecialRightOut, 400: Error, 403: Error})
def special_right_grant(request, payload: SpecialRightIn):
    services.require_system_admin(request.user)
    try:
        user = selectors.user_get(actor=request.user, user_id=payload.user)
        unit = selectors.unit_get(actor=request.user, unit_id=payload.unit)
    except ApplicationError as exc:
        raise ApplicationError(exc.message, field="user" if "Användaren" in exc.message else "unit") from None
    right = services.special_right_grant(
        actor=request.user, user=user, unit=unit, kind=payload.kind, valid_to=payload.valid_to,
        reason=payload.reason, valid_from=payload.valid_from,
    )
    return Status(201, _right_out(right))


@router.post("/admin/special-rights/{right_id}/revoke", response={200: SpecialRightOut, 403: Error, 404: Error, 409: Error})
def special_right_revoke(request, right_id: int):
    right = selectors.special_right_get(actor=request.user, right_id=right_id)
    return _right_out(services.special_right_revoke(actor=request.user, right=right))
