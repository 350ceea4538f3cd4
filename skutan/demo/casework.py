"""Cases from 2019 until today: their timelines, who they concern, who handled them, and their journals.

Timelines first (plain dates), then subjects are picked from planned households so every child is the
right age, then everything is written in date order through the case services (audited), except the
journal entries, which are bulk-inserted already signed (the database refuses to update a signed entry).
"""

import bisect
import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from skutan.accounts.models import Role, SpecialRightKind, UnitKind, User
from skutan.accounts.selectors import special_right_unit_ids
from skutan.administration.services import special_right_grant
from skutan.audit.catalogue import EventType
from skutan.audit.models import AccessAction, AccessLog, AuditEvent
from skutan.cases.models import Case, CaseAssignment, CaseEvent, CaseStatus, CaseType, JournalEntry
from skutan.cases.services import (
    REFERENCE_PREFIX,
    case_emergency_access,
    emergency_access_review,
    journal_entry_create,
    journal_entry_sign,
)
from skutan.demo import texts
from skutan.demo.bulk import audit_row
from skutan.demo.context import AssignmentPeriod, DemoContext, moment
from skutan.demo.population import HouseholdPlan, PersonPlan, Population, age_on, weighted, years_before
from skutan.demo.staff import in_post

HISTORY_START = date(2019, 1, 1)
MAX_ENTRIES_PER_CASE = 60
UNIT_OF_TYPE = {
    CaseType.FINANCIAL_ASSISTANCE: UnitKind.FINANCIAL_ASSISTANCE,
    CaseType.CHILDREN: UnitKind.CHILDREN,
    CaseType.ADULTS: UnitKind.ADULTS,
}
# Days between journal entries while the case is in each status.
ENTRY_INTERVAL = {
    CaseStatus.OPENED: (4, 10),
    CaseStatus.ASSESSMENT: (3, 6),
    CaseStatus.INVESTIGATION: (8, 21),
    CaseStatus.DECIDED: (24, 45),
    CaseStatus.INTERVENTION: (18, 45),
    CaseStatus.FOLLOW_UP: (35, 75),
}


@dataclass(eq=False)
class CaseSpec:
    case_type: str
    opened_on: date
    closed_on: date | None
    statuses: list[tuple[date, str]]
    closing_reason: str = ""
    unit_kind: str = ""
    opening_kind: str = "application"
    summary: str = ""
    subject: PersonPlan | None = None
    household: HouseholdPlan | None = None
    allocated: bool = True
    case: Case | None = None
    opener: User | None = None
    extra: dict = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.closed_on is None


class Quota:
    """How many cases are left to plan, and how many of them should still be open today."""

    def __init__(self, total: int, active: int):
        self.total, self.active = total, min(active, total)

    @property
    def closed_left(self) -> int:
        return self.total - self.active

    def draw(self, rng: random.Random) -> bool:
        return self.total > 0 and rng.random() < self.active / self.total

    def take(self, active: bool) -> bool:
        if self.total <= 0 or (active and self.active <= 0) or (not active and self.closed_left <= 0):
            return False
        self.total -= 1
        self.active -= int(active)
        return True


