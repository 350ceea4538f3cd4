"""What Skutan holds about a person, found from the data model itself, and how it is deleted.

A person's holdings are every row that refers to them, directly or through other rows: the person, their
cases, everything under the cases (journal, decisions, reports, investigations, interventions, payments, case
history…) and every row elsewhere that names them (a guardian link, a co-applicant line, a payment to them).
They are found by following the foreign keys backwards from the person (``holdings_collect``), so a new app's
model that refers to a person or a case is included without being listed here. The lists below are the few
exceptions, each with its reason.

Two persons whose holdings share a row (a child and the guardian named in the child's file) are purged
together or not at all: the shared row is "other data on the person" (SoL 12 kap. 1 §).
"""

from __future__ import annotations

import graphlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

Holdings = dict[type[models.Model], set[int]]

# Records that refer to a case or a person but belong to another file: the quality work (avvikelser, Lex
# Sarah), the employer's record of threats against staff, the foster-home register. They are not purged with the personakt; a person whose case
# they refer to is kept, with this reason, until they are handled in their own order.
FOREIGN_RECORDS = {
    "quality.deviation": "ett ärende har en avvikelse (kvalitetsarbetet) som hör till en annan akt",
    "staff.threatincident": "ett ärende har en registrerad hot- eller våldshändelse mot personal",
    # the register of foster homes is the nämnd's record of the home, not the member's personakt
    "children.fosterhomemember": "personen ingår i ett familjehem i familjehemsregistret",
}

# Rows that are bookkeeping about the person, not entries in the personakt: they are deleted with the person
# but their dates are not "entries" (a plan, an extract, a request does not restart the five years).
NOT_ENTRIES = {
    "people.person", "retention.purgeplanitem", "retention.registerextract", "retention.datasubjectrequest",
    "retention.retentionmark",
}


@cache
def personal_models() -> frozenset[type[models.Model]]:
    """Every model that refers to a person, directly or through other such models."""
    person = apps.get_model("people", "Person")
    found = {person}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in found:
                continue
            for f in model._meta.concrete_fields:
                if f.is_relation and f.related_model in found:
                    found.add(model)
                    changed = True
                    break
    return frozenset(found)


def _reverse_relations(model: type[models.Model]) -> list[models.ForeignKey]:
    """The foreign keys (and one-to-ones) of other models that point at ``model``."""
    return [
        rel.field for rel in model._meta.get_fields(include_hidden=True)
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)
        and not rel.related_model._meta.auto_created
    ]


def holdings_collect(*, person_ids: set[int]) -> Holdings:
    """Every row about these persons: the rows that refer to them, and the rows that refer to those."""
    return holdings_below(model=apps.get_model("people", "Person"), pks=set(person_ids))


def holdings_below(*, model: type[models.Model], pks: set[int]) -> Holdings:
    """These rows and every row that refers to them, directly or through other rows."""
    held: Holdings = defaultdict(set)
    queue: list[tuple[type[models.Model], set[int]]] = [(model, set(pks))]
    while queue:
        model, pks = queue.pop()
        new = pks - held[model]
        if not new:
            continue
        held[model] |= new
        if model._meta.label_lower in FOREIGN_RECORDS:
            continue  # found, so the person is kept; never walked into
        for fk in _reverse_relations(model):
            rows = set(fk.model._base_manager.filter(**{f"{fk.attname}__in": new}).values_list("pk", flat=True))
            if rows:
                queue.append((fk.model, rows))
    return {m: pks for m, pks in held.items() if pks}


def holdings_count(holdings: Holdings) -> int:
    return sum(len(pks) for pks in holdings.values())


@dataclass
class Entries:
    last: date | None = None
    last_unit_id: int | None = None
    open_case_ids: set[int] = field(default_factory=set)
    foreign: set[str] = field(default_factory=set)


def _day(value) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    return None


