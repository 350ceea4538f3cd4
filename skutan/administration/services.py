"""Systemförvaltning: every change to the organisation, the staff, the delegationsordning and special rights.

Only a systemförvaltare (or the superuser) may call these; ``actor=None`` is the system itself (``skutan setup``,
the demo). Every write leaves its audit row in the same transaction. Users are never deleted: their names stay
on what they did, so a user who leaves is deactivated.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts import services as account_services
from skutan.accounts.models import (
    DecisionKind,
    Delegation,
    Department,
    Membership,
    Municipality,
    Role,
    SpecialRight,
    SpecialRightKind,
    Unit,
    UnitKind,
    User,
)
from skutan.accounts.selectors import user_has_role
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.core.concurrency import STALE_MESSAGE, versioned_update
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError

ADMIN_ONLY = "Bara systemförvaltare får ändra organisation, användare, delegationer och behörigheter."


def require_system_admin(actor) -> None:
    """The systemförvaltare role in any unit, or the superuser. ``None`` is the system (setup, demo)."""
    if actor is None:
        return
    if not user_has_role(user=actor, role=Role.SYSTEM_ADMIN):
        raise AccessDeniedError(ADMIN_ONLY)


def _text(value: Any, *, field: str, label: str, required: bool = True, max_length: int = 200) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if required and not text:
        raise ApplicationError(f"Ange {label}.", field=field)
    if len(text) > max_length:
        raise ApplicationError(gettext(
            "%(label)s får vara högst %(max_length)s tecken."
        ) % {"label": label.capitalize(), "max_length": max_length}, field=field)
    return text


LABELS = {
    "name": "namnet", "code": "kommunkoden", "board_name": "nämndens namn", "address": "adressen",
    "phone": "telefonnumret", "email": "e-postadressen", "opening_hours": "telefontiderna", "first_name": "förnamnet",
    "last_name": "efternamnet", "title": "titeln",
}


def _email(value: str, *, field: str = "email") -> str:
    value = (value or "").strip()
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise ApplicationError(gettext("Ange en giltig e-postadress."), field=field) from None
    return value


def _name_taken(qs, name: str, *, field: str = "name") -> bool:
    """Case-insensitive in Python: SQLite folds only ASCII, and »Å« must equal »å«."""
    wanted = name.casefold()
    return any(existing.casefold() == wanted for existing in qs.values_list(field, flat=True))


def _role(value: str) -> str:
    if value not in Role.values:
        known = ", ".join(f"{r.value} ({r.label})" for r in Role)
        raise ApplicationError(gettext(
            "Rollen »%(value)s« finns inte. Välj en av: %(known)s."
        ) % {"value": value, "known": known}, field="role")
    return value


# -- municipality and departments -----------------------------------------------------------------------------

MUNICIPALITY_FIELDS = ("name", "code", "board_name", "address", "phone", "email")


@transaction.atomic
def municipality_update(*, actor, expected_version: int | None = None, logo=None, **fields: Any) -> Municipality:
    """The municipality's own data for letters: one row, created on first save."""
    require_system_admin(actor)
    unknown = set(fields) - set(MUNICIPALITY_FIELDS)
    if unknown:
        raise ApplicationError(gettext(
            "Okänt fält: %(unknown)s."
        ) % {"unknown": ', '.join(sorted(unknown))}, field=sorted(unknown)[0])
    row = Municipality.objects.select_for_update().order_by("pk").first()
    clean = {k: _text(v, field=k, label=LABELS.get(k, k), required=False) for k, v in fields.items()}
    if "name" in clean and not clean["name"]:
        raise ApplicationError(gettext("Ange kommunens namn."), field="name")
    if "code" in clean and not (len(clean["code"]) == 4 and clean["code"].isdigit()):
        raise ApplicationError(gettext("Kommunkoden är SCB:s fyra siffror, t.ex. 1782."), field="code")
    if "email" in clean:
        clean["email"] = _email(clean["email"])
    if row is None:
        if not clean.get("name") or not clean.get("code"):
            raise ApplicationError(gettext("Ange kommunens namn och kommunkod."), field="name" if not clean.get("name") else "code")
        row = Municipality.objects.create(**clean)
    else:
        row = versioned_update(instance=row, expected_version=expected_version or row.version, fields=clean)
    if logo is not None:
        row.logo = logo
        row.save(update_fields=["logo"])
    audit_event_record(
        event_type=EventType.MUNICIPALITY_UPDATED, actor=actor, obj=row,
        data={"fields": sorted(clean) + (["logo"] if logo is not None else [])},
    )
    return row