class Timelines:
    def __init__(self, rng: random.Random, today: date):
        self.rng = rng
        self.today = today

    def _between(self, start: date, end: date) -> date:
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def _lower(self, not_before: date | None, *, room: int = 0) -> date:
        """The earliest opening day, leaving ``room`` days before today for the case to run and close."""
        return min(max(HISTORY_START, not_before or HISTORY_START), self.today - timedelta(days=room))

    # Ekonomiskt bistånd: most spells are short; a long tail of long-term recipients stays for years.
    def financial_assistance(self, *, active: bool, not_before: date | None = None, short: bool = False) -> CaseSpec:
        rng, today = self.rng, self.today
        lower = self._lower(not_before, room=0 if active else 30)
        if active:
            span = (today - HISTORY_START).days
            low, high = (0, 20) if short else weighted(
                rng, [((0, 30), 12), ((31, 365), 33), ((366, 730), 25), ((731, span), 30)]
            )
            opened = max(today - timedelta(days=rng.randint(low, high)), lower)
            closed = None
        else:
            opened = self._between(lower, today - timedelta(days=30))
            low, high = (10, 75) if short else weighted(
                rng, [((20, 90), 45), ((91, 365), 35), ((366, 1000), 15), ((1001, 2000), 5)]
            )
            closed = opened + timedelta(days=rng.randint(low, high))
            if closed > today - timedelta(days=2):
                closed = self._between(min(opened + timedelta(days=14), today - timedelta(days=2)), today - timedelta(days=2))
        end = closed or today
        statuses = [(opened, CaseStatus.INVESTIGATION)]
        decided = opened + timedelta(days=rng.randint(7, 14))
        if decided <= end:
            statuses.append((decided, CaseStatus.DECIDED))
        spec = CaseSpec(CaseType.FINANCIAL_ASSISTANCE, opened, closed, statuses)
        if closed:
            spec.closing_reason = weighted(rng, texts.CLOSING_REASONS["financial_assistance"])
        return spec

    # Barn och unga: up to two thirds of reports are screened out, about a quarter lead to interventions (seed 003).
    def children(self, *, active: bool, not_before: date | None = None) -> CaseSpec | None:
        rng, today = self.rng, self.today
        lower = self._lower(not_before)
        assess = rng.randint(3, 13)  # förhandsbedömning within 14 days
        investigate = rng.randint(55, 118)  # utredning within 4 months
        if active:
            phase = weighted(rng, [("assessment", 12), ("investigation", 33), ("intervention", 55)])
            if phase == "investigation":
                overdue = rng.random() < 0.06
                elapsed = assess + (rng.randint(124, 150) if overdue else rng.randint(0, 115))
            elif phase == "intervention":
                elapsed = assess + investigate + rng.randint(0, 1300)
            else:
                elapsed = rng.randint(0, 13)
            opened = today - timedelta(days=elapsed)
            if opened < lower:
                phase, opened = "assessment", self._between(max(lower, today - timedelta(days=13)), today)
            statuses = [(opened, CaseStatus.ASSESSMENT)]
            if phase in ("investigation", "intervention"):
                statuses.append((opened + timedelta(days=assess), CaseStatus.INVESTIGATION))
            if phase == "intervention":
                started = opened + timedelta(days=assess + investigate)
                statuses.append((started, CaseStatus.INTERVENTION))
                if (today - started).days > 365 and rng.random() < 0.3:
                    statuses.append((started + timedelta(days=rng.randint(180, 365)), CaseStatus.FOLLOW_UP))
            return CaseSpec(CaseType.CHILDREN, opened, None, statuses)
        outcome = weighted(rng, [("screened_out", 55), ("investigated", 20), ("intervention", 20), ("other", 5)])
        durations = {
            "screened_out": assess,
            "investigated": assess + investigate,
            "intervention": assess + investigate + rng.randint(180, 900),
            "other": rng.randint(20, 300),
        }
        latest = today - timedelta(days=2 + durations[outcome])
        if latest < lower:
            outcome = "screened_out"
            latest = today - timedelta(days=2 + assess)
            if latest < lower:
                return None
        opened = self._between(lower, latest)
        closed = opened + timedelta(days=durations[outcome])
        statuses = [(opened, CaseStatus.ASSESSMENT)]
        if outcome in ("investigated", "intervention"):
            statuses.append((opened + timedelta(days=assess), CaseStatus.INVESTIGATION))
        if outcome == "intervention":
            statuses.append((opened + timedelta(days=assess + investigate), CaseStatus.INTERVENTION))
        reason = {
            "screened_out": "Ingen utredning inleds efter förhandsbedömning",
            "investigated": "Utredning avslutad utan insats",
            "intervention": "Insats avslutad, målen uppnådda",
        }.get(outcome) or weighted(rng, texts.CLOSING_REASONS["children_other"])
        spec = CaseSpec(CaseType.CHILDREN, opened, closed, statuses, closing_reason=reason)
        spec.extra["outcome"] = outcome
        return spec

    def adults(self, *, active: bool, not_before: date | None = None) -> CaseSpec:
        rng, today = self.rng, self.today
        lower = self._lower(not_before, room=0 if active else 40)
        investigate = rng.randint(20, 90)
        if active:
            phase = weighted(rng, [("investigation", 30), ("intervention", 55), ("follow_up", 15)])
            elapsed = rng.randint(0, 85) if phase == "investigation" else investigate + rng.randint(10, 1000)
            opened = max(today - timedelta(days=elapsed), lower)
            closed = None
        else:
            phase = None
            opened = self._between(lower, today - timedelta(days=40))
            closed = min(opened + timedelta(days=rng.randint(30, 720)), today - timedelta(days=2))
        end = closed or today
        statuses = [(opened, CaseStatus.INVESTIGATION)]
        started = opened + timedelta(days=investigate)
        if started < end and phase != "investigation":
            statuses.append((started, CaseStatus.INTERVENTION))
            follow_up = started + timedelta(days=rng.randint(90, 240))
            if (phase == "follow_up" or (closed and rng.random() < 0.3)) and follow_up < end:
                statuses.append((follow_up, CaseStatus.FOLLOW_UP))
        spec = CaseSpec(CaseType.ADULTS, opened, closed, statuses)
        if closed:
            spec.closing_reason = weighted(rng, texts.CLOSING_REASONS["adults"])
        return spec


def _draw(rng: random.Random, items: list, accept, tries: int = 40):
    """A random item that ``accept`` takes, by drawing up to ``tries`` times (None if none was taken)."""
    for _ in range(tries):
        item = rng.choice(items)
        if accept(item):
            return item
    return None


