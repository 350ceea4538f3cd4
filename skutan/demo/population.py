"""Households and persons known to social services, planned first and then written in bulk as the people services would
write them.

Only people with a case and the members of their households are stored, as in a real register: for
Filipstad's 10 500 inhabitants that is roughly 1 800 persons. Plans are plain dataclasses so the timeline
of cases (casework.py) can pick a child of the right age before anything touches the database.
"""

import bisect
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.demo import names
from skutan.demo.bulk import audit_row
from skutan.demo.context import DemoContext, moment
from skutan.demo.identity import SyntheticNumbers, reserve_number
from skutan.people.identity import IdentityKind, parse_identity_number, parse_reserve_number
from skutan.people.models import Household, HouseholdMember, HouseholdRole, Person, ProtectionKind

CHILD_LIMIT_YEARS = 21  # a household's children are those under 21 they support (SoL)


def years_before(day: date, years: float) -> date:
    return day - timedelta(days=round(years * 365.25))


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def weighted(rng: random.Random, pairs):
    """``rng.choices(values, weights)[0]`` with the same single draw (so the same data), without its
    per-call setup: at Stockholm's size it is called millions of times."""
    pairs = pairs if isinstance(pairs, list | tuple) else list(pairs)
    cumulative, total = [], 0
    for _, weight in pairs:
        total += weight
        cumulative.append(total)
    return pairs[bisect.bisect(cumulative, rng.random() * total, 0, len(pairs) - 1)][0]


@dataclass(eq=False)
class PersonPlan:
    first_name: str
    last_name: str
    sex: str  # "M" or "K"
    birth_date: date
    born_abroad: bool
    identity_kind: str = IdentityKind.PERSONNUMMER
    phone: str = ""
    person: Person | None = None
    has_children_case: bool = False


@dataclass(eq=False)
class HouseholdPlan:
    program: str  # the unit that first met the household: "eb", "bou", "vux"
    kind: str  # single_man, single_woman, single_mother, single_father, couple, couple_kids
    origin: str | None
    adults: list[PersonPlan] = field(default_factory=list)
    children: list[PersonPlan] = field(default_factory=list)
    street_address: str = ""
    district: int = 0  # which unit of each kind serves the household (the larger scales have several)
    postal_code: str = ""
    city: str = ""
    protection: str = ""
    first_contact: date | None = None
    household: object = None

    @property
    def members(self) -> list[PersonPlan]:
        return self.adults + self.children

    @property
    def since(self) -> date:
        return self.first_contact