@transaction.atomic
def department_create(*, actor, name: str, parent: Department | None = None) -> Department:
    require_system_admin(actor)
    name = _text(name, field="name", label=gettext("namn"), max_length=160)
    if _name_taken(Department.objects.all(), name):
        raise ConflictError(gettext(
            "Det finns redan en förvaltning/avdelning som heter %(name)s."
        ) % {"name": name}, field="name")
    department = Department.objects.create(name=name, parent=parent)
    audit_event_record(event_type=EventType.DEPARTMENT_CREATED, actor=actor, obj=department, data={"name": name})
    return department


@transaction.atomic
def department_update(*, actor, department: Department, name: str, parent: Department | None) -> Department:
    require_system_admin(actor)
    name = _text(name, field="name", label=gettext("namn"), max_length=160)
    if _name_taken(Department.objects.exclude(pk=department.pk), name):
        raise ConflictError(gettext(
            "Det finns redan en förvaltning/avdelning som heter %(name)s."
        ) % {"name": name}, field="name")
    ancestor = parent
    while ancestor is not None:
        if ancestor.pk == department.pk:
            raise ApplicationError(gettext("En avdelning kan inte ligga under sig själv."), field="parent")
        ancestor = ancestor.parent
    department.name, department.parent = name, parent
    department.save(update_fields=["name", "parent"])
    audit_event_record(event_type=EventType.DEPARTMENT_UPDATED, actor=actor, obj=department, data={"name": name})
    return department


# -- units ----------------------------------------------------------------------------------------------------

UNIT_DETAIL_FIELDS = ("address", "phone", "email", "opening_hours", "anonymous_to_clients")


def _unit_values(*, name: str | None, kind: str | None, exclude_pk: int | None = None) -> dict:
    out = {}
    if name is not None:
        name = _text(name, field="name", label=gettext("enhetens namn"), max_length=120)
        if _name_taken(Unit.objects.exclude(pk=exclude_pk), name):
            raise ConflictError(gettext(
                "Det finns redan en enhet som heter %(name)s."
            ) % {"name": name}, field="name")
        out["name"] = name
    if kind is not None:
        if kind not in UnitKind.values:
            known = ", ".join(f"{k.value} ({k.label})" for k in UnitKind)
            raise ApplicationError(gettext(
                "Okänd typ av enhet. Välj en av: %(known)s."
            ) % {"known": known}, field="kind")
        out["kind"] = kind
    return out


def _unit_details(details: dict) -> dict:
    unknown = set(details) - set(UNIT_DETAIL_FIELDS)
    if unknown:
        raise ApplicationError(gettext(
            "Okänt fält: %(unknown)s."
        ) % {"unknown": ', '.join(sorted(unknown))}, field=sorted(unknown)[0])
    clean = {k: v if isinstance(v, bool) else _text(v, field=k, label=LABELS.get(k, k), required=False)
             for k, v in details.items()}
    if "anonymous_to_clients" in clean and not isinstance(clean["anonymous_to_clients"], bool):
        raise ApplicationError(gettext("Ange ja eller nej för anonymitet gentemot klienter."), field="anonymous_to_clients")
    if "email" in clean:
        clean["email"] = _email(clean["email"])
    return clean


@transaction.atomic
def unit_create(
    *, actor, name: str, kind: str, department: Department | None = None, **details: Any
) -> Unit:
    """A new unit. Its kind decides which modules its members see (skutan/core/navigation.py)."""
    require_system_admin(actor)
    values = _unit_values(name=name, kind=kind)
    return account_services.unit_create(actor=actor, department=department, **values, **_unit_details(details))