class CasePlanner:
    """Decides every case and who it concerns, planning households on the way."""

    def __init__(self, *, rng: random.Random, today: date, scale: float, population: Population):
        self.rng = rng
        self.today = today
        self.scale = scale
        self.population = population
        self.timelines = Timelines(rng, today)
        self.specs: list[CaseSpec] = []

    def scaled(self, n: float, minimum: int = 1) -> int:
        return max(minimum, round(n * self.scale))

    def plan(self) -> list[CaseSpec]:
        eb_plans = self._financial_assistance()
        self._children(eb_plans)
        self._adults(eb_plans)
        self._returns()
        self._finish()
        return self.specs

    def _add(self, spec: CaseSpec, subject: PersonPlan, household: HouseholdPlan) -> CaseSpec:
        spec.subject, spec.household = subject, household
        spec.unit_kind = UNIT_OF_TYPE[spec.case_type]
        self.specs.append(spec)
        return spec

    def _financial_assistance(self) -> list[HouseholdPlan]:
        rng, tl = self.rng, self.timelines
        quota = Quota(self.scaled(700, 3), self.scaled(250, 2))
        groups: list[list[CaseSpec]] = []
        for _ in range(self.scaled(6)):  # persons with only a reservnummer: short emergency help
            active = quota.draw(rng) if quota.closed_left == 0 or rng.random() < 0.2 else False
            if quota.take(active):
                spec = tl.financial_assistance(active=active, short=True)
                spec.summary = "Ansökan om nödbistånd"
                spec.extra["reserve"] = True
                groups.append([spec])
        for _ in range(self.scaled(35, 0)):  # households that came back after a closed spell
            if quota.closed_left < 1 or quota.total < 2:
                break
            first = tl.financial_assistance(active=False)
            for _ in range(10):
                if first.closed_on <= self.today - timedelta(days=120):
                    break
                first = tl.financial_assistance(active=False)
            else:
                continue
            quota.take(False)
            active = quota.draw(rng)
            quota.take(active)
            not_before = first.closed_on + timedelta(days=rng.randint(30, 400))
            if not active:
                not_before = min(not_before, self.today - timedelta(days=45))
            groups.append([first, tl.financial_assistance(active=active, not_before=not_before)])
        while quota.total > 0:
            active = quota.draw(rng)
            quota.take(active)
            groups.append([tl.financial_assistance(active=active)])
        plans = []
        for group in groups:
            first_contact = min(s.opened_on for s in group)
            if group[0].extra.get("reserve"):
                plan = self.population.reserve_household(first_contact=first_contact)
            else:
                kind = weighted(rng, [
                    ("single_man", 44), ("single_woman", 18), ("single_mother", 19), ("single_father", 3),
                    ("couple", 6), ("couple_kids", 10),
                ])
                plan = self.population.household(
                    program="eb", kind=kind, first_contact=first_contact, share_abroad=0.45, adult_age=(19, 62)
                )
            applicant = rng.choice(plan.adults)
            for spec in group:
                self._add(spec, applicant, plan)
            plans.append(plan)
        return plans

    def _child_birth(self, opened: date) -> date:
        low, high = weighted(self.rng, [((0, 5.99), 30), ((6, 12.99), 35), ((13, 17.9), 35)])
        return min(years_before(opened, self.rng.uniform(low, high)), opened - timedelta(days=1))

    def _children(self, eb_plans: list[HouseholdPlan]) -> None:
        rng, tl, pop = self.rng, self.timelines, self.population
        quota = Quota(self.scaled(350, 3), self.scaled(120, 2))
        while quota.total > 0:
            active = quota.draw(rng)
            spec = tl.children(active=active)
            if spec is None:
                continue
            quota.take(active)
            plan = child = None
            if rng.random() < 0.25 and eb_plans:
                # A child of a household on ekonomiskt bistånd: drawn, not searched (linear at any scale).
                opened = spec.opened_on
                plan = _draw(rng, eb_plans, lambda p, opened=opened: p.first_contact <= opened
                             and pop.children_aged(p, opened))
                if plan is not None:
                    child = rng.choice(pop.children_aged(plan, spec.opened_on))
            if plan is None:
                plan, child = self._children_household(spec.opened_on)
            child.has_children_case = True
            self._add(spec, child, plan)
            siblings = pop.children_aged(plan, spec.opened_on)
            if siblings and rng.random() < 0.12 and quota.take(spec.active):
                sibling = rng.choice(siblings)
                sibling.has_children_case = True
                self._add(replace(spec, statuses=list(spec.statuses), extra=dict(spec.extra)), sibling, plan)
            if spec.closed_on and spec.closed_on < self.today - timedelta(days=90) and rng.random() < 0.08:
                again_active = quota.draw(rng)
                again = tl.children(active=again_active, not_before=spec.closed_on + timedelta(days=rng.randint(30, 365)))
                if again and age_on(child.birth_date, again.opened_on) < 18 and quota.take(again_active):
                    self._add(again, child, plan)

    def _children_household(self, opened: date) -> tuple[HouseholdPlan, PersonPlan]:
        rng = self.rng
        born = self._child_birth(opened)
        births = [born]
        for _ in range(weighted(rng, [(0, 65), (1, 28), (2, 7)])):
            sibling = born + timedelta(days=rng.choice([-1, 1]) * rng.randint(365, 6 * 365))
            if sibling <= self.today - timedelta(days=30) and (sibling > opened or age_on(sibling, opened) < 18):
                births.append(sibling)
        kind = weighted(rng, [("single_mother", 63), ("single_father", 7), ("couple_kids", 30)])
        plan = self.population.household(
            program="bou", kind=kind, first_contact=opened, share_abroad=0.3, adult_age=(20, 50), child_births=births
        )
        child = next(c for c in plan.children if c.birth_date == born)
        return plan, child

    def _adults(self, eb_plans: list[HouseholdPlan]) -> None:
        rng, tl = self.rng, self.timelines
        quota = Quota(self.scaled(150, 2), self.scaled(60, 1))
        used: set[int] = set()
        while quota.total > 0:
            active = quota.draw(rng)
            quota.take(active)
            spec = tl.adults(active=active)
            plan = subject = None
            if rng.random() < 0.1 and eb_plans:
                def free_adults(p, opened=spec.opened_on):
                    return [a for a in p.adults if id(a) not in used and age_on(a.birth_date, opened) >= 20]

                opened = spec.opened_on
                plan = _draw(rng, eb_plans, lambda p, opened=opened: p.origin != "reserve"
                             and p.first_contact <= opened and free_adults(p))
                if plan is not None:
                    subject = rng.choice(free_adults(plan))
            if plan is None:
                kind = weighted(rng, [("single_man", 65), ("single_woman", 23), ("couple", 12)])
                plan = self.population.household(
                    program="vux", kind=kind, first_contact=spec.opened_on, share_abroad=0.12, adult_age=(20, 68)
                )
                subject = rng.choice(plan.adults)
            used.add(id(subject))
            self._add(spec, subject, plan)
            if spec.closed_on and spec.closed_on < self.today - timedelta(days=90) and rng.random() < 0.07:
                again_active = quota.draw(rng)
                if quota.take(again_active):
                    again = tl.adults(active=again_active, not_before=spec.closed_on + timedelta(days=rng.randint(30, 300)))
                    self._add(again, subject, plan)

    def _returns(self) -> None:
        """Earlier, closed spells of the same kind for the persons with a case, ``scale.returns`` of them on
        average (0 in the demo): a register over the years holds several cases per person. Each is a closed
        timeline moved back to end 1–13 months before the person's first case, kept only if it starts in
        the history, while the person was of age for it, with the household's adults of age."""
        mean = getattr(self.scale, "returns", 0.0)
        if not mean:
            return
        rng = self.rng
        first: dict[int, CaseSpec] = {}
        for spec in self.specs:
            key = id(spec.subject)
            if key not in first or spec.opened_on < first[key].opened_on:
                first[key] = spec
        for spec in list(first.values()):
            if spec.household.origin == "reserve":
                continue  # emergency help to someone not registered here: no history
            before = spec.opened_on
            for _ in range(int(mean) + (rng.random() < mean - int(mean))):
                earlier = self._earlier(spec.case_type, spec.subject, spec.household, before)
                if earlier is None:
                    break
                self._add(earlier, spec.subject, spec.household)
                before = earlier.opened_on

    def _earlier(self, case_type: str, subject: PersonPlan, plan: HouseholdPlan, before: date) -> CaseSpec | None:
        tl = self.timelines
        spec = None
        while spec is None:
            spec = {
                CaseType.FINANCIAL_ASSISTANCE: tl.financial_assistance, CaseType.CHILDREN: tl.children,
                CaseType.ADULTS: tl.adults,
            }[case_type](active=False)
        shift = before - timedelta(days=self.rng.randint(30, 400)) - spec.closed_on
        opened = spec.opened_on + shift
        born = subject.birth_date
        if case_type == CaseType.CHILDREN:
            of_age = born < opened and age_on(born, opened) < 18
        else:
            of_age = age_on(born, opened) >= 18
        if opened < HISTORY_START or not of_age:
            return None
        if opened < plan.first_contact:  # the household was known earlier: its adults must have been of age
            if any(age_on(a.birth_date, opened) < 18 for a in plan.adults):
                return None
            plan.first_contact = opened
        spec.opened_on, spec.closed_on = opened, spec.closed_on + shift
        spec.statuses = [(day + shift, status) for day, status in spec.statuses]
        return spec

    def _finish(self) -> None:
        """Summaries, opening kinds, Mottagning's share of new applications, and a few unallocated cases."""
        rng, today = self.rng, self.today
        for spec in self.specs:
            spec.summary = spec.summary or rng.choice(texts.SUMMARIES[spec.case_type])
            spec.opening_kind = weighted(rng, texts.OPENING_KINDS[spec.case_type])
            if spec.case_type == CaseType.CHILDREN and spec.summary.startswith("Ansökan"):
                spec.opening_kind = "application"
            elif spec.case_type == CaseType.CHILDREN and spec.opening_kind == "application":
                spec.opening_kind = "report"
            new_application = (
                spec.case_type == CaseType.FINANCIAL_ASSISTANCE and spec.active
                and spec.opened_on >= today - timedelta(days=30)
                and all(status != CaseStatus.DECIDED for _, status in spec.statuses)
            )
            short_spell = (
                spec.case_type == CaseType.FINANCIAL_ASSISTANCE and spec.closed_on is not None
                and (spec.closed_on - spec.opened_on).days <= 90
            )
            # Mottagning takes new applications and short spells; longer ones belong to the EB unit.
            if (new_application and rng.random() < 0.6) or (short_spell and rng.random() < 0.5):
                spec.unit_kind = UnitKind.INTAKE
        for kind in (UnitKind.INTAKE, UnitKind.FINANCIAL_ASSISTANCE, UnitKind.CHILDREN, UnitKind.ADULTS):
            recent = [
                s for s in self.specs
                if s.unit_kind == kind and s.active and s.opened_on >= today - timedelta(days=10)
            ]
            for spec in rng.sample(recent, min(len(recent), self.scaled(3))):
                spec.allocated = False  # waiting for the enhetschef to allocate
                spec.statuses = []