def _day_in(zone):
    """``_day`` with the current time zone looked up once (millions of values at a city's size)."""
    datetime_, date_ = datetime, date

    def day(value) -> date | None:
        cls = value.__class__
        if cls is datetime_:
            if value.tzinfo is None or value.utcoffset() is None:
                return value.date()
            return value.astimezone(zone).date()
        if cls is date_:
            return value
        return _day(value)

    return day


@dataclass
class EntryRows:
    """Per row of some holdings: its latest date and the unit it was written in (for many persons at once)."""

    latest: dict[type[models.Model], dict[int, tuple[date, int | None]]] = field(default_factory=dict)
    open_cases: set[int] = field(default_factory=set)


CHUNK = 2000


def _chunks(pks) -> list[list[int]]:
    items = sorted(pks)
    return [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]


def _id_sets(pks) -> list:
    """The values for ``…__in`` lookups over ``pks``: on PostgreSQL one array parameter for all of them
    (``IN (SELECT unnest(%s))``), elsewhere lists of ``CHUNK``. A list of 2 000 placeholders is compiled by
    Django and split by psycopg anew for every query; at Karlstad's size that was most of the plan's time."""
    if connection.vendor == "postgresql":
        # the array as its text form: psycopg's client-side adaptation of a list is Python, value by value
        return [RawSQL("SELECT unnest(%s::bigint[])", ["{" + ",".join(map(str, sorted(pks))) + "}"])] if pks else []
    return _chunks(pks)


def entry_rows(holdings: Holdings) -> EntryRows:
    """Read the dated fields of every row of ``holdings``, a few queries per model."""
    from skutan.cases.models import Case, CaseStatus

    result = EntryRows()
    day_of = _day_in(timezone.get_current_timezone())
    case_units: dict[int, int] = {}
    for chunk in _id_sets(holdings.get(Case, set())):
        for pk, unit_id, status in Case.objects.filter(pk__in=chunk).order_by().values_list("pk", "unit_id", "status"):
            case_units[pk] = unit_id
            if status != CaseStatus.CLOSED:
                result.open_cases.add(pk)
    for model, pks in holdings.items():
        if model._meta.label_lower in NOT_ENTRIES:
            continue
        dated = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.DateField)]
        if not dated:
            continue
        names = {f.attname for f in model._meta.concrete_fields}
        unit_field = "unit_id" if "unit_id" in names else None
        case_field = "case_id" if "case_id" in names else None
        columns = [*dated, *(c for c in (unit_field, case_field) if c), "pk"]
        rows = result.latest.setdefault(model, {})
        n_dated = len(dated)
        unit_at = n_dated if unit_field else None
        case_at = n_dated + (1 if unit_field else 0) if case_field else None
        for chunk in _id_sets(pks):
            for row in model._base_manager.filter(pk__in=chunk).order_by().values_list(*columns):
                days = [d for d in map(day_of, row[:n_dated]) if d is not None]
                if not days:
                    continue
                pk = row[-1]
                unit_id = row[unit_at] if unit_at is not None else None
                if unit_id is None:
                    unit_id = case_units.get(pk if model is Case else (row[case_at] if case_at is not None else None))
                rows[pk] = (max(days), unit_id)
    return result


def holdings_entries(holdings: Holdings, rows: EntryRows | None = None) -> Entries:
    """The day of the latest entry anywhere in the holdings (any dated field of any row: conservative, so a
    planned follow-up or an intervention's end day counts too), and in which unit it was made (on a tie, the
    unit of lowest id)."""
    from skutan.cases.models import Case

    rows = rows or entry_rows(holdings)
    result = Entries(open_case_ids=rows.open_cases & holdings.get(Case, set()))
    for model, pks in holdings.items():
        label = model._meta.label_lower
        if label in FOREIGN_RECORDS:
            result.foreign.add(FOREIGN_RECORDS[label])
        latest = rows.latest.get(model)
        if not latest:
            continue
        for pk in pks:
            found = latest.get(pk)
            if found and (result.last is None or found[0] > result.last
                          or (found[0] == result.last and _unit_first(found[1], result.last_unit_id))):
                result.last, result.last_unit_id = found
    return result


