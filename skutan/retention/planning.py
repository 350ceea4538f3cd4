"""The dry run of a gallring: for every person, purge or keep, under which rule and why.

``plan_compute`` reads; it writes nothing. ``skutan/retention/services.py::purge_plan_create`` stores its
answer as a plan that a named archivist must approve before ``purge_plan_execute`` may purge anything.
"""

from __future__ import annotations

import graphlib
from dataclasses import dataclass
from datetime import date

from skutan.retention.holdings import (
    Entries,
    EntryRows,
    Holdings,
    _deletion_order,
    _id_sets,
    entry_rows,
    holdings_below,
    holdings_collect,
    holdings_collect_many,
    holdings_count,
    holdings_entries,
)
from skutan.retention.rules import Outcome, PersonFacts, RetentionSettings, retention_decide, rules_load

LINKED_REASON = "Uppgifter om personen finns i en annan persons akt som bevaras (SoL 12 kap. 1 §)."


def birth_date_of(person) -> date | None:
    """The birth date recorded, or the one in the personnummer/samordningsnummer (day + 60)."""
    if person.birth_date:
        return person.birth_date
    digits = "".join(ch for ch in person.identity_number or "" if ch.isdigit())
    if len(digits) < 8 or person.identity_kind not in ("personnummer", "samordningsnummer"):
        return None
    day = int(digits[6:8])
    if day > 60:
        day -= 60
    try:
        return date(int(digits[:4]), int(digits[4:6]), day)
    except ValueError:
        return None


def person_facts(*, person, holdings: Holdings, entries: Entries | None = None,
                 known: KnownFacts | None = None) -> PersonFacts:
    """The facts the rules decide on. ``known`` (from ``KnownFacts.read``) answers from rows read once for
    many persons; without it, a few queries for this person."""
    from skutan.cases.models import Case, CaseType
    from skutan.retention.models import MarkKind, RetentionMark

    entries = entries or holdings_entries(holdings)
    if known is not None:
        placements = known.placements(holdings)
        marks = known.marks(person.pk, holdings)
        unit = known.unit_names.get(entries.last_unit_id, "")
        children_case = known.children_case(person.pk, holdings)
    else:
        from skutan.accounts.models import Unit
        from skutan.children.models import Intervention

        placements = tuple(
            Intervention.objects.filter(pk__in=holdings.get(Intervention, set()), kind__in=placement_kinds())
            .values_list("starts_on", flat=True)
        )
        marks = list(
            RetentionMark.objects.filter(
                pk__in=holdings.get(RetentionMark, set()), person_id=person.pk, withdrawn_at__isnull=True
            ).select_related("child")
        )
        unit = Unit.objects.filter(pk=entries.last_unit_id).values_list("name", flat=True).first() or ""
        children_case = Case.objects.filter(
            pk__in=holdings.get(Case, set()), person_id=person.pk, case_type=CaseType.CHILDREN
        ).exists()
    custody = tuple(
        birth_date_of(m.child or person) for m in marks if m.kind == MarkKind.CUSTODY_AGREEMENT
    )
    mark_days = [m.document_date for m in marks]
    last = max([d for d in (entries.last, *mark_days) if d] or [person.created_at.date()])
    return PersonFacts(
        person_id=person.pk,
        birth_date=birth_date_of(person),
        last_entry=last,
        last_entry_unit=unit,
        open_cases=len(entries.open_case_ids),
        placements=placements,
        paternity=any(m.kind == MarkKind.PATERNITY for m in marks),
        adoption=any(m.kind == MarkKind.ADOPTION for m in marks),
        custody_children_born=custody,
        children_case=children_case,
    )


def placement_kinds() -> list[str]:
    """The intervention kinds of the placement rule (HVB, familjehem), from the rule itself."""
    return rules_load()["placering_hvb_familjehem"].applies_to.split(":", 1)[1].split(",")