class Handlers:
    """Picks a handläggare of a unit who was in post on a given day, preferring the least loaded,
    as an enhetschef allocating cases would."""

    def __init__(self, ctx: DemoContext):
        self.ctx = ctx
        self.rng = ctx.rng
        self.starts: dict[int, list[date]] = {}  # sorted, per user
        self.ends: dict[int, list[date]] = {}
        self.of_unit: dict[int, list[User]] = {}
        for user in ctx.users(Role.CASEWORKER, active_only=False):
            unit = ctx.unit_of_user.get(user.pk)
            self.of_unit.setdefault(unit.pk if unit is not None else 0, []).append(user)

    def track(self, user: User, start: date, end: date | None) -> None:
        bisect.insort(self.starts.setdefault(user.pk, []), start)
        bisect.insort(self.ends.setdefault(user.pk, []), end or date.max)

    def load(self, user: User, day: date) -> int:
        """Cases the user held on ``day``: those started by then, less those that had ended before it."""
        started = bisect.bisect_right(self.starts.get(user.pk, []), day)
        return started - bisect.bisect_left(self.ends.get(user.pk, []), day)

    def pick(self, unit_kind: str, day: date, exclude: User | None = None, *, unit=None) -> User:
        if unit is not None and unit.pk in self.of_unit:
            pool = self.of_unit[unit.pk]
        else:
            pool = self.ctx.users(Role.CASEWORKER, unit_kind, active_only=False)
        everyone = [u for u in pool if u is not exclude]
        candidates = [u for u in everyone if in_post(u, day, self.ctx.former_staff)]
        if not candidates:  # before anyone now on file started: the longest-serving one
            return min(everyone, key=lambda u: u.employed_since)
        candidates.sort(key=lambda u: (self.load(u, day), self.rng.random()))
        return self.rng.choice(candidates[:2])


