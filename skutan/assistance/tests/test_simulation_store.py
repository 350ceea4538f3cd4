"""The simulator's columns are stored with each decision by the service that writes it (simulation_store.py)."""

from datetime import date

from skutan.assistance.models import DecisionSimulationInput
from skutan.assistance.services import application_create, decision_make
from skutan.assistance.simulation import read_only_transaction, simulation_households
from skutan.assistance.simulation_arrays import households_to_arrays
from skutan.assistance.simulation_store import decision_simulation_input_record, simulation_inputs_backfill

from .conftest import MONTH, costs_incomes
from .test_simulation_read import _features


def _decide(case, staff, month, rent):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=case, month=month), rent=rent)
    return decision_make(actor=staff["eb_manager"], application=application, outcome="granted", reasons="Styrkt.")


def _read():
    with read_only_transaction():
        return simulation_households(unit_ids=None)


def test_a_decision_written_by_the_service_gets_its_columns_and_a_newer_month_replaces_it(family_case, staff,
                                                                                          delegations):
    first = _decide(family_case, staff, MONTH, "8200")
    columns = DecisionSimulationInput.objects.get(decision=first)
    assert not columns.slow and columns.costs == 820000 and columns.members == 2 and columns.children
    current = _read()
    assert current.keys == [str(first.pk)]
    assert _features(current.arrays, 0) == _features(households_to_arrays([first.inputs]), 0)

    later = _decide(family_case, staff, date(2025, 6, 1), "9100")
    current = _read()
    assert current.keys == [str(later.pk)]
    assert int(current.arrays.costs[0]) == 910000
    assert _features(current.arrays, 0) == _features(households_to_arrays([later.inputs]), 0)


def test_recording_again_replaces_the_columns_and_the_backfill_fills_the_missing(family_case, staff, delegations):
    decision = _decide(family_case, staff, MONTH, "8200")
    DecisionSimulationInput.objects.filter(decision=decision).update(costs=1)
    assert int(_read().arrays.costs[0]) == 1  # the simulator reads the stored columns, not the JSON
    decision_simulation_input_record(decision=decision)
    assert int(_read().arrays.costs[0]) == 820000
    DecisionSimulationInput.objects.all().delete()
    assert int(_read().arrays.costs[0]) == 820000  # without columns: the old read
    assert simulation_inputs_backfill() == 1 and simulation_inputs_backfill() == 0
    assert DecisionSimulationInput.objects.get(decision=decision).costs == 820000
