"""The rule simulator: the array calculation against calculate(), on the same households, and the read.

in_memory(): households already in memory (the frozen requests of bench/households.py), an uplift of 2.5 %
and a cap, so every household is calculated twice. Reports
- the columns: turning the requests into arrays (done once when the households are read);
- the array recalculation (simulate_arrays) and the same by calculate() (simulate), in seconds and as a ratio.
A million households are the 100 000 distinct ones ten times over: their columns are built once and
repeated (HouseholdArrays.take), as the arrays do not care, and a million dicts would not fit beside seven
colleagues' work. Wall time and CPU time (time.process_time) are both reported: the machine is shared.

database_read(): N active EB cases with M decided months each; simulation_households() reads the latest
month of each (the database picks it, and takes the requests apart on PostgreSQL) into the columns. Call
bench.world.setup() first. The latest month is bulk-inserted; the older ones are copied from it in SQL.

figures() (make bench --only simulation) runs both on a fresh PostgreSQL database of its own,
skutan_bench_simulation.
"""

import os
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from bench.households import households as make_households
from bench.stats import summary

SCENARIO = {"uplift_percent": Decimal("2.5"), "cap": Decimal(15000)}


def _best_of(func, runs: int, cpu: list | None = None) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = func()
        times.append(time.perf_counter() - started)
        if cpu is not None:
            cpu.append(time.process_time() - started_cpu)
    return times, result


def in_memory(n: int = 100_000, *, pure: bool = True, runs: int = 3, distinct: int = 100_000) -> dict:
    import numpy as np

    from norm import load_bundled_tables
    from skutan.assistance.simulation import CurrentHouseholds, Household, Scenario, simulate, simulate_arrays

    tables = load_bundled_tables()
    scenario = Scenario(**SCENARIO)
    requests = make_households(min(n, distinct), seed=2026)
    distinct_households = [Household(str(i), requests[i], Decimal(0)) for i in range(len(requests))]
    columns_s, columns = _best_of(lambda: CurrentHouseholds.of(distinct_households), 1)
    if n == len(requests):
        current = columns
    else:
        rows = np.arange(n) % len(requests)
        current = CurrentHouseholds([str(i) for i in range(n)], columns.arrays.take(rows), Decimal(0),
                                    lambda wanted: [requests[i % len(requests)] for i in wanted])
    cpu: list[float] = []
    array_s, result = _best_of(lambda: simulate_arrays(current, tables, scenario), runs, cpu)
    figures = {
        "households": n,
        "distinct_households": len(requests),
        "columns_s": columns_s[0],
        "arrays_s": summary(array_s),
        "arrays_runs": array_s,
        "arrays_cpu_s": summary(cpu),
        "arrays_with_columns_s": columns_s[0] + summary(array_s)["median"],
        "change_total_kr": str(result.change_total),
        "load_average": os.getloadavg(),
    }
    if pure:
        households = [Household(str(i), requests[i % len(requests)], Decimal(0)) for i in range(n)]
        pure_s, reference = _best_of(lambda: simulate(households, tables, scenario), 1)
        assert reference.change_total == result.change_total and reference.failed == result.failed
        figures["pure_s"] = pure_s[0]
        figures["ratio_pure_to_arrays"] = pure_s[0] / summary(array_s)["median"]
        figures["ratio_pure_to_arrays_with_columns"] = pure_s[0] / figures["arrays_with_columns_s"]
    return figures