def _office_time(rng: random.Random, day: date, first_hour: int = 8, last_hour: int = 16) -> datetime:
    return moment(day, rng.randint(first_hour, last_hour - 1), rng.randint(0, 59))


def cases_create(*, ctx: DemoContext, specs: list[CaseSpec]) -> dict[int, datetime]:
    """Open, allocate, move through statuses and close every case in date order, with the rows, case events
    and audit rows case_open, case_allocate, case_status_set and case_close would write, each dated when it
    happened, written in bulk. The older status history has one audit row for all of it (as before).
    Returns creation times."""
    rng, today = ctx.rng, ctx.today
    handlers = Handlers(ctx)
    created: dict[int, datetime] = {}
    history: list[CaseEvent] = []
    events: list[CaseEvent] = []
    assignments: list[CaseAssignment] = []
    audit = []
    references: dict[str, int] = {}
    ordered = sorted(specs, key=lambda s: (s.opened_on, s.case_type))
    case_ids = iter(ctx.writer.ids(Case, len(ordered)))

    def event(case, at, event_type, user, data):
        events.append(CaseEvent(case_id=case.pk, at=at, event_type=event_type, user_id=user.pk,
                                username=user.get_username(), data=data))

    def allocate(case, manager, handler, at):
        event(case, at, "allocated", manager, {"assignee_id": handler.pk,
                                               "assignee": handler.get_full_name() or handler.get_username()})
        audit.append(audit_row(event_type=EventType.CASE_ALLOCATED, actor=manager, at=at, obj=case,
                               person_id=case.person_id, case_id=case.pk, data={"assignee_id": handler.pk}))

    for n, spec in enumerate(ordered):
        unit = ctx.unit_for(spec.unit_kind, spec.household.district)
        manager = ctx.manager_of(unit)
        opened_at = _office_time(rng, spec.opened_on)
        first = handlers.pick(spec.unit_kind, spec.opened_on, unit=unit)
        spec.opener = first
        prefix = f"{REFERENCE_PREFIX[spec.case_type]}-{spec.opened_on.year}-"
        references[prefix] = references.get(prefix, 0) + 1
        case = Case(
            pk=next(case_ids), reference=f"{prefix}{references[prefix]:05d}", person=spec.subject.person,
            household=spec.household.household, case_type=spec.case_type, unit=unit, status=CaseStatus.OPENED,
            opening_kind=spec.opening_kind, opened_on=spec.opened_on, summary=spec.summary, created_at=opened_at,
            version=1,
        )
        event(case, opened_at, "opened", first, {"opening_kind": case.opening_kind})
        audit.append(audit_row(
            event_type=EventType.CASE_OPENED, actor=first, at=opened_at, obj=case, person_id=case.person_id,
            case_id=case.pk, data={"case_type": case.case_type, "unit_id": unit.pk, "opening_kind": case.opening_kind},
        ))
        created[case.pk] = opened_at
        periods: list[list] = []
        end = spec.closed_on or today
        if spec.allocated:
            day = min(spec.opened_on + timedelta(days=rng.randint(0, 2)), end)
            handler = first if in_post(first, day, ctx.former_staff) else handlers.pick(spec.unit_kind, day, unit=unit)
            allocate(case, manager, handler, max(_office_time(rng, day, 10), opened_at))
            periods.append([handler, day, None])
            # Staff turnover: the enhetschef reallocates the case when its handläggare leaves.
            while handler.pk in ctx.former_staff and ctx.former_staff[handler.pk] < end:
                left = ctx.former_staff[handler.pk]
                day = left + timedelta(days=1)
                handler = handlers.pick(spec.unit_kind, day, exclude=handler, unit=unit)
                allocate(case, manager, handler, moment(day, 9, 15))
                periods[-1][2] = left
                periods.append([handler, day, None])
        ctx.assignments[case.pk] = [AssignmentPeriod(u, s, e) for u, s, e in periods]
        # The status history is bulk-inserted (one audit row for all of it); an open case's latest
        # status change is written as case_status_set would.
        statuses = [(day, status) for day, status in spec.statuses if day <= end]
        final = statuses.pop() if statuses and spec.active else None
        previous = CaseStatus.OPENED
        for day, status in statuses:
            actor = ctx.handler_on(case, day) or first
            history.append(CaseEvent(
                case_id=case.pk, at=moment(day, 13, rng.randint(0, 59)), event_type="status_changed", user_id=actor.pk,
                username=actor.get_username(), data={"old": previous, "new": status},
            ))
            previous = status
        case.status = previous
        if final is not None:
            day, status = final
            actor = ctx.handler_on(case, day) or first
            at = moment(day, 13, rng.randint(0, 59))
            event(case, at, "status_changed", actor, {"old": previous, "new": status})
            audit.append(audit_row(event_type=EventType.CASE_UPDATED, actor=actor, at=at, obj=case,
                                   person_id=case.person_id, case_id=case.pk, data={"status": [previous, status]}))
            case.status, case.version = status, case.version + 1
        if spec.closed_on:
            actor = ctx.handler_on(case, spec.closed_on) or first
            at = moment(spec.closed_on, 15, rng.randint(0, 59))
            case.status, case.closed_on, case.closing_reason = CaseStatus.CLOSED, spec.closed_on, spec.closing_reason
            case.version += 1
            event(case, at, "closed", actor, {"reason": case.closing_reason})
            audit.append(audit_row(event_type=EventType.CASE_CLOSED, actor=actor, at=at, obj=case,
                                   person_id=case.person_id, case_id=case.pk, data={"reason": case.closing_reason}))
            if periods:
                periods[-1][2] = spec.closed_on
                ctx.assignments[case.pk] = [AssignmentPeriod(u, s, e) for u, s, e in periods]
        for user, start, period_end in periods:
            handlers.track(user, start, period_end)
            assignments.append(CaseAssignment(
                case=case, user=user, assigned_by=manager, assigned_at=ctx.at(start, 10),
                ended_at=ctx.at(period_end, 16) if period_end is not None else None,
            ))
        spec.case = case
        ctx.cases.setdefault(spec.case_type, []).append(case)
        ctx.progress("cases", n + 1, len(ordered))
    ctx.writer.write([spec.case for spec in ordered], model=Case)
    ctx.writer.write(assignments, model=CaseAssignment)
    ctx.writer.write(events + history, model=CaseEvent)
    ctx.writer.write(audit, model=AuditEvent)
    ctx.audit_bulk(what="case_status_history", count=len(history))
    return created


