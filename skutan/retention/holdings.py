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
from django.db import models
from django.utils import timezone

Holdings = dict[type[models.Model], set[int]]

# Records that refer to a case but belong to another file: the quality work (avvikelser, Lex Sarah) and the
# employer's record of threats against staff. They are not purged with the personakt; a person whose case
# they refer to is kept, with this reason, until they are handled in their own order.
FOREIGN_RECORDS = {
    "quality.deviation": "ett ärende har en avvikelse (kvalitetsarbetet) som hör till en annan akt",
    "staff.threatincident": "ett ärende har en registrerad hot- eller våldshändelse mot personal",
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


def holdings_keys(holdings: Holdings) -> set[tuple[str, int]]:
    return {(m._meta.label_lower, pk) for m, pks in holdings.items() for pk in pks}


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


def holdings_entries(holdings: Holdings) -> Entries:
    """The day of the latest entry anywhere in the holdings (any dated field of any row: conservative, so a
    planned follow-up or an intervention's end day counts too), and in which unit it was made."""
    from skutan.cases.models import Case, CaseStatus

    result = Entries()
    case_units = dict(
        Case.objects.filter(pk__in=holdings.get(Case, set())).values_list("pk", "unit_id")
    )
    result.open_case_ids = set(
        Case.objects.filter(pk__in=holdings.get(Case, set())).exclude(status=CaseStatus.CLOSED)
        .values_list("pk", flat=True)
    )
    for model, pks in holdings.items():
        label = model._meta.label_lower
        if label in FOREIGN_RECORDS:
            result.foreign.add(FOREIGN_RECORDS[label])
        if label in NOT_ENTRIES:
            continue
        dated = [f.attname for f in model._meta.concrete_fields if isinstance(f, (models.DateField,))]
        if not dated:
            continue
        names = {f.attname for f in model._meta.concrete_fields}
        unit_field = "unit_id" if "unit_id" in names else None
        case_field = "pk" if model is Case else ("case_id" if "case_id" in names else None)
        columns = [*dated, *(c for c in (unit_field, case_field) if c and c != "pk"), "pk"]
        for row in model._base_manager.filter(pk__in=pks).values(*columns):
            days = [d for d in (_day(row[c]) for c in dated) if d is not None]
            if not days:
                continue
            latest = max(days)
            if result.last is None or latest > result.last:
                result.last = latest
                unit_id = row.get(unit_field) if unit_field else None
                if unit_id is None and case_field:
                    unit_id = case_units.get(row[case_field])
                result.last_unit_id = unit_id
    return result


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


def holdings_delete(holdings: Holdings) -> dict[str, int]:
    """Delete every row of ``holdings``. Call only inside ``skutan.core.purge.purge_authorized``: the database
    refuses deletes of frozen and logged rows otherwise. Returns the rows deleted per table."""
    deleted: dict[str, int] = defaultdict(int)

    def count(result) -> None:
        for label, n in result[1].items():
            if n:
                deleted[apps.get_model(label)._meta.db_table] += n

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