def _unit_first(unit_id: int | None, other: int | None) -> bool:
    """Two rows of the same latest day: a row made in a unit is named before one without, and of two units the
    lower id, so the answer does not depend on the order the rows were read in (it did: set order)."""
    return unit_id is not None and (other is None or unit_id < other)


def holdings_collect_many(*, person_ids: set[int]) -> dict[int, Holdings]:
    """``holdings_collect`` for many persons at once: one walk, each row tagged with the persons it is about."""
    person = apps.get_model("people", "Person")
    owners: dict[type[models.Model], dict[int, set[int]]] = defaultdict(dict)
    frontier: dict[type[models.Model], dict[int, set[int]]] = {person: {pid: {pid} for pid in person_ids}}
    while frontier:
        following: dict[type[models.Model], dict[int, set[int]]] = defaultdict(dict)
        for model, rows in frontier.items():
            known = owners[model]
            fresh: dict[int, set[int]] = {}
            for pk, who in rows.items():
                new = who - known.get(pk, set())
                if new:
                    known.setdefault(pk, set()).update(new)
                    fresh[pk] = new
            if not fresh or model._meta.label_lower in FOREIGN_RECORDS:
                continue
            for fk in _reverse_relations(model):
                for chunk in _id_sets(fresh):
                    pairs = (fk.model._base_manager.filter(**{f"{fk.attname}__in": chunk}).order_by()
                             .values_list("pk", fk.attname))
                    for child, parent in pairs:
                        following[fk.model].setdefault(child, set()).update(fresh[parent])
        frontier = {m: r for m, r in following.items() if r}
    result: dict[int, Holdings] = {pid: defaultdict(set) for pid in person_ids}
    for model, rows in owners.items():
        for pk, who in rows.items():
            for pid in who:
                result[pid][model].add(pk)
    return {pid: dict(h) for pid, h in result.items()}


def _deletion_order(holdings: Holdings) -> list[type[models.Model]]:
    """Models in an order where every row is deleted before the rows it refers to."""
    sorter = graphlib.TopologicalSorter()
    for model in holdings:
        sorter.add(model)
        for fk in _reverse_relations(model):
            if fk.model in holdings and fk.model is not model:
                sorter.add(model, fk.model)  # rows of fk.model refer to model: delete them first
    return list(sorter.static_order())


def _self_referential(model: type[models.Model]) -> bool:
    return any(f.is_relation and f.related_model is model for f in model._meta.concrete_fields)


def _files_delete_on_commit(holdings: Holdings) -> None:
    """The stored files of the rows (an uploaded document's content in Django storage) go too, once the rows'
    deletion is committed: a rolled-back purge keeps its files. A file already gone is no error."""
    files = []
    for model, pks in holdings.items():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for f in fields:
            for chunk in _chunks(pks):
                for name in model._base_manager.filter(pk__in=chunk).exclude(**{f.attname: ""}).values_list(
                    f.attname, flat=True
                ):
                    files.append((f.storage, name))

    def delete() -> None:
        for storage, name in files:
            storage.delete(name)

    if files:
        transaction.on_commit(delete, robust=True)


def holdings_delete(holdings: Holdings) -> dict[str, int]:
    """Delete every row of ``holdings``. Call only inside ``skutan.core.purge.purge_authorized``: the database
    refuses deletes of frozen and logged rows otherwise. Returns the rows deleted per table."""
    deleted: dict[str, int] = defaultdict(int)

    def count(result) -> None:
        for label, n in result[1].items():
            if n:
                deleted[apps.get_model(label)._meta.db_table] += n

    _files_delete_on_commit(holdings)
    for model in _deletion_order(holdings):
        pks = holdings[model]
        if _self_referential(model):
            # A correction refers to the entry it corrects, a renewal to the application before it: both
            # newer rows, so the newest goes first.
            for pk in sorted(pks, reverse=True):
                count(model._base_manager.filter(pk=pk).delete())
        else:
            count(model._base_manager.filter(pk__in=pks).delete())
    return dict(deleted)