def _status_on(spec: CaseSpec, day: date) -> str:
    current = CaseStatus.OPENED
    for changed, status in spec.statuses:
        if changed <= day:
            current = status
    return current


def _fill(template: str, spec: CaseSpec, day: date, rng: random.Random) -> str:
    name = spec.subject.first_name
    return template.format(
        name=name, child=name, month=f"{texts.MONTHS_SV[day.month - 1]} {day.year}", days=rng.randint(5, 20)
    )


def _entry_dates(spec: CaseSpec, today: date, rng: random.Random) -> list[date]:
    end = spec.closed_on or today
    days = [spec.opened_on]
    day = spec.opened_on
    while len(days) < MAX_ENTRIES_PER_CASE:
        low, high = ENTRY_INTERVAL[_status_on(spec, day)]
        if (end - spec.opened_on).days > 3 * 365:
            low, high = low * 2, high * 2  # long-term cases: fewer, fuller notes
        day = day + timedelta(days=rng.randint(low, high))
        if day >= end:
            break
        days.append(day)
    if spec.closed_on and spec.closed_on > spec.opened_on:
        days.append(spec.closed_on)
    return days


JOURNAL_CHUNK = 100_000  # entries held in memory before they are written (Stockholm: 5 million)
CORRECTED_SHARE = 1 / 80  # signed entries later corrected by a new entry (SOSFS 2014:5)
JOURNAL_COLUMNS = ["id", "version", "case_id", "event_date", "text", "author_id", "created_at", "updated_at",
                   "signed_at", "signed_by_id", "corrects_id"]
