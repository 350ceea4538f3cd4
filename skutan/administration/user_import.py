"""Import users and memberships from a CSV file exported from the municipality's HR system or AD.

Columns (header row, in any order; ``;`` or ``,`` as separator, UTF-8):

    username, first_name, last_name, email, title, employed_since, unit, role

One row is one user and one role in one unit; a user with two roles has two rows. ``unit`` is the unit's name,
``role`` its code (``caseworker``) or its Swedish name (``Handläggare``), ``employed_since`` ÅÅÅÅ-MM-DD.
An empty cell leaves the stored value as it is. The import adds and updates; it never removes a membership or
deactivates a user who is missing from the file (that is done on the user's page).

``user_import_plan`` is the dry run: the list of changes and every error, nothing saved. ``user_import_apply``
computes the same plan again and applies it in one transaction, only if it has no errors. Applying the same file
twice changes nothing the second time.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext

from skutan.accounts.models import Membership, Role, Unit, User
from skutan.administration import services
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.core.errors import ApplicationError

COLUMNS = ("username", "first_name", "last_name", "email", "title", "employed_since", "unit", "role")
REQUIRED = ("username", "unit", "role")
USER_FIELDS = ("first_name", "last_name", "email", "title", "employed_since")
MAX_ROWS = 5000


@dataclass
class Change:
    kind: str  # "user_create", "user_update", "membership_add"
    username: str
    text: str
    fields: dict = field(default_factory=dict)
    unit_id: int | None = None
    role: str = ""


@dataclass
class ImportPlan:
    rows: int = 0
    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)


def _roles() -> dict[str, str]:
    by_name = {r.value.lower(): r.value for r in Role}
    by_name.update({str(r.label).lower(): r.value for r in Role})
    return by_name


def _read(text: str) -> tuple[list[dict], list[str]]:
    text = text.lstrip("\ufeff")
    if not text.strip():
        return [], ["Filen är tom."]
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [], [gettext(
            "Kolumn saknas: %(missing)s. Kolumnerna är: %(columns)s."
        ) % {"missing": ', '.join(missing), "columns": ', '.join(COLUMNS)}]
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        return [], [gettext(
            "Okänd kolumn: %(unknown)s. Kolumnerna är: %(columns)s."
        ) % {"unknown": ', '.join(unknown), "columns": ', '.join(COLUMNS)}]
    reader.fieldnames = header
    rows = []
    for row in reader:
        rows.append({k: (v or "").strip() for k, v in row.items() if k})
        if len(rows) > MAX_ROWS:
            return [], [gettext(
                "Filen har fler än %(max_rows)s rader. Dela upp den."
            ) % {"max_rows": MAX_ROWS}]
    return rows, []


def user_import_plan(*, actor, text: str) -> ImportPlan:
    """The dry run: what applying the file would change, and what is wrong in it. Nothing is saved."""
    services.require_system_admin(actor)
    rows, errors = _read(text)
    plan = ImportPlan(rows=len(rows), errors=errors)
    units = {u.name.lower(): u for u in Unit.objects.all()}
    roles = _roles()
    users = {u.username.lower(): u for u in User.objects.filter(username__in=[r.get("username", "") for r in rows])}
    # the usernames may differ in case from the stored ones
    if len(users) < len({r.get("username", "").lower() for r in rows}):
        for u in User.objects.all().only("pk", "username", *USER_FIELDS):
            users.setdefault(u.username.lower(), u)
    memberships = set(Membership.objects.values_list("user__username", "unit_id", "role"))
    memberships = {(name.lower(), unit_id, role) for name, unit_id, role in memberships}
    seen_users: dict[str, dict] = {}
    planned_memberships: set[tuple[str, int, str]] = set()
    for number, row in enumerate(rows, start=2):  # the header is line 1
        where = f"Rad {number}"
        username = row.get("username", "")
        if not username:
            plan.errors.append(gettext("%(where)s: användarnamn saknas.") % {"where": where})
            continue
        if " " in username:
            plan.errors.append(gettext(
                "%(where)s: användarnamnet »%(username)s« innehåller mellanslag."
            ) % {"where": where, "username": username})
            continue
        unit = units.get(row.get("unit", "").lower())
        if unit is None:
            plan.errors.append(f"{where}: enheten »{row.get('unit', '')}« finns inte.")
        elif unit.closed_on is not None:
            plan.errors.append(gettext(
                "%(where)s: enheten %(unit)s är stängd."
            ) % {"where": where, "unit": unit.name})
        role = roles.get(row.get("role", "").lower())
        if role is None:
            plan.errors.append(f"{where}: rollen »{row.get('role', '')}« finns inte.")
        values = {k: row[k] for k in USER_FIELDS if row.get(k)}
        if "employed_since" in values:
            try:
                values["employed_since"] = date.fromisoformat(values["employed_since"])
            except ValueError:
                plan.errors.append(gettext(
                    "%(where)s: anställd sedan »%(employed_since)s« är inte ett datum ÅÅÅÅ-MM-DD."
                ) % {"where": where, "employed_since": values['employed_since']})
                values.pop("employed_since")
        if "email" in values:
            try:
                services._email(values["email"])
            except ApplicationError:
                plan.errors.append(gettext(
                    "%(where)s: e-postadressen »%(email)s« är ogiltig."
                ) % {"where": where, "email": values['email']})
                values.pop("email")
        key = username.lower()
        if key in seen_users:
            clash = {k: v for k, v in values.items() if k in seen_users[key] and seen_users[key][k] != v}
            if clash:
                plan.errors.append(gettext(
                    "%(where)s: %(username)s har andra uppgifter än på en tidigare rad (%(clash)s)."
                ) % {"where": where, "username": username, "clash": ', '.join(clash)})
            seen_users[key].update(values)
        else:
            seen_users[key] = dict(values)
            existing = users.get(key)
            if existing is None:
                plan.changes.append(Change("user_create", username, gettext(
                    "Ny användare %(username)s"
                ) % {"username": username}, fields=values))
            else:
                changed = {k: v for k, v in values.items() if getattr(existing, k) != v}
                if changed:
                    text = ", ".join(f"{k}: »{getattr(existing, k) or ''}« → »{v}«" for k, v in changed.items())
                    plan.changes.append(Change("user_update", existing.username, gettext(
                        "Ändras: %(text)s"
                    ) % {"text": text}, fields=changed))
        if unit is not None and role is not None and unit.closed_on is None:
            target = (key, unit.pk, role)
            if target not in memberships and target not in planned_memberships:
                planned_memberships.add(target)
                plan.changes.append(Change(
                    "membership_add", username, f"Ny roll: {Role(role).label} i {unit.name}", unit_id=unit.pk, role=role,
                ))
    return plan


@transaction.atomic
def user_import_apply(*, actor, text: str) -> ImportPlan:
    """Apply the file (the plan is computed again, so what is applied is what the file says now)."""
    plan = user_import_plan(actor=actor, text=text)
    if not plan.ok:
        raise ApplicationError(gettext("Filen har fel och har inte lästs in. Rätta felen och förhandsgranska igen."),
                               field="file", extra={"errors": plan.errors})
    created: dict[str, User] = {}
    for change in plan.changes:
        if change.kind == "user_create":
            created[change.username.lower()] = services.user_create(
                actor=actor, username=change.username, **change.fields
            )
        elif change.kind == "user_update":
            user = User.objects.get(username=change.username)
            services.user_update(actor=actor, user=user, **change.fields)
        elif change.kind == "membership_add":
            user = created.get(change.username.lower()) or User.objects.get(username__iexact=change.username)
            services.membership_create(actor=actor, user=user, unit=Unit.objects.get(pk=change.unit_id), role=change.role)
    audit_event_record(
        event_type=EventType.USER_IMPORT_APPLIED, actor=actor, object_type="accounts.user",
        data={"rows": plan.rows, "created": plan.count("user_create"), "updated": plan.count("user_update"),
              "memberships_added": plan.count("membership_add")},
    )
    return plan