def database_read(n: int = 100_000, months: int = 2, runs: int = 3) -> dict:
    """N active cases with ``months`` decided months each; read the latest of each, as the page does."""
    from django.db import connection
    from django.utils import timezone

    from bench.world import World
    from skutan.assistance.models import Application, ApplicationStatus, Decision
    from skutan.assistance.simulation import read_only_transaction, simulation_households

    world = World(f"sim{n}")
    _, cases = world.persons_and_cases(n)
    requests = make_households(min(n, 20_000), seed=n)
    decided_at = timezone.now() - timedelta(days=40)
    latest = date(2025, 5, 1)
    applications = Application.objects.bulk_create(
        [Application(case=c, month=latest, status=ApplicationStatus.DECIDED, created_by=world.worker) for c in cases],
        batch_size=5000,
    )
    Decision.objects.bulk_create(
        [Decision(case=c, application=a, month=latest, outcome="granted", amount=Decimal(1000 + i % 9000),
                  payee=c.person, decided_by=world.manager, decided_at=decided_at, reasons="Bänk",
                  legal_basis="SoL", calculation={}, inputs={**requests[i % len(requests)], "month": f"{latest:%Y-%m}"})
         for i, (c, a) in enumerate(zip(cases, applications, strict=True))],
        batch_size=5000,
    )
    # The older months: copies of the latest in SQL (one INSERT … SELECT each), so setting up is quick.
    case_ids = [c.pk for c in cases]
    def columns(model, replaced: dict[str, str]) -> tuple[str, str]:
        names = [f.column for f in model._meta.concrete_fields if f.column != "id"]
        return ", ".join(names), ", ".join(replaced.get(name, f"x.{name}") for name in names)

    with connection.cursor() as cursor:
        for k in range(1, months):
            month = date(2025, 5 - k, 1)
            into, select = columns(Application, {"month": "%(month)s"})
            cursor.execute(f"INSERT INTO assistance_application ({into}) SELECT {select} FROM assistance_application x"
                           " WHERE x.month = %(latest)s AND x.case_id = ANY(%(cases)s)",
                           {"month": month, "latest": latest, "cases": case_ids})
            into, select = columns(Decision, {
                "month": "%(month)s", "application_id": "a.id", "decided_at": "x.decided_at - %(days)s * interval '1 day'",
                "inputs": "x.inputs || jsonb_build_object('month', %(month_text)s::text)",
            })
            cursor.execute(f"INSERT INTO assistance_decision ({into}) SELECT {select} FROM assistance_decision x"
                           " JOIN assistance_application a ON a.case_id = x.case_id AND a.month = %(month)s"
                           " WHERE x.month = %(latest)s AND x.case_id = ANY(%(cases)s)",
                           {"month": month, "latest": latest, "cases": case_ids, "days": 31 * k,
                            "month_text": f"{month:%Y-%m}"})
        cursor.execute("ANALYZE assistance_decision")
    # The simulator's columns, as decision_make writes them with each decision (bulk_create bypasses it).
    from skutan.assistance.simulation_store import simulation_inputs_backfill

    simulation_inputs_backfill()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE assistance_decisionsimulationinput")

    def read():
        with read_only_transaction():
            return simulation_households(unit_ids=[world.unit.pk])

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    backend_before = _process_cpu(backend)
    cpu: list[float] = []
    times, current = _best_of(read, runs, cpu)
    assert current.size == n
    backend_after = _process_cpu(backend)
    postgres_cpu = None if backend_before is None or backend_after is None else (backend_after - backend_before) / runs
    return {"households": n, "decisions": n * months, "read_s": summary(times), "read_runs": times,
            "read_cpu_s": summary(cpu), "postgres_cpu_s": postgres_cpu,
            "load_average": os.getloadavg()}


def _process_cpu(pid: int) -> float | None:
    """CPU seconds of a local process (the PostgreSQL backend), or None when it cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


DJANGO = "own"  # a fresh PostgreSQL database of its own: skutan_bench_simulation, rebuilt every run


def figures(ctx: dict) -> list:
    from bench import data
    from bench.figures import median_figure

    runs = max(1, ctx["runs"])
    out = []
    hundred = in_memory(100_000, runs=runs)
    out.append(median_figure(
        "simulator_100k_s", hundred["arrays_runs"], "s",
        data={"households": hundred["households"], "scenario": "uppräkning 2,5 % och tak 15 000 kr"},
        note=f"CPU {hundred['arrays_cpu_s']['median']:.2f} s; kolumnerna {hundred['columns_s']:.1f} s (en gång); "
             f"calculate() {hundred['pure_s']:.1f} s, {hundred['ratio_pure_to_arrays']:.0f} gånger långsammare",
    ))
    million = in_memory(1_000_000, pure=False, runs=runs)
    out.append(median_figure(
        "simulator_1m_s", million["arrays_runs"], "s",
        data={"households": million["households"], "distinct_households": million["distinct_households"]},
        note=f"CPU {million['arrays_cpu_s']['median']:.2f} s; last {million['load_average'][0]:.1f}",
    ))
    url = data.database_url("simulation")
    data._recreate(url)
    from bench import world

    world.setup(url)
    read = database_read(100_000, months=2, runs=runs)
    out.append(median_figure(
        "simulator_read_100k_s", read["read_runs"], "s",
        data={"households": read["households"], "decisions": read["decisions"], "database": "PostgreSQL"},
        note=f"CPU: Python {read['read_cpu_s']['median']:.2f} s, PostgreSQL "
             + (f"{read['postgres_cpu_s']:.2f} s" if read["postgres_cpu_s"] is not None else "okänd")
             + f" per läsning; last {read['load_average'][0]:.1f}",
    ))
    return out