EVENT_COLUMNS = ["case_id", "at", "event_type", "user_id", "username", "data"]


@dataclass(frozen=True)
class _Signed:
    """One signed entry as written (a row, not a model instance: there are millions)."""

    case: Case
    event_date: date
    text: str
    author: User
    written: datetime
    signed: datetime
    corrects_id: int | None = None


def journals_create(*, ctx: DemoContext, specs: list[CaseSpec]) -> int:
    """Signed journal entries for every case, inserted already signed, with their case events; written in
    chunks of plain rows so that memory and time stay flat at any scale."""
    rng, today = ctx.rng, ctx.today
    latest = timezone.now() - timedelta(minutes=5)
    entries: list[_Signed] = []
    originals: list[tuple[int, _Signed]] = []  # (id, entry) of the entries to correct
    pending: list[int] = []  # their places in the chunk not yet written
    written_count = 0
    for n, spec in enumerate(specs):
        case = spec.case
        dates = _entry_dates(spec, today, rng)
        for i, day in enumerate(dates):
            if i == 0:
                template = rng.choice(texts.FIRST_ENTRY[spec.case_type])
            elif spec.closed_on and i == len(dates) - 1:
                template = texts.CLOSING_ENTRY[spec.case_type]
            else:
                template = rng.choice(texts.REGULAR_ENTRY[spec.case_type])
            author = ctx.handler_on(case, day) or spec.opener
            written = _office_time(rng, day)
            signed = min(written + timedelta(hours=rng.choice([0, 0, 1, 2, 20, 26, 50])), latest)
            if spec.closed_on:
                signed = min(signed, moment(spec.closed_on, 16, 30))
            signed = max(signed, written)
            entries.append(_Signed(case, day, _fill(template, spec, day, rng), author, written, signed))
            if rng.random() < CORRECTED_SHARE:
                pending.append(len(entries) - 1)
        if len(entries) >= JOURNAL_CHUNK or n == len(specs) - 1:
            ids = _insert_signed(ctx, entries)
            originals += [(ids[i], entries[i]) for i in pending]
            written_count += len(entries)
            entries, pending = [], []
        ctx.progress("journal", n + 1, len(specs))
    ctx.audit_bulk(what="journal_entries", count=written_count)
    corrections = []
    for original_id, original in originals:
        day = min(original.event_date + timedelta(days=rng.randint(1, 10)), today)
        written = max(_office_time(rng, day), original.signed + timedelta(minutes=5))
        written = min(written, latest)
        corrections.append(_Signed(original.case, day, rng.choice(texts.CORRECTION), original.author, written,
                                   written, corrects_id=original_id))
    _insert_signed(ctx, corrections)
    ctx.audit_bulk(what="journal_corrections", count=len(corrections))
    return written_count + len(corrections)


def _insert_signed(ctx: DemoContext, entries: list[_Signed]) -> range:
    """Write the entries and their journal_signed case events; return the entries' ids, in order."""
    ids = ctx.writer.ids(JournalEntry, len(entries))
    ctx.writer.write_rows(JournalEntry, JOURNAL_COLUMNS, (
        (pk, 1, e.case.pk, e.event_date, e.text, e.author.pk, e.written, e.signed, e.signed, e.author.pk, e.corrects_id)
        for pk, e in zip(ids, entries, strict=True)
    ))
    ctx.writer.write_rows(CaseEvent, EVENT_COLUMNS, (
        (e.case.pk, e.signed, "journal_signed", e.author.pk, e.author.get_username(),
         {"entry_id": pk, "corrects_id": e.corrects_id})
        for pk, e in zip(ids, entries, strict=True)
    ))
    return ids


def todays_journal_work(*, ctx: DemoContext, specs: list[CaseSpec]) -> int:
    """Today's work through the journal services: a few drafts, and a few entries written and signed."""
    rng, today = ctx.rng, ctx.today
    open_cases = [
        s for s in specs if s.active and s.allocated and ctx.handler_on(s.case, today).is_active
    ]
    picked = rng.sample(open_cases, min(len(open_cases), ctx.scaled(20, 2)))
    drafts = 0
    for i, spec in enumerate(picked):
        handler = ctx.handler_on(spec.case, today)
        day = max(today - timedelta(days=rng.randint(0, 3)), spec.opened_on)
        text_pool = texts.DRAFT if i % 2 == 0 else texts.REGULAR_ENTRY[spec.case_type]
        entry = journal_entry_create(actor=handler, case=spec.case, text=_fill(rng.choice(text_pool), spec, day, rng),
                                     event_date=day)
        if i % 2:
            journal_entry_sign(actor=handler, entry=entry)
        else:
            drafts += 1
    return drafts


