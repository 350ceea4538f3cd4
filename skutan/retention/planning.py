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
    entry_rows,
    holdings_below,
    holdings_collect,
    holdings_collect_many,
    holdings_count,
    holdings_entries,
    holdings_keys,
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


def person_facts(*, person, holdings: Holdings, entries: Entries | None = None) -> PersonFacts:
    from skutan.accounts.models import Unit
    from skutan.cases.models import Case, CaseType
    from skutan.children.models import Intervention
    from skutan.retention.models import MarkKind, RetentionMark

    entries = entries or holdings_entries(holdings)
    placement_kinds = rules_load()["placering_hvb_familjehem"].applies_to.split(":", 1)[1].split(",")
    placements = tuple(
        Intervention.objects.filter(pk__in=holdings.get(Intervention, set()), kind__in=placement_kinds)
        .values_list("starts_on", flat=True)
    )
    marks = list(
        RetentionMark.objects.filter(
            pk__in=holdings.get(RetentionMark, set()), person_id=person.pk, withdrawn_at__isnull=True
        ).select_related("child")
    )
    custody = tuple(
        birth_date_of(m.child or person) for m in marks if m.kind == MarkKind.CUSTODY_AGREEMENT
    )
    mark_days = [m.document_date for m in marks]
    last = max([d for d in (entries.last, *mark_days) if d] or [person.created_at.date()])
    unit = Unit.objects.filter(pk=entries.last_unit_id).values_list("name", flat=True).first() or ""
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
        children_case=Case.objects.filter(
            pk__in=holdings.get(Case, set()), person_id=person.pk, case_type=CaseType.CHILDREN
        ).exists(),
    )


@dataclass
class PersonPlan:
    person_id: int
    outcome: Outcome
    record_count: int
    last_entry: date | None
    group: int = 0


def person_plan(
    *, person, year: int, as_of: date, settings: RetentionSettings, holdings: Holdings | None = None,
    rows: EntryRows | None = None,
) -> tuple[PersonPlan, Holdings]:
    holdings = holdings if holdings is not None else holdings_collect(person_ids={person.pk})
    entries = holdings_entries(holdings, rows)
    facts = person_facts(person=person, holdings=holdings, entries=entries)
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


def plan_compute(
    *, year: int, as_of: date, settings: RetentionSettings, persons=None, progress=None
) -> list[PersonPlan]:
    """Every person's outcome; persons whose holdings share a row are one group, purged together or kept
    together (the first kept member keeps them all)."""
    from skutan.people.models import Person

    persons = list(persons if persons is not None else Person.objects.order_by("pk"))
    plans: dict[int, PersonPlan] = {}
    owners: dict[tuple[str, int], int] = {}
    groups = _UnionFind()
    every = holdings_collect_many(person_ids={p.pk for p in persons})
    union: Holdings = {}
    for held in every.values():
        for model, pks in held.items():
            union.setdefault(model, set()).update(pks)
    rows = entry_rows(union)
    for n, person in enumerate(persons, start=1):
        plan, holdings = person_plan(
            person=person, year=year, as_of=as_of, settings=settings, holdings=every[person.pk], rows=rows
        )
        plans[person.pk] = plan
        groups.find(person.pk)
        for key in holdings_keys(holdings):
            if key in owners:
                groups.union(owners[key], person.pk)
            else:
                owners[key] = person.pk
        if progress:
            progress(n, len(persons))
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
