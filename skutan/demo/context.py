"""What the demo generator hands to the apps that add their own demo data on top of it.

An extension module (listed in ``skutan.demo.generator.DEMO_EXTENSIONS``) defines
``generate(ctx: DemoContext) -> None``. It runs inside the generator's transaction after units, staff,
persons, households, cases and journals exist, already dated in the past. Use ``ctx.rng`` for every
random choice so a seed gives the same municipality twice, ``ctx.scaled(n)`` for counts (``ctx.scale`` is
a float with size factors such as ``ctx.scale.name``, see scales.py), ``ctx.writer.write(objs)`` to write
many rows at once (COPY on PostgreSQL, bulk.py), ``ctx.progress(step, done, total)`` in long loops, and
``ctx.audit_bulk(...)`` after a bulk write so the audit trail still says what was written.

Dictionaries are keyed by the plain string values of the model choices::

    ctx.units[UnitKind.CHILDREN]                          # the Barn och unga unit
    ctx.staff[Role.CASEWORKER][UnitKind.CHILDREN]         # its handläggare (active, then former)
    ctx.cases[CaseType.FINANCIAL_ASSISTANCE]              # every EB case, oldest first
    ctx.handler_on(case, date(2023, 5, 1))                # who handled the case that day
    with ctx.happened_at(ctx.at(day)):                    # audit rows and case events dated that day
        decision_register(actor=..., ...)
"""

import random
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TextIO
from zoneinfo import ZoneInfo

from django.utils import timezone

from skutan.accounts.models import Role, Unit, User
from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.audit.services import audit_event_record
from skutan.cases.models import ACTIVE_STATUSES, Case
from skutan.demo.backdating import Backdater
from skutan.demo.bulk import BulkWriter
from skutan.people.models import Household, Person

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def moment(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """An aware Stockholm datetime on ``day``, never later than now (today's office hours may lie ahead)."""
    return min(datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM), timezone.now())


@dataclass(frozen=True)
class AssignmentPeriod:
    """One handläggare's time on a case; ``end`` is None while they still hold it."""

    user: User
    start: date
    end: date | None


@dataclass
class DemoContext:
    rng: random.Random
    today: date
    scale: float  # a demo.scales.Scale: a float factor with the size factors as attributes
    units: dict[str, Unit]  # UnitKind value -> its first unit (the demo has one of each kind)
    staff: dict[str, dict[str, list[User]]]  # Role value -> UnitKind value -> users, active first
    persons: list[Person]
    households: list[Household]
    cases: dict[str, list[Case]]  # CaseType value -> cases, oldest first
    stdout: TextIO | None = None
    admin: User | None = None  # the systemförvaltare, actor for bulk steps
    password: str = ""
    assignments: dict[int, list[AssignmentPeriod]] = field(default_factory=dict)  # case id -> periods
    household_of: dict[int, Household] = field(default_factory=dict)  # person id -> current household
    former_staff: dict[int, date] = field(default_factory=dict)  # user id -> last day in post
    backdater: Backdater | None = None
    units_of: dict[str, list[Unit]] = field(default_factory=dict)  # UnitKind value -> every unit of the kind
    unit_of_user: dict[int, Unit] = field(default_factory=dict)  # user id -> the unit of their post
    writer: BulkWriter | None = None  # COPY / executemany for the bulk steps (bulk.py)
    on_progress: Callable[[str, int, int], None] | None = None  # (step, done, total), e.g. a progress bar

    def progress(self, step: str, done: int, total: int) -> None:
        """Report progress of a long step; cheap enough to call per row."""
        if self.on_progress is not None and (done == total or done % 500 == 0):
            self.on_progress(step, done, total)

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message + "\n")
            self.stdout.flush()

    def scaled(self, n: float, minimum: int = 1) -> int:
        return max(minimum, round(n * self.scale))

    def users(self, role: str, unit_kind: str | None = None, *, active_only: bool = True) -> list[User]:
        """Users of ``role``; with ``unit_kind``, those of ``ctx.units[unit_kind]`` (the first unit of the kind:
        the plug-ins' worker and unit belong together at every scale), else of every unit."""
        by_unit = self.staff.get(role, {})
        kinds = [unit_kind] if unit_kind else list(by_unit)
        found = [u for kind in kinds for u in by_unit.get(kind, [])]
        if unit_kind and self.unit_of_user and unit_kind in self.units:
            found = [u for u in found if self.unit_of_user.get(u.pk) in (None, self.units[unit_kind])]
        return [u for u in found if u.is_active] if active_only else found

    def _in_unit(self, users: list[User], unit: Unit | None) -> list[User]:
        if unit is None or not self.unit_of_user:
            return users
        return [u for u in users if self.unit_of_user.get(u.pk) == unit]

    def caseworkers(self, unit_kind: str) -> list[User]:
        """The active handläggare of ``ctx.units[unit_kind]``."""
        return self.users(Role.CASEWORKER, unit_kind)

    def manager(self, unit_kind: str) -> User:
        """The enhetschef of ``ctx.units[unit_kind]``."""
        return self.users(Role.UNIT_MANAGER, unit_kind)[0]

    def manager_of(self, unit: Unit) -> User:
        """The enhetschef of ``unit`` (at the larger scales a kind has several units)."""
        managers = self._in_unit(self.users(Role.UNIT_MANAGER), unit)
        return managers[0] if managers else self.manager(unit.kind)

    def unit_for(self, unit_kind: str, district: int) -> Unit:
        units = self.units_of.get(unit_kind) or [self.units[unit_kind]]
        return units[district % len(units)]

    def handler_on(self, case: Case, day: date) -> User | None:
        """The handläggare assigned to ``case`` on ``day`` (the nearest one if none was)."""
        periods = self.assignments.get(case.pk, [])
        for period in periods:
            if period.start <= day and (period.end is None or day <= period.end):
                return period.user
        if not periods:
            return None
        return periods[0].user if day < periods[0].start else periods[-1].user

    def active_cases(self, case_type: str) -> list[Case]:
        return [c for c in self.cases.get(case_type, []) if c.status in ACTIVE_STATUSES]

    def at(self, day: date, hour: int = 9, minute: int = 0) -> datetime:
        """An aware Stockholm datetime on ``day`` (office hours by default), never in the future."""
        return moment(day, hour, minute)

    def happened_at(self, when: datetime):
        """Wrap service calls: their audit rows and case events get ``at = when`` (see backdating.py)."""
        return self.backdater.at(when) if self.backdater is not None else nullcontext()

    def audit_bulk(self, *, what: str, count: int, **data) -> AuditEvent:
        """One audit row for a bulk insert that bypassed the per-row services."""
        return audit_event_record(
            event_type=EventType.DEMO_DATA_CREATED, actor=self.admin, object_type="demo.bulk",
            object_id=what, data={"what": what, "count": count, **data},
        )
