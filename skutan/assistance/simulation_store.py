"""The simulator's columns of a decision, stored beside it (DecisionSimulationInput) when it is written.

The columns are those households_to_arrays() gives the decision's frozen request (Decision.inputs), so the
simulator's read (simulation_read.stored_columns) is a scan of plain numbers. A request calculate() must
decide is stored as ``slow``: the simulator reads its JSON. Decisions written before the table existed have
no row and are read the old way (the jsonb query); ``skutan simulation_inputs_backfill`` fills them in.

The children are stored as riksnorm key names (child_lunch_0_3 …), not indexes, so a reordering of the keys
in norm/ cannot misread them; a change of the age bands means running the backfill with --refill.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from skutan.assistance.simulation_arrays import KEYS, households_to_arrays


def simulation_input_rows(decisions: Sequence[tuple[int, Any]], model=None) -> list:
    """Unsaved DecisionSimulationInput rows for (decision id, inputs) pairs. ``model``: a historical model in
    a migration; the generator bulk-inserts these rows beside its decisions (bulk_create)."""
    if model is None:
        from skutan.assistance.models import DecisionSimulationInput as model
    arrays = households_to_arrays([inputs for _pk, inputs in decisions])
    children: list[list[str]] = [[] for _ in decisions]
    for row, key in zip(arrays.child_household.tolist(), arrays.child_key.tolist(), strict=True):
        children[row].append(KEYS[key])
    salaries: list[list[tuple[int, bool]]] = [[] for _ in decisions]
    for row, amount, is_child in zip(arrays.salary_household.tolist(), arrays.salary_amount.tolist(),
                                     arrays.salary_child.tolist(), strict=True):
        salaries[row].append((amount, is_child))
    out = []
    for row, (pk, _inputs) in enumerate(decisions):
        if arrays.slow[row]:
            out.append(model(decision_id=pk, slow=True))
            continue
        year, month = arrays.months[int(arrays.month[row])]
        out.append(model(
            decision_id=pk, slow=False, month_index=year * 12 + month - 1, adults=int(arrays.adults[row]),
            members=int(arrays.members[row]), cohabiting=bool(arrays.cohabiting[row]), shared=int(arrays.shared[row]),
            costs=int(arrays.costs[row]), incomes=int(arrays.incomes[row]),
            consecutive=int(arrays.consecutive[row]), job_used=int(arrays.job_used[row]),
            children=",".join(children[row]), salaries=",".join(str(a) for a, _c in salaries[row]),
            salary_child=",".join("1" if c else "0" for _a, c in salaries[row]),
        ))
    return out


def decision_simulation_input_record(*, decision) -> None:
    """Store (or replace) the simulator's columns of a decision; called by the service that writes it, in its
    transaction."""
    from skutan.assistance.models import DecisionSimulationInput

    DecisionSimulationInput.objects.filter(decision_id=decision.pk).delete()
    DecisionSimulationInput.objects.bulk_create(simulation_input_rows([(decision.pk, decision.inputs)]))


def simulation_inputs_backfill(*, refill: bool = False, batch: int = 5000, decision_model=None, model=None) -> int:
    """Fill in the columns of the decisions that have none (every decision with ``refill``); the number filled.
    The models may be a migration's historical ones."""
    from django.db import transaction

    if model is None:
        from skutan.assistance.models import Decision, DecisionSimulationInput

        decision_model, model = Decision, DecisionSimulationInput
    filled = 0
    with transaction.atomic():
        if refill:
            model.objects.all().delete()
        missing = decision_model.objects.filter(simulation_input__isnull=True).order_by("id")
        ids = list(missing.values_list("id", flat=True))
        for start in range(0, len(ids), batch):
            pairs = list(decision_model.objects.filter(id__in=ids[start:start + batch]).values_list("id", "inputs"))
            model.objects.bulk_create(simulation_input_rows(pairs, model), batch_size=batch)
            filled += len(pairs)
    return filled