@transaction.atomic
def unit_update(
    *, actor, unit: Unit, expected_version: int | None = None, name: str | None = None, kind: str | None = None,
    department: Department | None | str = "unchanged", **details: Any,
) -> Unit:
    """Rename a unit, change its kind, department or contact details (optimistic locking on ``version``)."""
    require_system_admin(actor)
    fields = {**_unit_values(name=name, kind=kind, exclude_pk=unit.pk), **_unit_details(details)}
    if department != "unchanged":
        fields["department"] = department
    before = {k: getattr(unit, k) for k in fields}
    unit = versioned_update(instance=unit, expected_version=expected_version or unit.version, fields=fields)
    changed = sorted(k for k in fields if before[k] != getattr(unit, k))
    audit_event_record(
        event_type=EventType.UNIT_UPDATED, actor=actor, obj=unit,
        data={"fields": changed, **({"old_name": before["name"], "name": unit.name} if "name" in changed else {})},
    )
    return unit


@transaction.atomic
def unit_close(*, actor, unit: Unit, closed_on: date | None = None, expected_version: int | None = None) -> Unit:
    """A closed unit keeps its cases and history; no new membership or case is added to it."""
    require_system_admin(actor)
    if unit.closed_on is not None:
        raise ConflictError(gettext(
            "Enheten är redan stängd sedan %(closed_on)s."
        ) % {"closed_on": format(unit.closed_on, "%Y-%m-%d")}, field="closed_on")
    closed_on = closed_on or timezone.localdate()
    unit = versioned_update(
        instance=unit, expected_version=expected_version or unit.version, fields={"closed_on": closed_on}
    )
    audit_event_record(
        event_type=EventType.UNIT_CLOSED, actor=actor, obj=unit, data={"closed_on": closed_on.isoformat()}
    )
    return unit


# -- users and memberships -----------------------------------------------------------------------------------

USER_FIELDS = ("first_name", "last_name", "email", "title", "employed_since")


def _user_values(fields: dict) -> dict:
    unknown = set(fields) - set(USER_FIELDS)
    if unknown:
        raise ApplicationError(gettext(
            "Okänt fält: %(unknown)s."
        ) % {"unknown": ', '.join(sorted(unknown))}, field=sorted(unknown)[0])
    clean: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "employed_since":
            if value is not None and not isinstance(value, date):
                raise ApplicationError(gettext("Ange anställningsdatum som ÅÅÅÅ-MM-DD."), field=key)
            clean[key] = value
        elif key == "email":
            clean[key] = _email(value)
        else:
            clean[key] = _text(value, field=key, label=LABELS.get(key, key), required=False, max_length=150)
    return clean


@transaction.atomic
def user_create(
    *, actor, username: str, first_name: str = "", last_name: str = "", email: str = "", title: str = "",
    employed_since: date | None = None, password: str | None = None,
) -> User:
    """A new user. Without a password the user logs in through the identity provider (or gets one later)."""
    require_system_admin(actor)
    username = _text(username, field="username", label=gettext("användarnamn"), max_length=150)
    if " " in username:
        raise ApplicationError(gettext("Användarnamnet får inte innehålla mellanslag."), field="username")
    if _name_taken(User.objects.all(), username, field="username"):
        raise ConflictError(gettext(
            "Användarnamnet %(username)s är upptaget."
        ) % {"username": username}, field="username")
    values = _user_values(
        {"first_name": first_name, "last_name": last_name, "email": email, "title": title,
         "employed_since": employed_since}
    )
    if password:
        from django.contrib.auth.password_validation import validate_password

        try:
            validate_password(password)
        except ValidationError as exc:
            raise ApplicationError(" ".join(exc.messages), field="password") from None
    return account_services.user_create(actor=actor, username=username, password=password or None, **values)