ACCESS_LOG_COLUMNS = [
    "at", "user_id", "username", "person_id", "case_id", "object_type", "object_id", "action", "purpose", "channel",
    "path", "protected_person", "outside_units", "emergency",
]


def access_log_create(*, ctx: DemoContext, specs: list[CaseSpec]) -> int:
    """Reads for the log reviewer over the last ``ctx.scale.access_log_days`` days (the demo: a month):
    for every 30 days a case was open in that window, its handläggare (and now and then the enhetschef)
    opened it one to three times. Streamed as plain rows (millions at Stockholm's size)."""
    rng, today = ctx.rng, ctx.today
    now = timezone.now()
    window = getattr(ctx.scale, "access_log_days", 30)
    low, high = getattr(ctx.scale, "access_log_reads", (1, 3))
    start = today - timedelta(days=window)
    path_of = reverse("cases:detail", kwargs={"case_id": 987654321}).replace("987654321", "{}")
    planned = [s for s in specs if s.allocated and (s.closed_on or today) >= start]
    written = 0

    def rows():
        nonlocal written
        for n, spec in enumerate(planned):
            case = spec.case
            first = max(case.opened_on, start)
            last = min(spec.closed_on or today, today)
            path = path_of.format(case.pk)
            protected = spec.subject.person.protected_identity
            chunk = first
            while chunk <= last:
                span = min((last - chunk).days, 29)
                readers = [ctx.handler_on(case, chunk)]
                if rng.random() < 0.3:
                    readers.append(ctx.manager_of(case.unit))
                for reader in readers:
                    for _ in range(rng.randint(low, high)):
                        day = chunk + timedelta(days=rng.randint(0, span))
                        written += 1
                        yield (
                            min(_office_time(rng, day), now), reader.pk, reader.get_username(), case.person_id,
                            case.pk, "case", str(case.pk), AccessAction.VIEW, "Handläggning", "web", path,
                            protected, False, False,
                        )
                chunk += timedelta(days=30)
            ctx.progress("access log", n + 1, len(planned))

    ctx.writer.write_rows(AccessLog, ACCESS_LOG_COLUMNS, rows())
    ctx.audit_bulk(what="access_log", count=written)
    return written


def emergency_access_create(*, ctx: DemoContext, specs: list[CaseSpec]) -> int:
    """Nödåtkomst: a Vuxen handläggare opens a client's EB case in an emergency; one is already reviewed."""
    rng, today = ctx.rng, ctx.today
    active_by_person: dict[int, list[CaseSpec]] = {}
    for spec in specs:
        if spec.active and spec.allocated:
            active_by_person.setdefault(spec.subject.person.pk, []).append(spec)
    pairs = [
        (adult, other) for group in active_by_person.values() for adult in group for other in group
        if adult.case_type == CaseType.ADULTS and other.case_type == CaseType.FINANCIAL_ASSISTANCE
    ]
    reviewer = ctx.users(Role.LOG_REVIEWER)[0]
    made = 0
    for i, (adult, _other) in enumerate(rng.sample(pairs, min(len(pairs), 2))):
        actor = ctx.handler_on(adult.case, today)
        when = _office_time(rng, today - timedelta(days=2 + 5 * i))
        reason = "Klienten hotade att skada sig själv under kvällen; behövde se pågående bistånd och planering."
        if _other.case.unit_id not in special_right_unit_ids(user=actor, kind=SpecialRightKind.EMERGENCY_ACCESS):
            special_right_grant(  # granted in advance by the systemförvaltare, per unit, with an end date
                actor=ctx.admin, user=actor, unit=_other.case.unit, kind=SpecialRightKind.EMERGENCY_ACCESS,
                valid_from=today - timedelta(days=90), valid_to=today + timedelta(days=275),
                reason="Vuxen: nödåtkomst till ekonomiskt bistånd vid akuta ärenden kvällstid (demo)",
            )
            actor.__dict__.pop("_skutan_special_rights", None)
        with ctx.happened_at(when):
            grants = case_emergency_access(actor=actor, person=adult.subject.person, reason=reason)
        for grant in grants:
            grant.granted_at, grant.valid_until = when, when + timedelta(hours=12)
            grant.save(update_fields=["granted_at", "valid_until"])
            AccessLog.objects.create(
                at=when + timedelta(minutes=2), user_id=actor.pk, username=actor.get_username(),
                person_id=grant.case.person_id, case_id=grant.case_id, object_type="case",
                object_id=str(grant.case_id), action=AccessAction.VIEW, purpose="Nödåtkomst", channel="web",
                path=reverse("cases:detail", kwargs={"case_id": grant.case_id}), outside_units=True, emergency=True,
            )
            if i == 0:
                reviewed = when + timedelta(days=1)
                with ctx.happened_at(reviewed):
                    emergency_access_review(actor=reviewer, grant=grant)
                grant.reviewed_at = reviewed
                grant.save(update_fields=["reviewed_at"])
            made += 1
    return made
