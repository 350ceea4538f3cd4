"""The rule simulator: the array calculation against calculate(), on the same households, and the read.

in_memory(): households already in memory (the frozen requests of bench/households.py), an uplift of 2.5 %
and a cap, so every household is calculated twice. Reports
- the columns: turning the requests into arrays (done once when the households are read);
- the array recalculation (simulate_arrays) and the same by calculate() (simulate), in seconds and as a ratio.
A million households are the 100 000 distinct ones ten times over (the arrays do not care, and ten million
dicts would not fit beside seven colleagues' work).

database_read(): N active EB cases with M decided months each; simulation_households() reads the latest
month of each (the database picks it) and builds the columns. Call django_bench.setup() first.
"""

import time
from datetime import date, timedelta
from decimal import Decimal

from bench.households import households as make_households
from bench.stats import summary

SCENARIO = {"uplift_percent": Decimal("2.5"), "cap": Decimal(15000)}


def _best_of(func, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return times, result


def in_memory(n: int = 100_000, *, pure: bool = True, runs: int = 3, distinct: int = 100_000) -> dict:
    from norm import load_bundled_tables
    from skutan.assistance.simulation import CurrentHouseholds, Household, Scenario, simulate, simulate_arrays

    tables = load_bundled_tables()
    scenario = Scenario(**SCENARIO)
    requests = make_households(min(n, distinct), seed=2026)
    households = [Household(str(i), requests[i % len(requests)], Decimal(0)) for i in range(n)]
    columns_s, current = _best_of(lambda: CurrentHouseholds.of(households), 1)
    array_s, result = _best_of(lambda: simulate_arrays(current, tables, scenario), runs)
    figures = {
        "households": n,
        "distinct_households": len(requests),
        "columns_s": columns_s[0],
        "arrays_s": summary(array_s),
        "arrays_with_columns_s": columns_s[0] + summary(array_s)["median"],
        "change_total_kr": str(result.change_total),
    }
    if pure:
        pure_s, reference = _best_of(lambda: simulate(households, tables, scenario), 1)
        assert reference.change_total == result.change_total and reference.failed == result.failed
        figures["pure_s"] = pure_s[0]
        figures["ratio_pure_to_arrays"] = pure_s[0] / summary(array_s)["median"]
        figures["ratio_pure_to_arrays_with_columns"] = pure_s[0] / figures["arrays_with_columns_s"]
    return figures


def database_read(n: int = 100_000, months: int = 2, runs: int = 3) -> dict:
    """N active cases with ``months`` decided months each; read the latest of each, as the page does."""
    from django.utils import timezone

    from bench.django_bench import World
    from skutan.assistance.models import Application, ApplicationStatus, Decision
    from skutan.assistance.simulation import read_only_transaction, simulation_households

    world = World(f"sim{n}")
    _, cases = world.persons_and_cases(n)
    requests = make_households(min(n, 20_000), seed=n)
    decided_at = timezone.now() - timedelta(days=40)
    for k in range(months):
        month = date(2025, 5 - (months - 1 - k), 1)
        applications = Application.objects.bulk_create(
            [Application(case=c, month=month, status=ApplicationStatus.DECIDED, created_by=world.worker) for c in cases],
            batch_size=5000,
        )
        Decision.objects.bulk_create(
            [Decision(case=c, application=a, month=month, outcome="granted", amount=Decimal(1000 + i % 9000),
                      payee=c.person, decided_by=world.manager, decided_at=decided_at + timedelta(days=k), reasons="Bänk",
                      legal_basis="SoL", calculation={}, inputs={**requests[i % len(requests)], "month": f"{month:%Y-%m}"})
             for i, (c, a) in enumerate(zip(cases, applications, strict=True))],
            batch_size=5000,
        )

    def read():
        with read_only_transaction():
            return simulation_households(unit_ids=[world.unit.pk])

    times, current = _best_of(read, runs)
    assert len(current.households) == n
    return {"households": n, "decisions": n * months, "read_s": summary(times)}