@transaction.atomic
def user_update(*, actor, user: User, expected_version: int | None = None, **fields: Any) -> User:
    """Change a user's details. ``expected_version`` (the form's and the API's ``version``) refuses with 409
    when someone else saved the user in between; the CSV import passes none and applies to the current row."""
    require_system_admin(actor)
    values = _user_values(fields)
    current = User.objects.filter(pk=user.pk).values_list("version", flat=True).first()
    if expected_version is not None and expected_version != current:
        raise ConflictError(STALE_MESSAGE, field="version")
    changed = sorted(k for k, v in values.items() if getattr(user, k) != v)
    if changed:
        user = versioned_update(instance=user, expected_version=current, fields={k: values[k] for k in changed})
        audit_event_record(event_type=EventType.USER_UPDATED, actor=actor, obj=user, data={"fields": changed})
    return user


@transaction.atomic
def user_deactivate(*, actor, user: User) -> User:
    """Takes effect at once: Django refuses the sessions of an inactive user, and bearer tokens stop working."""
    require_system_admin(actor)
    if actor is not None and actor.pk == user.pk:
        raise ApplicationError(gettext("Du kan inte inaktivera ditt eget konto."), field="is_active")
    if not user.is_active:
        return user
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    _sessions_end(user)
    audit_event_record(event_type=EventType.USER_DEACTIVATED, actor=actor, obj=user)
    return user


def _sessions_end(user: User) -> None:
    """Delete the user's stored sessions (database sessions), so nothing lingers even in the session table."""
    from django.contrib.sessions.models import Session

    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()


@transaction.atomic
def user_reactivate(*, actor, user: User) -> User:
    require_system_admin(actor)
    if user.is_active:
        return user
    User.objects.filter(pk=user.pk).update(is_active=True, failed_login_count=0, locked_until=None)
    user.is_active = True
    audit_event_record(event_type=EventType.USER_REACTIVATED, actor=actor, obj=user)
    return user


@transaction.atomic
def user_set_password(*, actor, user: User, password: str) -> User:
    require_system_admin(actor)
    from django.contrib.auth.password_validation import validate_password

    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), field="password") from None
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_event_record(event_type=EventType.USER_UPDATED, actor=actor, obj=user, data={"fields": ["password"]})
    return user


@transaction.atomic
def membership_create(*, actor, user: User, unit: Unit, role: str) -> Membership:
    """A role in a unit. Not in a closed unit, and only known roles."""
    require_system_admin(actor)
    role = _role(role)
    if unit.closed_on is not None:
        raise ApplicationError(
            gettext(
                "Enheten %(unit)s är stängd sedan %(closed_on)s: ingen kan få en roll där."
            ) % {"unit": unit.name, "closed_on": format(unit.closed_on, "%Y-%m-%d")}, field="unit"
        )
    if Membership.objects.filter(user=user, unit=unit, role=role).exists():
        raise ConflictError(gettext(
            "%(user)s har redan rollen i %(unit)s."
        ) % {"user": user.display_name, "unit": unit.name}, field="role")
    return account_services.membership_add(actor=actor, user=user, unit=unit, role=role)


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    require_system_admin(actor)
    user, unit_id, role = membership.user, membership.unit_id, membership.role
    membership.delete()
    audit_event_record(
        event_type=EventType.MEMBERSHIP_CHANGED, actor=actor, obj=user,
        data={"unit_id": unit_id, "role": role, "added": False},
    )


# -- the delegationsordning -----------------------------------------------------------------------------------