class Population:
    """Plans households; ``create`` writes them through the people services."""

    def __init__(self, rng: random.Random, today: date):
        self.rng = rng
        self.today = today
        self.plans: list[HouseholdPlan] = []

    # -- names and places -------------------------------------------------------------------------
    def _origin(self, share_abroad: float) -> str | None:
        if self.rng.random() >= share_abroad:
            return None
        return weighted(self.rng, names.FOREIGN_WEIGHTS.items())

    def _name(self, origin: str | None, sex: str, child: bool) -> str:
        if origin is None or (child and self.rng.random() < 0.3):
            pool = (names.SWEDISH_BOYS if sex == "M" else names.SWEDISH_GIRLS) if child else (
                names.SWEDISH_MEN if sex == "M" else names.SWEDISH_WOMEN)
        else:
            region = names.FOREIGN[origin]
            pool = region[("boys" if sex == "M" else "girls") if child else ("men" if sex == "M" else "women")]
        return self.rng.choice(pool)

    def _surname(self, origin: str | None) -> str:
        pool = names.SWEDISH_SURNAMES if origin is None else names.FOREIGN[origin]["surnames"]
        return self.rng.choice(pool)

    def _address(self, plan: HouseholdPlan) -> None:
        city, prefix, _ = weighted(self.rng, [((c, p, w), w) for c, p, w in names.LOCALITIES])
        number = self.rng.randint(1, 64)
        flat = f" lgh {self.rng.randint(10, 14)}{self.rng.randint(1, 9):02d}" if self.rng.random() < 0.45 else ""
        plan.street_address = f"{self.rng.choice(names.STREETS)} {number}{flat}"
        plan.postal_code = f"{prefix}{self.rng.randint(0, 4)}"
        plan.city = city

    def _phone(self) -> str:
        return self.rng.choice(names.FICTION_PHONE_NUMBERS) if self.rng.random() < 0.75 else ""

    # -- people -----------------------------------------------------------------------------------
    def _adult(self, origin, sex, born: date, surname: str | None = None) -> PersonPlan:
        return PersonPlan(
            first_name=self._name(origin, sex, child=False), last_name=surname or self._surname(origin), sex=sex,
            birth_date=born, born_abroad=origin is not None, phone=self._phone(),
        )

    def _child(self, origin, born: date, surname: str, arrived: date | None) -> PersonPlan:
        sex = self.rng.choice("MK")
        return PersonPlan(
            first_name=self._name(origin, sex, child=True), last_name=surname, sex=sex, birth_date=born,
            born_abroad=arrived is not None and born < arrived,
        )

    def _random_birth(self, on: date, min_age: float, max_age: float) -> date:
        return years_before(on, self.rng.uniform(min_age, max_age))

    def household(
        self, *, program: str, kind: str, first_contact: date, share_abroad: float,
        adult_age: tuple[float, float] = (19, 64), child_births: list[date] | None = None,
    ) -> HouseholdPlan:
        """Plan one household. ``child_births`` fixes the children's birth dates (for a children's case);
        otherwise households with children get 1–3 children born before ``first_contact`` or later."""
        rng = self.rng
        origin = self._origin(share_abroad)
        plan = HouseholdPlan(program=program, kind=kind, origin=origin, first_contact=first_contact)
        with_children = kind in ("single_mother", "single_father", "couple_kids")
        births = sorted(child_births or [])
        if with_children and not births:
            count = weighted(rng, [(1, 62), (2, 28), (3, 10)])
            oldest_limit = min(CHILD_LIMIT_YEARS - 1, 17 + (self.today - first_contact).days / 365.25)
            births = sorted(
                min(self._random_birth(self.today, 0, oldest_limit), self.today - timedelta(days=30))
                for _ in range(count)
            )
        # Adults: old enough at first contact and at the oldest child's birth.
        latest_birth = years_before(first_contact, adult_age[0])
        if births:
            latest_birth = min(latest_birth, years_before(births[0], 19))
        def adult_birth():
            born = self._random_birth(first_contact, *adult_age)
            return min(born, latest_birth - timedelta(days=rng.randint(0, 3650)) if births else latest_birth)

        surname = self._surname(origin)
        if kind in ("single_man", "single_father"):
            plan.adults = [self._adult(origin, "M", adult_birth(), surname)]
        elif kind in ("single_woman", "single_mother"):
            plan.adults = [self._adult(origin, "K", adult_birth(), surname)]
        else:
            first = self._adult(origin, "K", adult_birth(), surname)
            partner_surname = surname if rng.random() < 0.6 else self._surname(origin)
            second = self._adult(origin, "M", adult_birth(), partner_surname)
            plan.adults = [first, second]
        arrived = None
        if origin is not None:
            arrived = min(first_contact, date(self.rng.randint(2008, 2023), rng.randint(1, 12), 1))
        for born in births:
            plan.children.append(self._child(origin, born, surname, arrived))
        self._address(plan)
        self.plans.append(plan)
        return plan

    def reserve_household(self, *, first_contact: date) -> HouseholdPlan:
        """A single adult with only a reservnummer: an EU citizen not registered in Sweden."""
        rng = self.rng
        sex = rng.choice("MK")
        adult = PersonPlan(
            first_name=rng.choice(names.RESERVE_ORIGIN["men" if sex == "M" else "women"]),
            last_name=rng.choice(names.RESERVE_ORIGIN["surnames"]), sex=sex,
            birth_date=self._random_birth(first_contact, 22, 60), born_abroad=True,
            identity_kind=IdentityKind.RESERVNUMMER,
        )
        plan = HouseholdPlan(program="eb", kind="single_man" if sex == "M" else "single_woman", origin="reserve",
                             adults=[adult], first_contact=first_contact)
        plan.street_address, plan.postal_code, plan.city = "Saknar fast adress", "", "Filipstad"
        self.plans.append(plan)
        return plan

    def children_aged(self, plan: HouseholdPlan, on: date, *, free_only: bool = True) -> list[PersonPlan]:
        """Children of the household born before ``on`` and under 18 that day."""
        return [
            c for c in plan.children
            if c.birth_date < on and age_on(c.birth_date, on) < 18 and not (free_only and c.has_children_case)
        ]

    # -- protection and identity kinds ----------------------------------------------------------
    def mark_protected(self, *, protected_registrations: int, confidentiality_marks: int) -> None:
        rng = self.rng
        candidates = [p for p in self.plans if p.origin != "reserve"]
        mothers = [p for p in candidates if p.kind == "single_mother"] or candidates
        for plan in rng.sample(mothers, min(protected_registrations, len(mothers))):
            plan.protection = ProtectionKind.PROTECTED_REGISTRATION
        rest = [p for p in candidates if not p.protection]
        for plan in rng.sample(rest, min(confidentiality_marks, len(rest))):
            plan.protection = ProtectionKind.CONFIDENTIALITY_MARK

    def mark_coordination_numbers(self, count: int) -> None:
        adults = [a for p in self.plans if p.origin not in (None, "reserve") and not p.protection for a in p.adults]
        for adult in self.rng.sample(adults, min(count, len(adults))):
            adult.identity_kind = IdentityKind.SAMORDNINGSNUMMER

    # -- writing ----------------------------------------------------------------------------------
    def create(self, *, ctx: DemoContext, numbers: SyntheticNumbers, actor_for, municipality_code: str) -> dict:
        """Create every planned household in order of first contact, with the rows and audit rows the
        people services would write (person_create, household_create, household_member_add/remove), dated
        when it happened and written in bulk (skutan/demo/bulk.py). ``actor_for(plan)`` is the handläggare
        who registered it. Returns the simulated creation time of each person and household."""
        created: dict[str, dict[int, datetime]] = {"person": {}, "household": {}}
        persons: list[Person] = []
        households: list[Household] = []
        members: list[HouseholdMember] = []
        audit = []
        writer = ctx.writer
        reserve_seq = 0
        plans = sorted(self.plans, key=lambda p: p.since)
        person_ids = iter(writer.ids(Person, sum(len(p.members) for p in plans)))
        household_ids = iter(writer.ids(Household, len(plans)))
        member_ids = iter(writer.ids(HouseholdMember, sum(len(p.members) for p in plans)))

        def person_new(actor, plan, member: PersonPlan, number: str, when: datetime) -> Person:
            person = self._person_build(plan, member, number, when)
            person.pk = next(person_ids)
            persons.append(person)
            audit.append(audit_row(
                event_type=EventType.PERSON_CREATED, actor=actor, at=when, obj=person, person_id=person.pk,
                data={"identity_kind": person.identity_kind, "protected": bool(plan.protection)},
            ))
            created["person"][person.pk] = when
            return person

        def member_new(actor, household, person, role, since, lunch, when) -> HouseholdMember:
            member = HouseholdMember(
                pk=next(member_ids), household=household, person=person, role=role, joined_on=since,
                lunch_at_home=lunch if role == HouseholdRole.CHILD else True,
            )
            members.append(member)
            audit.append(audit_row(
                event_type=EventType.HOUSEHOLD_MEMBER_ADDED, actor=actor, at=when, obj=household,
                person_id=person.pk, data={"role": role, "member_id": member.pk},
            ))
            return member

        for i, plan in enumerate(plans):
            actor = actor_for(plan)
            since = plan.since
            when = moment(since, 9 + self.rng.randint(0, 6), self.rng.randint(0, 59))
            present = [c for c in plan.children if c.birth_date <= since]
            later = [c for c in plan.children if c.birth_date > since]
            for member in plan.adults + present:
                if member.identity_kind == IdentityKind.RESERVNUMMER:
                    reserve_seq += 1
                    number = reserve_number(municipality_code, reserve_seq)
                elif member.identity_kind == IdentityKind.SAMORDNINGSNUMMER:
                    number = self._personnummer(numbers, member, coordination=True)
                else:
                    number = self._personnummer(numbers, member)
                member.person = person_new(actor, plan, member, number, when)
            household = Household(pk=next(household_ids), cohabiting=len(plan.adults) == 2, created_at=when, version=1)
            households.append(household)
            audit.append(audit_row(event_type=EventType.HOUSEHOLD_CREATED, actor=actor, at=when, obj=household))
            rows = {}
            for adult in plan.adults:
                rows[id(adult)] = member_new(actor, household, adult.person, HouseholdRole.ADULT, since, True, when)
            for child in present:
                rows[id(child)] = member_new(
                    actor, household, child.person, HouseholdRole.CHILD, since, self._lunch_at_home(child), when
                )
                household.version += 1
            plan.household = household
            created["household"][household.pk] = when
            for child in later:  # born into the household after first contact
                joined = min(child.birth_date + timedelta(days=14), ctx.today)
                child_when = moment(joined, 10)
                child.person = person_new(actor, plan, child, self._personnummer(numbers, child), child_when)
                rows[id(child)] = member_new(
                    actor, household, child.person, HouseholdRole.CHILD, joined, self._lunch_at_home(child), child_when
                )
                household.version += 1
            self._children_move_out(ctx, plan, actor, rows, audit)
            for member in plan.members:
                ctx.household_of[member.person.pk] = household
            ctx.persons.extend(m.person for m in plan.members)
            ctx.households.append(household)
            ctx.progress("persons", i + 1, len(plans))
        writer.write(persons, model=Person)
        writer.write(households, model=Household)
        writer.write(members, model=HouseholdMember)
        writer.write(audit, model=AuditEvent)
        return created

    def _personnummer(self, numbers: SyntheticNumbers, member: PersonPlan, *, coordination: bool = False) -> str:
        # Ten birth numbers per sex and day: a full day moves the birth date to the nearest free one.
        number = numbers.nearest(member.birth_date, member.sex, coordination=coordination, latest=self.today)
        member.birth_date = parse_identity_number(number).birth_date
        return number

    def _person_build(self, plan: HouseholdPlan, member: PersonPlan, number: str, when: datetime) -> Person:
        """The row person_create would write (the number is synthetic and valid by construction)."""
        if member.identity_kind == IdentityKind.RESERVNUMMER:
            parsed = parse_reserve_number(number)
        else:
            parsed = parse_identity_number(number)
        return Person(
            identity_number=parsed.normalised, identity_kind=parsed.kind, first_name=member.first_name,
            last_name=member.last_name, birth_date=parsed.birth_date, sex=parsed.sex,
            street_address=plan.street_address, postal_code=plan.postal_code.replace(" ", ""), city=plan.city,
            phone=member.phone, protection=plan.protection, born_abroad=member.born_abroad, synthetic=True,
            created_at=when, updated_at=when,
        )

    def _lunch_at_home(self, child: PersonPlan) -> bool:
        # Children 1–6 mostly eat lunch at förskola, which lowers their norm amount.
        return not (1 <= age_on(child.birth_date, self.today) <= 6 and self.rng.random() < 0.85)

    def _children_move_out(self, ctx: DemoContext, plan: HouseholdPlan, actor, rows: dict, audit: list) -> None:
        """A child who has turned 21 is no longer part of the household: they moved out between 18 and 21."""
        for child in plan.children:
            if age_on(child.birth_date, ctx.today) < CHILD_LIMIT_YEARS:
                continue
            left = years_before(child.birth_date, -self.rng.uniform(18.2, 20.9))
            left = max(left, plan.since)
            member = rows[id(child)]
            member.left_on = left
            plan.household.version += 1
            audit.append(audit_row(
                event_type=EventType.HOUSEHOLD_MEMBER_REMOVED, actor=actor, at=moment(left, 11), obj=plan.household,
                person_id=member.person_id,
                data={"member_id": member.pk, "left_on": left.isoformat(), "cohabiting_ended": False},
            ))