class KnownFacts:
    """What ``person_facts`` asks the database for each person, read once for a whole plan: the placements
    among the holdings, the persons' retention marks, the units' names and the children's cases. Each
    answer is the same, in the same order, as the per-person queries give (their models' ordering)."""

    def __init__(self, *, placements: list[tuple[int, date]], marks: list, unit_names: dict[int, str],
                 children_cases: dict[int, set[int]]) -> None:
        self._placements = placements  # (intervention pk, starts_on), in Intervention's ordering
        self._placement_pks = {pk for pk, _ in placements}
        self._marks: dict[int, list] = {}
        for mark in marks:  # in RetentionMark's ordering
            self._marks.setdefault(mark.person_id, []).append(mark)
        self.unit_names = unit_names
        self._children_cases = children_cases  # person id -> pks of their children's cases

    @staticmethod
    def read_shared() -> tuple[list, dict[int, str]]:
        """The rows every batch of a plan asks for alike: the standing retention marks and the units' names."""
        from skutan.accounts.models import Unit
        from skutan.retention.models import RetentionMark

        marks = list(RetentionMark.objects.filter(withdrawn_at__isnull=True).select_related("child"))
        return marks, dict(Unit.objects.values_list("pk", "name"))

    @classmethod
    def read(cls, *, union: Holdings, person_ids, shared: tuple[list, dict[int, str]] | None = None) -> KnownFacts:
        from skutan.cases.models import Case, CaseType
        from skutan.children.models import Intervention

        placements = []
        for chunk in _id_sets(union.get(Intervention, set())):
            placements += Intervention.objects.filter(pk__in=chunk, kind__in=placement_kinds()).values_list(
                "pk", "starts_on"
            )
        placements.sort(key=lambda row: (row[1], row[0]), reverse=True)  # Intervention's ordering, over chunks
        marks, unit_names = shared if shared is not None else cls.read_shared()
        wanted = set(person_ids)
        children_cases: dict[int, set[int]] = {}
        for chunk in _id_sets(wanted):
            for pk, person_id in Case.objects.filter(case_type=CaseType.CHILDREN, person_id__in=chunk).order_by(
            ).values_list("pk", "person_id"):
                children_cases.setdefault(person_id, set()).add(pk)
        return cls(
            placements=placements, marks=[m for m in marks if m.person_id in wanted],
            unit_names=unit_names, children_cases=children_cases,
        )

    def placements(self, holdings: Holdings) -> tuple[date, ...]:
        from skutan.children.models import Intervention

        held = holdings.get(Intervention)
        if not held or not self._placement_pks & held:
            return ()
        return tuple(starts for pk, starts in self._placements if pk in held)

    def marks(self, person_id: int, holdings: Holdings) -> list:
        from skutan.retention.models import RetentionMark

        held = holdings.get(RetentionMark, set())
        return [m for m in self._marks.get(person_id, ()) if m.pk in held]

    def children_case(self, person_id: int, holdings: Holdings) -> bool:
        from skutan.cases.models import Case

        cases = self._children_cases.get(person_id)
        return bool(cases and cases & holdings.get(Case, set()))


@dataclass
class PersonPlan:
    person_id: int
    outcome: Outcome
    record_count: int
    last_entry: date | None
    group: int = 0


def person_plan(
    *, person, year: int, as_of: date, settings: RetentionSettings, holdings: Holdings | None = None,
    rows: EntryRows | None = None, known: KnownFacts | None = None,
) -> tuple[PersonPlan, Holdings]:
    holdings = holdings if holdings is not None else holdings_collect(person_ids={person.pk})
    entries = holdings_entries(holdings, rows)
    facts = person_facts(person=person, holdings=holdings, entries=entries, known=known)
    outcome = retention_decide(facts=facts, year=year, as_of=as_of, settings=settings)
    base = rules_load()["personakt_5_ar"]
    if outcome.purge and entries.foreign:
        outcome = Outcome(False, base.code, "Bevaras: " + "; ".join(sorted(entries.foreign)) + ".")
    if outcome.purge:
        try:
            _deletion_order(holdings)
        except graphlib.CycleError:
            outcome = Outcome(False, base.code, "Bevaras: posterna hänvisar till varandra i en ring; gallra manuellt.")
    return (
        PersonPlan(person.pk, outcome, holdings_count(holdings), facts.last_entry),
        holdings,
    )


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