def _amount(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        amount = Decimal(str(value).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise ApplicationError(gettext("Ange högsta belopp i kronor, eller lämna tomt för ingen gräns."), field="max_amount") from None
    if not amount.is_finite() or amount < 0:
        raise ApplicationError(gettext("Högsta belopp kan inte vara negativt."), field="max_amount")
    return amount


@transaction.atomic
def delegation_create(
    *, actor, decision_kind: str, point: str, max_amount: Any = None, legal_ground: str = "",
    user: User | None = None, unit: Unit | None = None, role: str = "", valid_from: date | None,
    valid_to: date | None = None, source_body: str = "", source_date: date | None = None,
    source_paragraph: str = "",
) -> Delegation:
    """A point of the nämnd's delegationsordning. Its source (the nämnd's decision, date, paragraph) is required."""
    require_system_admin(actor)
    if decision_kind not in DecisionKind.values:
        known = ", ".join(f"{k.value} ({k.label})" for k in DecisionKind)
        raise ApplicationError(gettext(
            "Okänd beslutstyp. Välj en av: %(known)s."
        ) % {"known": known}, field="decision_kind")
    point = _text(point, field="point", label=gettext("punkten i delegationsordningen"))
    if user is not None and (unit is not None or role):
        raise ApplicationError(gettext("Ange antingen en namngiven användare eller en roll i en enhet, inte båda."), field="user")
    if user is None:
        if unit is None or not role:
            raise ApplicationError(gettext("Ange vem som har delegationen: en användare, eller en roll i en enhet."), field="user")
        _role(role)
    if valid_from is None:
        raise ApplicationError(gettext("Ange från vilket datum punkten gäller."), field="valid_from")
    if valid_to is not None and valid_to < valid_from:
        raise ApplicationError(gettext("Slutdatum kan inte vara före startdatum."), field="valid_to")
    body = _text(source_body, field="source", label=gettext("källan: vilket organ som beslutade (t.ex. Socialnämnden)"), max_length=160)
    if source_date is None:
        raise ApplicationError(gettext("Ange källan: datum för nämndens beslut."), field="source")
    paragraph = _text(source_paragraph, field="source", label=gettext("källan: paragraf i nämndens protokoll"), max_length=40)
    delegation = Delegation.objects.create(
        decision_kind=decision_kind, point=point, max_amount=_amount(max_amount),
        legal_ground=_text(legal_ground, field="legal_ground", label=gettext("lagrum"), required=False),
        user=user, unit=None if user else unit, role="" if user else role, valid_from=valid_from,
        valid_to=valid_to, source_body=body, source_date=source_date, source_paragraph=paragraph,
    )
    audit_event_record(
        event_type=EventType.DELEGATION_CREATED, actor=actor, obj=delegation,
        data={
            "decision_kind": decision_kind, "point": point, "max_amount": None if delegation.max_amount is None
            else str(delegation.max_amount), "user_id": user.pk if user else None,
            "unit_id": None if user else unit.pk, "role": role, "source": delegation.source_text,
        },
    )
    return delegation


@transaction.atomic
def delegation_end(*, actor, delegation: Delegation, valid_to: date) -> Delegation:
    """End a point (the last day it applies). Points are never edited: decisions cite them."""
    require_system_admin(actor)
    if valid_to < delegation.valid_from:
        raise ApplicationError(gettext("Slutdatum kan inte vara före startdatum."), field="valid_to")
    if delegation.valid_to is not None and valid_to > delegation.valid_to:
        raise ApplicationError(gettext("En avslutad punkt kan inte förlängas: lägg till en ny punkt."), field="valid_to")
    Delegation.objects.filter(pk=delegation.pk).update(valid_to=valid_to)
    delegation.valid_to = valid_to
    audit_event_record(
        event_type=EventType.DELEGATION_ENDED, actor=actor, obj=delegation, data={"valid_to": valid_to.isoformat()}
    )
    return delegation


# -- special rights -------------------------------------------------------------------------------------------


@transaction.atomic
def special_right_grant(
    *, actor, user: User, unit: Unit, kind: str, valid_to: date | None, reason: str, valid_from: date | None = None,
) -> SpecialRight:
    """A right beyond the roles, in one unit, until an end date, with a reason."""
    require_system_admin(actor)
    if kind not in SpecialRightKind.values:
        known = ", ".join(f"{k.value} ({k.label})" for k in SpecialRightKind)
        raise ApplicationError(gettext(
            "Okänd behörighet. Välj en av: %(known)s."
        ) % {"known": known}, field="kind")
    reason = _text(reason, field="reason", label=gettext("skälet till behörigheten"), max_length=1000)
    valid_from = valid_from or timezone.localdate()
    if valid_to is None:
        raise ApplicationError(gettext("Ange ett slutdatum: särskilda behörigheter är alltid tidsbegränsade."), field="valid_to")
    if valid_to < valid_from:
        raise ApplicationError(gettext("Slutdatum kan inte vara före startdatum."), field="valid_to")
    if unit.closed_on is not None:
        raise ApplicationError(gettext("Enheten %(unit)s är stängd.") % {"unit": unit.name}, field="unit")
    right = SpecialRight.objects.create(
        user=user, unit=unit, kind=kind, valid_from=valid_from, valid_to=valid_to, reason=reason,
        granted_by=actor if actor is not None and actor.is_authenticated else None,
    )
    user.__dict__.pop("_skutan_special_rights", None)
    audit_event_record(
        event_type=EventType.SPECIAL_RIGHT_GRANTED, actor=actor, obj=right,
        data={"user_id": user.pk, "unit_id": unit.pk, "kind": kind, "valid_to": valid_to.isoformat(), "reason": reason},
    )
    return right


@transaction.atomic
def special_right_revoke(*, actor, right: SpecialRight) -> SpecialRight:
    require_system_admin(actor)
    if right.revoked_at is not None:
        raise ConflictError(gettext("Behörigheten är redan återkallad."))
    right.revoked_at = timezone.now()
    right.revoked_by = actor if actor is not None and actor.is_authenticated else None
    right.save(update_fields=["revoked_at", "revoked_by"])
    audit_event_record(
        event_type=EventType.SPECIAL_RIGHT_REVOKED, actor=actor, obj=right,
        data={"user_id": right.user_id, "unit_id": right.unit_id, "kind": right.kind},
    )
    return right


# -- the first systemförvaltare (skutan setup) ---------------------------------------------------------------


@transaction.atomic
def system_admin_setup(
    *, username: str, password: str | None, first_name: str = "", last_name: str = "", email: str = "",
    unit_name: str = "Systemförvaltning", superuser: bool = False,
) -> tuple[User, list[str]]:
    """Create (or complete) the first systemförvaltare: a unit of kind Systemförvaltning, the user and the role.

    Idempotent: what exists is kept (an existing user's password is only set when one is given), and running
    it again with the same arguments changes nothing. Returns the user and what was done, in Swedish."""
    done: list[str] = []
    unit = next((u for u in Unit.objects.all() if u.name.casefold() == unit_name.strip().casefold()), None)
    if unit is None:
        unit = unit_create(actor=None, name=unit_name, kind=UnitKind.ADMINISTRATION)
        done.append(f"Enheten {unit.name} skapades.")
    user = next((u for u in User.objects.filter(username__iexact=username.strip())), None)
    if user is None:
        if not password:
            raise ApplicationError(gettext("Ange ett lösenord för den första systemförvaltaren."), field="password")
        user = user_create(actor=None, username=username, first_name=first_name, last_name=last_name, email=email,
                           password=password)
        done.append(gettext("Användaren %(user)s skapades.") % {"user": user.username})
    else:
        if password and not user.check_password(password):
            user_set_password(actor=None, user=user, password=password)
            done.append(gettext("Lösenordet för %(user)s byttes.") % {"user": user.username})
        if not user.is_active:
            user_reactivate(actor=None, user=user)
            done.append(f"{user.username} aktiverades igen.")
    if not Membership.objects.filter(user=user, unit=unit, role=Role.SYSTEM_ADMIN).exists():
        membership_create(actor=None, user=user, unit=unit, role=Role.SYSTEM_ADMIN)
        done.append(gettext(
            "%(user)s fick rollen systemförvaltare i %(unit)s."
        ) % {"user": user.username, "unit": unit.name})
    if superuser and not (user.is_superuser and user.is_staff):
        User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
        user.is_superuser = user.is_staff = True
        done.append(gettext("%(user)s blev Django-superanvändare (för nödfall).") % {"user": user.username})
    if done:
        audit_event_record(event_type=EventType.FIRST_ADMIN_CREATED, actor=None, obj=user, data={"done": done})
    return user, done