# Persons planned at a time. The walk keeps, per batch, every row of the batch's persons with its owners; for
# all persons at once that was more than 22 GB at Stockholm's size (15 M rows), and the kernel killed the run.
PLAN_BATCH = 5000
_PK_BITS = 40  # a row's key across models: the model's number above the primary key (ids below 2**40)


def _person_batches(persons, size: int):
    """``persons`` (or every person, by id) in lists of ``size``, read a batch at a time."""
    from skutan.people.models import Person

    if persons is not None:
        for i in range(0, len(persons), size):
            yield persons[i:i + size]
        return
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    for i in range(0, len(ids), size):
        part = ids[i:i + size]
        yield list(Person.objects.filter(pk__gte=part[0], pk__lte=part[-1]).order_by("pk"))


class _SharedRows:
    """Each batch's rows as (model and primary key, one owner) in NumPy arrays, so that a row held by persons
    in different batches joins their groups at the end: 12 bytes a row, where Python sets took hundreds."""

    def __init__(self) -> None:
        self._numbers: dict[type, int] = {}
        self._keys: list = []
        self._owners: list = []

    def add(self, model, owners: dict[int, int]) -> None:
        import numpy as np

        if not owners:
            return
        number = self._numbers.setdefault(model, len(self._numbers) + 1)
        pks = np.fromiter(owners.keys(), dtype=np.int64, count=len(owners))
        self._keys.append(pks | (number << _PK_BITS))
        self._owners.append(np.fromiter(owners.values(), dtype=np.int64, count=len(owners)))

    def links(self):
        """Pairs of persons, in different batches, whose holdings share a row."""
        import numpy as np

        if not self._keys:
            return
        keys, owners = np.concatenate(self._keys), np.concatenate(self._owners)
        self._keys, self._owners = [], []
        order = np.argsort(keys, kind="stable")
        keys, owners = keys[order], owners[order]
        for i in np.flatnonzero(keys[1:] == keys[:-1]):
            yield int(owners[i]), int(owners[i + 1])


def plan_compute(
    *, year: int, as_of: date, settings: RetentionSettings, persons=None, progress=None, batch: int = PLAN_BATCH
) -> list[PersonPlan]:
    """Every person's outcome; persons whose holdings share a row are one group, purged together or kept
    together (the first kept member keeps them all).

    The persons are planned ``batch`` at a time. A person's holdings do not depend on who else is in the batch,
    so the outcome is the same for any batch size; rows shared across batches are joined at the end."""
    from skutan.people.models import Person

    persons = list(persons) if persons is not None else None
    total = len(persons) if persons is not None else Person.objects.count()
    plans: dict[int, PersonPlan] = {}
    groups = _UnionFind()
    across = _SharedRows()
    shared = KnownFacts.read_shared()
    done = 0
    for part in _person_batches(persons, max(1, batch)):
        every = holdings_collect_many(person_ids={p.pk for p in part})
        union: Holdings = {}
        for held in every.values():
            for model, pks in held.items():
                union.setdefault(model, set()).update(pks)
        rows = entry_rows(union)
        known = KnownFacts.read(union=union, person_ids=every, shared=shared)
        owners: dict[type, dict[int, int]] = {}
        for person in part:
            plan, holdings = person_plan(
                person=person, year=year, as_of=as_of, settings=settings, holdings=every.pop(person.pk), rows=rows,
                known=known,
            )
            plans[person.pk] = plan
            groups.find(person.pk)
            for model, pks in holdings.items():
                first = owners.setdefault(model, {})
                for pk in pks:
                    owner = first.setdefault(pk, person.pk)
                    if owner != person.pk:
                        groups.union(owner, person.pk)
            done += 1
            if progress:
                progress(done, total)
        for model, first in owners.items():
            across.add(model, first)
        del every, union, rows, known, owners
    for a, b in across.links():
        groups.union(a, b)
    members: dict[int, list[int]] = {}
    for pid in plans:
        members.setdefault(groups.find(pid), []).append(pid)
    base = rules_load()["personakt_5_ar"]
    for number, (_, pids) in enumerate(sorted(members.items()), start=1):
        all_purged = all(plans[p].outcome.purge for p in pids)
        for p in pids:
            plan = plans[p]
            plan.group = number
            if plan.outcome.purge and not all_purged:
                plan.outcome = Outcome(False, base.code, LINKED_REASON)
    return list(plans.values())


UNIDENTIFIED_LINKED = "Bevaras: uppgifter i anmälan hör till en persons akt."


@dataclass
class ReportPlan:
    """An orosanmälan about a child who was never identified (no person, no case): no personakt holds it,
    so it is planned on its own under the five-year rule, counted from its last activity."""

    report_id: int
    outcome: Outcome
    record_count: int
    last_activity: date


def unidentified_report_plan(
    *, report_id: int, year: int, as_of: date, settings: RetentionSettings
) -> tuple[ReportPlan, Holdings]:
    from skutan.accounts.models import Unit
    from skutan.children.models import ChildReport

    report = ChildReport.objects.filter(pk=report_id, child__isnull=True, case__isnull=True).first()
    if report is None:
        return ReportPlan(report_id, Outcome(False, "personakt_5_ar", "Barnet är identifierat."), 0, as_of), {}
    holdings = holdings_below(model=ChildReport, pks={report.pk})
    entries = holdings_entries(holdings)
    last = entries.last or report.received_on
    unit = Unit.objects.filter(pk=entries.last_unit_id or report.unit_id).values_list("name", flat=True).first() or ""
    facts = PersonFacts(person_id=0, birth_date=None, last_entry=last, last_entry_unit=unit, children_case=True)
    outcome = retention_decide(facts=facts, year=year, as_of=as_of, settings=settings)
    if outcome.purge and (entries.foreign or refers_outside(holdings)):
        reason = "; ".join(sorted(entries.foreign)) if entries.foreign else UNIDENTIFIED_LINKED
        outcome = Outcome(False, outcome.rule_code, reason if reason.startswith("Bevaras") else f"Bevaras: {reason}.")
    return ReportPlan(report.pk, outcome, holdings_count(holdings), last), holdings


def refers_outside(holdings: Holdings) -> bool:
    """Does a row of ``holdings`` point at a person's row outside them (a row that is also in a personakt)?"""
    from skutan.retention.holdings import personal_models

    personal = personal_models()
    for model, pks in holdings.items():
        for f in model._meta.concrete_fields:
            if not (f.is_relation and f.related_model in personal) or f.related_model is model:
                continue
            inside = holdings.get(f.related_model, set())
            targets = set(
                model._base_manager.filter(pk__in=pks).exclude(**{f"{f.attname}__isnull": True})
                .values_list(f.attname, flat=True)
            )
            if targets - inside:
                return True
    return False


def unidentified_reports_plan(*, year: int, as_of: date, settings: RetentionSettings) -> list[ReportPlan]:
    """Every report whose child was never identified, purged or kept, and why."""
    from skutan.children.models import ChildReport

    ids = ChildReport.objects.filter(child__isnull=True, case__isnull=True).order_by("pk").values_list("pk", flat=True)
    return [
        unidentified_report_plan(report_id=pk, year=year, as_of=as_of, settings=settings)[0] for pk in ids
    ]
